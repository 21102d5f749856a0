"""Choices of the initiatives app: kinds and forms of collaboration, the stages of an
initiative (seed 004), the complexity quadrants (seed 002), stances and certification."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationKind(models.TextChoices):
    OPERATIONAL = "operational", _("Operational (drift)")
    STRATEGIC = "strategic", _("Strategic (development and influence)")
    EXPLORATORY = "exploratory", _("Exploratory (building knowledge)")


class CooperationForm(models.TextChoices):
    """Legal form of a registered collaboration: the forms of kommunallagen 9 kap. and the
    looser ones seed 004 describes."""

    JOINT_COMMITTEE = "joint_committee", _("Joint committee (gemensam nämnd)")
    FEDERATION = "federation", _("Federation of municipalities (kommunalförbund)")
    AGREEMENT = "agreement", _("Agreement-based collaboration (avtalssamverkan)")
    HOST_AGREEMENT = "host_agreement", _("Host municipality agreement (värdkommunavtal)")
    COMPANY = "company", _("Municipal company (kommunalt bolag)")
    PROJECT = "project", _("Time-limited project")
    NETWORK = "network", _("Network (no formal organisation)")


class Stage(models.TextChoices):
    """How a collaboration initiative is prepared in the ordinary structures (seed 004)."""

    NEED = "need", _("Need")
    PREPARATION = "preparation", _("Internal preparation")
    FRAMING = "framing", _("Joint framing")
    AGREEMENT = "agreement", _("Agreement")
    ORGANISING = "organising", _("Organising")
    GOVERNING = "governing", _("Governing")
    FOLLOW_UP = "follow_up", _("Yearly follow-up")


STAGE_ORDER = list(Stage.values)


class Decision(models.TextChoices):
    UNDECIDED = "undecided", _("Undecided")
    IN = "in", _("In")
    OUT = "out", _("Out")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    HIGH = "high", _("High")


class Quadrant(models.TextChoices):
    """Seed 002: organisational × innovation complexity."""

    STANDARD_SOURCING = "standard_sourcing", _("Standard sourcing")
    UNNECESSARY = "unnecessary", _("Unnecessary collaboration")
    EXPENSIVE = "expensive", _("Expensive and hard")
    COLLABORATION = "collaboration", _("Collaboration")


class StanceKind(models.TextChoices):
    LEADER = "leader", _("Leader")
    FOLLOWER = "follower", _("Follower")
    NOT_INTERESTED = "not_interested", _("Not interested")


class Criterion(models.TextChoices):
    """What the collaboration checks before it certifies a solution (kvalitetsstämpel)."""

    IN_USE = "in_use", _("In production use at the owner")
    DOCUMENTED = "documented", _("Documented so that others can introduce it")
    REUSABLE_CONTRACT = "reusable_contract", _("The procurement lets other members call off")
    CONTACT = "contact", _("A named contact answers questions")
    SECURITY = "security", _("Information security and data protection assessed")


class ReportStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
