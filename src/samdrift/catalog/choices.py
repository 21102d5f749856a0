from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.TextChoices):
    """ISO weekday numbers as stored in ``CalendarYear.workdays``."""

    MONDAY = "1", _("Monday")
    TUESDAY = "2", _("Tuesday")
    WEDNESDAY = "3", _("Wednesday")
    THURSDAY = "4", _("Thursday")
    FRIDAY = "5", _("Friday")
    SATURDAY = "6", _("Saturday")
    SUNDAY = "7", _("Sunday")


class ServiceLevel(models.TextChoices):
    BUSINESS = "business", _("Business service")
    IT = "it", _("IT service")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure service")


class ServiceState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class MeasurementPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class DisruptionKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNPLANNED = "unplanned", _("Unplanned")


class DisruptionImpact(models.TextChoices):
    """An outage counts against availability; degraded service is reported but does not."""

    OUTAGE = "outage", _("Outage")
    DEGRADED = "degraded", _("Degraded service")


class PriceModel(models.TextChoices):
    """What a price is per. The annual amount is the price times the quantity it counts."""

    FIXED = "fixed", _("Fixed per year")
    PER_USER = "per_user", _("Per user account and year")
    PER_DEVICE = "per_device", _("Per device and year")
    PER_INHABITANT = "per_inhabitant", _("Per inhabitant and year")
    PER_UNIT = "per_unit", _("Per unit and year (e.g. a licence)")
    PER_HOUR = "per_hour", _("Per hour")


class OrderFieldKind(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("One of a list")
    CHECKBOX = "checkbox", _("Yes or no")
