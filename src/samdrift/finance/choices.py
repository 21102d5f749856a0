from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountGroup(models.TextChoices):
    """The account groups of the committee's follow-up (Kommun-Bas), in their order.

    Costs are positive and income negative, so the groups sum to Nettokostnad."""

    INCOME = "1", _("Income")
    STAFF = "3", _("Staff costs")
    PREMISES = "4", _("Premises costs")
    OTHER = "5", _("Other costs")
    CAPITAL = "6", _("Capital costs")


class KeyType(models.TextChoices):
    """What an allocation key counts per member."""

    EQUAL = "equal", _("Equal shares")
    POPULATION = "population", _("Population")
    EMPLOYEES = "employees", _("Employees")
    TICKETS = "tickets", _("Tickets")
    BILLABLE_HOURS = "billable_hours", _("Billable hours")
    DEVICES = "devices", _("Devices (reported)")
    ACCOUNTS = "accounts", _("User accounts (reported)")
    SUBSCRIPTIONS = "subscriptions", _("Subscriptions × price list")


class ApprovalState(models.TextChoices):
    """A forecast's approval, set only by a decision of the committee (governance)."""

    NOT_APPROVED = "not_approved", _("Not approved")
    APPROVED = "approved", _("Approved by decision")


class ReportedKind(models.TextChoices):
    DEVICES = "devices", _("Devices")
    ACCOUNTS = "accounts", _("User accounts")


class Basis(models.TextChoices):
    """Which figures a run shares."""

    BUDGET = "budget", _("Budget")
    FORECAST = "forecast", _("Forecast")
    OUTCOME = "outcome", _("Outcome")


class RunState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    ISSUED = "issued", _("Issued")
