from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    """What the service-desk statistics are broken down by (besides the month)."""

    MEMBER = "member", _("Member")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit")
    SERVICE = "service", _("Service")
    CATEGORY = "category", _("Category")
    PRIORITY = "priority", _("Priority")


class StatKind(models.TextChoices):
    """The rollup stores each ticket once per kind; member and department are key columns."""

    UNIT = "unit", _("Unit")
    SERVICE = "service", _("Service")
    CATEGORY = "category", _("Category")
    PRIORITY = "priority", _("Priority")


class Measure(models.TextChoices):
    """How a goal's actual value is found: computed by Samdrift, or entered by hand."""

    P1_RESOLUTION = "p1_resolution", _("Priority 1 tickets resolved within the SLA (%)")
    SLA_COMPLIANCE = "sla_compliance", _("Tickets resolved within the SLA (%)")
    AVAILABILITY = "availability", _("Availability of the service (%)")
    SATISFACTION = "satisfaction", _("Satisfaction with resolved tickets (average 1–5)")
    COST_PER_INHABITANT = "cost_per_inhabitant", _("Cost per inhabitant (kr)")
    BACKLOG = "backlog", _("Open tickets at the end of the year")
    FIRST_CONTACT = "first_contact", _("First-contact resolution (%)")
    MANUAL = "manual", _("Entered by hand")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class GoalStatus(models.TextChoices):
    MET = "met", _("Met")
    NEAR = "near", _("Close to the target")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("No value yet")


class BenefitKind(models.TextChoices):
    """What a benefit (nytta) is measured in."""

    SAVINGS = "savings", _("Savings (kr)")
    HOURS = "hours", _("Time saved (hours)")
    QUALITY = "quality", _("Quality")


class SurveyKind(models.TextChoices):
    """What a survey measures. Only satisfaction surveys feed the satisfaction KPI."""

    SATISFACTION = "satisfaction", _("Satisfaction")
    HEALTH = "health", _("Collaboration health")
    OTHER = "other", _("Other")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


class HealthFactor(models.TextChoices):
    """Seed 004's key factors for a lasting collaboration, between the organisations."""

    SHARED_GOAL = "shared_goal", _("A shared picture of problems and goals")
    CITIZEN_SERVICE = "citizen_service", _("The best possible service to citizens")
    SHARED_LEADERSHIP = "shared_leadership", _("Taking turns to lead")
    COST_SHARING = "cost_sharing", _("A recognised and known cost sharing")
    LONG_TERM_BENEFIT = "long_term_benefit", _("A long-term view of benefits")
