from django.db import models
from django.utils.translation import gettext_lazy as _


class UnknownSenders(models.TextChoices):
    """What a mailbox does with mail from an address that belongs to no user."""

    CREATE = "create", _("Create a requester in the member whose mail domain matches")
    REJECT = "reject", _("Reject with an automatic reply")


class Outcome(models.TextChoices):
    """What became of one received message."""

    TICKET = "ticket", _("New ticket")
    COMMENT = "comment", _("Reply on a ticket")
    IGNORED = "ignored", _("Ignored (automatic reply or bounce)")
    REJECTED = "rejected", _("Rejected (unknown sender)")
    FAILED = "failed", _("Failed")
