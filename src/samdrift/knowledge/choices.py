from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who reads an article."""

    PUBLIC = "public", _("Public (also without login)")
    MEMBERS = "members", _("All members of the collaboration")
    MEMBER = "member", _("One member")
    INTERNAL = "internal", _("Internal (the service desk only)")
