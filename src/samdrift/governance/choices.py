from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """The political and management bodies of a collaboration (seed 001, 003, 004)."""

    COMMITTEE = "committee", _("Committee, board or executive (nämnd/direktion/styrelse)")
    MANAGEMENT_GROUP = "management_group", _("Management group (ledningsgrupp)")
    DELIVERY_FORUM = "delivery_forum", _("Delivery forum (leveransforum)")
    STRATEGY_MEETING = "strategy_meeting", _("Strategy meeting (strategimöte)")
    PREPARATORY_GROUP = "preparatory_group", _("Preparatory group (beredningsgrupp)")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member (ledamot)")
    SUBSTITUTE = "substitute", _("Substitute (ersättare)")
    SECRETARY = "secretary", _("Secretary (sekreterare)")


class Office(models.TextChoices):
    NONE = "", _("No office")
    CHAIR = "chair", _("Chair (ordförande)")
    VICE_CHAIR = "vice_chair", _("Vice chair (vice ordförande)")


class MatterState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DocumentKind(models.TextChoices):
    INCOMING = "incoming", _("Incoming (inkommande)")
    DRAWN_UP = "drawn_up", _("Drawn up (upprättad)")
    OUTGOING = "outgoing", _("Outgoing (utgående)")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    SERVING = "serving", _("Substitute serving (tjänstgörande ersättare)")
    ABSENT = "absent", _("Absent")


class ItemKind(models.TextChoices):
    OPENING = "opening", _("Opening item")
    INFORMATION = "information", _("Information item")
    DECISION = "decision", _("Decision item")
    NOTICE = "notice", _("Communication (meddelande)")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Justerat")
    POSTED = "posted", _("Posted on the notice board")


class DecisionEffect(models.TextChoices):
    """What a decision does to the rest of the system (the decision points at the object)."""

    NONE = "", _("No effect on other records")
    APPROVE_FORECAST = "approve_forecast", _("Approves a forecast")
    ADOPT_ALLOCATION_MODEL = "adopt_allocation_model", _("Adopts an allocation model")
    ADOPT_BUDGET = "adopt_budget", _("Adopts the budget of a year")
    ADOPT_PRICE_LIST = "adopt_price_list", _("Adopts a service's price list")
    ADOPT_COLLABORATION_AGREEMENT = "adopt_collaboration_agreement", _("Adopts a collaboration agreement")


class SnapshotKind(models.TextChoices):
    """The reports an agenda item can carry as a frozen PDF."""

    FOLLOW_UP = "follow_up", _("Finance follow-up table of a forecast")
    SLA_REPORT = "sla_report", _("SLA report for a period")
    DELIVERY_REPORT = "delivery_report", _("Delivery report for a period")
