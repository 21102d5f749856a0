"""Mailboxes the desk reads, the mail domains of members, and every message received."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Member, Unit

from .choices import Outcome, UnknownSenders


class Mailbox(DomainModel):
    """An IMAP mailbox (over TLS) whose new messages become tickets and replies.

    It belongs to the collaboration; with a unit, its new tickets go to that unit's queue.
    The password is stored encrypted (``samdrift.core.secrets``) and never shown again.
    """

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="mailboxes"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailboxes",
        help_text=_("New tickets go to this unit. Empty: the desk's default."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(
        _("address"), help_text=_("The mailbox's own address; mail from it is never turned into tickets.")
    )
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    username = models.CharField(_("user name"), max_length=200)
    password_encrypted = models.TextField(_("password (encrypted)"), blank=True, editable=False)
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    unknown_senders = models.CharField(
        _("mail from unknown senders"), max_length=10, choices=UnknownSenders.choices, default=UnknownSenders.REJECT
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_fetch_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    objects = ScopedManager["Mailbox"]()
    tenant_paths = TenantPaths("collaboration")
    audit_exclude = frozenset({"password_encrypted", "last_fetch_at", "last_error"})

    class Meta:
        ordering = ["collaboration__name", "name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="mailbox_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    def get_absolute_url(self) -> str:
        return reverse("mailin:mailbox_detail", args=[self.pk])


class MailDomain(DomainModel):
    """A mail domain of a member (``vargarda.se``): mail from an unknown address in it may
    create a requester in that member."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="mail_domains")
    domain = models.CharField(_("domain"), max_length=200, help_text=_("E.g. vargarda.se, without @."))

    objects = ScopedManager["MailDomain"]()
    tenant_paths = TenantPaths("member__collaboration", "member")
    label_related = ("member",)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("mail domain")
        verbose_name_plural = _("mail domains")
        constraints = [models.UniqueConstraint(fields=["member", "domain"], name="maildomain_unique_domain")]

    def __str__(self) -> str:
        return f"{self.domain} ({self.member})"

    def get_absolute_url(self) -> str:
        return reverse("mailin:maildomain_detail", args=[self.pk])

    def clean(self) -> None:
        self.domain = (self.domain or "").strip().lstrip("@").lower()


class InboundMessage(DomainModel):
    """One message read from a mailbox, keyed by its Message-ID: the de-duplication record.

    It is written in the same transaction as the ticket or comment it made, so a message
    whose row exists was handled, and one without a row is handled again on the next
    fetch (nothing lost, nothing twice). Messages without a Message-ID are keyed by a
    hash of their content.
    """

    mailbox = models.ForeignKey(Mailbox, verbose_name=_("mailbox"), on_delete=models.CASCADE, related_name="messages")
    message_id = models.CharField(_("Message-ID"), max_length=255)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.TextField(_("detail"), blank=True)
    ticket = models.ForeignKey(
        "servicedesk.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    auto_replied = models.BooleanField(_("automatic reply sent"), default=False)

    objects = ScopedManager["InboundMessage"]()
    tenant_paths = TenantPaths("mailbox__collaboration")
    label_related = ("mailbox",)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("received message")
        verbose_name_plural = _("received messages")
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "message_id"], name="inboundmessage_unique_message_id")
        ]
        indexes = [models.Index(fields=["sender", "outcome", "received_at"], name="inboundmessage_sender_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.get_outcome_display()})"

    def get_absolute_url(self) -> str:
        return reverse("mailin:inboundmessage_detail", args=[self.pk])
