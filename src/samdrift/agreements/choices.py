from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    """What kind of document binds the collaboration (kommunallagen 9 kap.)."""

    AGREEMENT = "agreement", _("Collaboration agreement (samverkansavtal)")
    REGULATION = "regulation", _("Regulation (reglemente)")
    CHARTER = "charter", _("Federation charter (förbundsordning)")


class ServiceAgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    SUPERSEDED = "superseded", _("Superseded")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PenaltyRunState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    CREDITED = "credited", _("Credited")


class Satisfaction(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("1 – very dissatisfied")
    DISSATISFIED = 2, _("2 – dissatisfied")
    NEUTRAL = 3, _("3 – neither")
    SATISFIED = 4, _("4 – satisfied")
    VERY_SATISFIED = 5, _("5 – very satisfied")
