from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    AGENT = "agent", _("Agent")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    ORDERER = "orderer", _("Member orderer (IT strategist)")
    CONTROLLER = "controller", _("Controller")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    REGISTRAR = "registrar", _("Registrar")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeLevel(models.TextChoices):
    COLLABORATION = "collaboration", _("Whole collaboration")
    MEMBER = "member", _("One member")
    DEPARTMENT = "department", _("One department")


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")
