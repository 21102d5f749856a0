from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    """How the collaboration is organised in law (kommunallagen 9 kap.)."""

    JOINT_COMMITTEE = "joint_committee", _("Joint committee (gemensam nämnd)")
    FEDERATION = "federation", _("Federation of municipalities (kommunalförbund)")
    AGREEMENT = "agreement", _("Agreement-based collaboration (avtalssamverkan)")
    MUNICIPAL_COMPANY = "company", _("Municipal company (kommunalt bolag)")
    HOST_AGREEMENT = "host_agreement", _("Host municipality agreement (värdkommunavtal)")
