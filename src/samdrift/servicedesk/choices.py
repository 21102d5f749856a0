from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketType(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")
    QUESTION = "question", _("Question")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_REQUESTER = "waiting_requester", _("Waiting for requester")
    WAITING_SUPPLIER = "waiting_supplier", _("Waiting for supplier")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(
    {Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_REQUESTER, Status.WAITING_SUPPLIER}
)


class Impact(models.IntegerChoices):
    HIGH = 1, _("High: many users or a whole service")
    MEDIUM = 2, _("Medium: a group or a department")
    LOW = 3, _("Low: one user")


class Urgency(models.IntegerChoices):
    HIGH = 1, _("High: work has stopped")
    MEDIUM = 2, _("Medium: work is hindered")
    LOW = 3, _("Low: can wait")


class Priority(models.IntegerChoices):
    CRITICAL = 1, _("1 – Critical")
    HIGH = 2, _("2 – High")
    MEDIUM = 3, _("3 – Medium")
    LOW = 4, _("4 – Low")


class WorkType(models.TextChoices):
    TROUBLESHOOTING = "troubleshooting", _("Troubleshooting")
    INSTALLATION = "installation", _("Installation and configuration")
    ADVICE = "advice", _("Advice and support")
    ONSITE = "onsite", _("On-site visit")
    ADMINISTRATION = "administration", _("Administration")


class NotificationKind(models.TextChoices):
    CREATED = "created", _("New ticket")
    ASSIGNED = "assigned", _("Assigned to you")
    REPLY = "reply", _("New reply")
    STATUS = "status", _("Status changed")
    MAJOR_INCIDENT = "major_incident", _("Major incident")
    REOPENED = "reopened", _("Reopened")
    SLA_AT_RISK = "sla_at_risk", _("SLA at risk")
    SLA_BREACHED = "sla_breached", _("SLA breached")


# Statuses in which the SLA resolution clock stands still, unless a desk chooses others.
DEFAULT_PAUSE_STATUSES = [Status.WAITING_REQUESTER.value]


class SLAState(models.TextChoices):
    NONE = "none", _("No SLA")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    PAUSED = "paused", _("Paused")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")


class IncidentEntryKind(models.TextChoices):
    """What one entry of a major incident's timeline records."""

    DECLARED = "declared", _("Declared")
    LINKED = "linked", _("Tickets linked")
    UPDATE = "update", _("Update sent")
    RESOLVED = "resolved", _("Resolved")
