from django.db import models
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    IN_USE = "in_use", _("In use")
    BEING_REPLACED = "being_replaced", _("Being replaced")
    RETIRED = "retired", _("Retired")


class SystemRoleKind(models.TextChoices):
    SYSTEM_OWNER = "system_owner", _("System owner (systemägare)")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator (systemförvaltare)")
    OBJECT_OWNER = "object_owner", _("Object owner (objektägare)")


class AssetKind(models.TextChoices):
    DEVICE = "device", _("Device")
    ACCOUNT = "account", _("Account")


class Ownership(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


class LicenceMetric(models.TextChoices):
    USERS = "users", _("Users")
    DEVICES = "devices", _("Devices")
    INHABITANTS = "inhabitants", _("Inhabitants")


class ImportFormat(models.TextChoices):
    SAMDRIFT = "samdrift", _("Samdrift CSV or XLSX")
    LANSWEEPER = "lansweeper", _("Lansweeper asset export (CSV)")
