"""Governance: the collaboration's bodies and their members, the case register (diarium)
with registered documents and secrecy marking, meetings with attendance and agenda items
(case memos in the tjänsteskrivelse structure), decisions with § numbers, the minutes
(protokoll) with justering, and the public notice board (anslagstavla).

A decision points at what it adopts (a forecast, an allocation model, a budget year, a
service's price list); the finance objects keep a link back only where the issue asks
for it (a forecast's approval, an allocation model's adopting decision)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Member

from . import dates
from .choices import (
    BodyKind,
    DecisionEffect,
    DocumentKind,
    ItemKind,
    MatterState,
    MeetingState,
    MembershipRole,
    MinutesState,
    Office,
    Presence,
    SnapshotKind,
)

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
DEFAULT_PATTERN = "{prefix} {year}/{number}"
BODY_PATHS = TenantPaths(collaboration="body__collaboration")
MEETING_PATHS = TenantPaths(collaboration="meeting__body__collaboration")


class CaseSeries(DomainModel):
    """A collaboration's case register settings: the prefix and pattern of its case
    numbers (diarienummer), e.g. ``ITVT`` and ``{prefix} {year}/{number}`` → ``ITVT 2026/8``."""

    collaboration = models.OneToOneField(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField(_("prefix"), max_length=20, help_text=_("e.g. ITVT"))
    pattern = models.CharField(
        _("pattern"),
        max_length=60,
        default=DEFAULT_PATTERN,
        help_text=_("{prefix}, {year} and {number} are replaced, e.g. {prefix} {number}/{year} gives ITVT 8/2018."),
    )

    objects = ScopedManager["CaseSeries"]()
    tenant_paths = TenantPaths(collaboration="collaboration")
    label_related = ("collaboration",)

    new_label = _("New case register")

    class Meta:
        verbose_name = _("case register")
        verbose_name_plural = _("case registers")
        ordering = ["collaboration__name"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.collaboration.name})"

    def get_absolute_url(self) -> str:
        return reverse("governance:caseseries_detail", args=[self.pk])

    def format(self, year: int, number: int) -> str:
        return self.pattern.format(prefix=self.prefix, year=year, number=number)

    def clean(self) -> None:
        try:
            self.format(2026, 1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError({"pattern": _("Use only {prefix}, {year} and {number}.")}) from exc
        if "{number}" not in self.pattern:
            raise ValidationError({"pattern": _("The pattern must contain {number}.")})


class Counter(models.Model):
    """The last number handed out per collaboration, series and year (case numbers, and
    § numbers per body). Locked with ``select_for_update`` while a number is allocated,
    so two registrations never get the same number. Internal: no views, no API."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [models.UniqueConstraint(fields=["collaboration", "key", "year"], name="gov_counter_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


class Body(DomainModel):
    """A political or management body of the collaboration: the joint committee
    (nämnd/direktion/styrelse), a management group, a delivery forum, a strategy meeting
    or a preparatory group. ``seats`` is the number of ordinary members (ledamöter)."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, blank=True, help_text=_("e.g. ITVT"))
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices, default=BodyKind.COMMITTEE)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=2, validators=[MinValueValidator(1)], help_text=_("Ordinary members (ledamöter).")
    )
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager["Body"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    new_label = _("New body")

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["collaboration__name", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="gov_body_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body_detail", args=[self.pk])


class Membership(DomainModel):
    """One appointment to a body: a person as ledamot, ersättare or secretary, for a
    member municipality, from one date to another, possibly as chair or vice chair.
    Appointments are never rewritten when a mandate changes: a new row is added and the
    old one ends, so the history stays."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships")
    person = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person's login, if they have one: needed to justera and to prepare as secretary."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("appointed by member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    office = models.CharField(_("office"), max_length=20, choices=Office.choices, blank=True, default=Office.NONE)
    starts = models.DateField(_("mandate from"))
    ends = models.DateField(_("mandate to"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ScopedManager["Membership"]()
    tenant_paths = BODY_PATHS
    label_related = ("member",)

    new_label = _("New assignment in a body")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body__name", "role", "-starts", "person"]

    def __str__(self) -> str:
        party = f" ({self.party})" if self.party else ""
        return f"{self.person}{party}, {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:membership_detail", args=[self.pk])

    def current_on(self, day: datetime.date) -> bool:
        return self.starts <= day and (self.ends is None or self.ends >= day)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.ends and self.ends < self.starts:
            errors["ends"] = _("The mandate must end after it starts.")
        member = self.member if self.member_id else None
        if member is not None and self.body_id and member.collaboration_id != self.body.collaboration_id:
            errors["member"] = _("The member is not part of the body's collaboration.")
        if self.office and self.role != MembershipRole.MEMBER:
            errors["office"] = _("Only an ordinary member (ledamot) can be chair or vice chair.")
        if errors:
            raise ValidationError(errors)


class Recipient(DomainModel):
    """A stored addressee of expediering, e.g. Kommunstyrelsen i Herrljunga kommun."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager["Recipient"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:recipient_detail", args=[self.pk])


class Matter(DomainModel):
    """A case (ärende) in the register, numbered per collaboration and year, e.g.
    ``ITVT 2026/8``. It may point at what it concerns: a ticket, a service, an allocation
    model, a forecast, a collaboration agreement, a member's service agreement or a
    supplier contract (the matter points at them, never the other way round)."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR, editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    case_number = models.CharField(_("case number"), max_length=60, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    registered_on = models.DateField(_("registered on"))
    state = models.CharField(_("state"), max_length=10, choices=MatterState.choices, default=MatterState.OPEN)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    ticket = models.ForeignKey(
        "servicedesk.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocation_model = models.ForeignKey(
        "finance.AllocationModel",
        verbose_name=_("allocation model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forecast = models.ForeignKey(
        "finance.Forecast",
        verbose_name=_("forecast"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collaboration_agreement = models.ForeignKey(
        "agreements.CollaborationAgreement",
        verbose_name=_("collaboration agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_agreement = models.ForeignKey(
        "agreements.ServiceAgreement",
        verbose_name=_("service agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplier_contract = models.ForeignKey(
        "agreements.SupplierContract",
        verbose_name=_("supplier contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager["Matter"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    new_label = _("New matter")

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year", "number"], name="gov_matter_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:matter_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("body", "service", "allocation_model", "forecast"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and related.collaboration_id != self.collaboration_id:
                errors[name] = _("It belongs to another collaboration.")
        ticket = self.ticket if self.ticket_id else None
        if ticket is not None and ticket.collaboration_id != self.collaboration_id:
            errors["ticket"] = _("It belongs to another collaboration.")
        for name, path in (
            ("collaboration_agreement", "collaboration_id"),
            ("service_agreement", "member.collaboration_id"),
            ("supplier_contract", "supplier.collaboration_id"),
        ):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None:
                owner = related
                for hop in path.split("."):
                    owner = getattr(owner, hop)
                if owner != self.collaboration_id:
                    errors[name] = _("It belongs to another collaboration.")
        if errors:
            raise ValidationError(errors)


class Document(DomainModel):
    """A registered document (handling) of a matter: incoming, drawn up or outgoing, with
    its date and sender or recipient. Secrecy marking (``confidential`` with the OSL
    paragraph) hides the title, text and file from those without the right, but everyone
    who sees the matter sees that the document exists, its date, kind and paragraph."""

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField(_("document number"), editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    date = models.DateField(_("date"))
    counterpart = models.CharField(
        _("sender or recipient"), max_length=300, blank=True, help_text=_("Sender if incoming, recipient if outgoing.")
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="governance/documents/%Y/", blank=True)
    confidential = models.BooleanField(_("confidential (sekretess)"), default=False)
    osl_reference = models.CharField(
        _("OSL paragraph"), max_length=100, blank=True, help_text=_("e.g. 18 kap. 8 § OSL")
    )
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("dispatches decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatches",
    )

    objects = ScopedManager["Document"]()
    tenant_paths = TenantPaths(collaboration="matter__collaboration")
    label_related = ("matter",)

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ["matter__case_number", "number"]
        constraints = [models.UniqueConstraint(fields=["matter", "number"], name="gov_document_unique_number")]

    def __str__(self) -> str:
        return f"{self.matter.case_number}-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("governance:document_detail", args=[self.pk])

    @property
    def public_title(self) -> str:
        """The title for everyone: a confidential document shows only that it exists."""
        if self.confidential:
            return str(_("Confidential document (%(osl)s)") % {"osl": self.osl_reference or _("OSL")})
        return self.title

    def clean(self) -> None:
        if self.confidential and not self.osl_reference.strip():
            raise ValidationError({"osl_reference": _("A confidential document needs the OSL paragraph.")})


class Meeting(DomainModel):
    """A meeting (sammanträde) of a body: when, where (a room or a link), its convocation
    (kallelse) with the agenda, who attended, and the minutes."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    remote_link = models.URLField(_("remote link"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED)
    convened_on = models.DateField(_("convened on"), null=True, blank=True, editable=False)

    objects = ScopedManager["Meeting"]()
    tenant_paths = BODY_PATHS
    label_related = ("body",)

    new_label = _("New meeting")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts"]

    def __str__(self) -> str:
        return f"{self.body.name} {dates.local_date(self.starts).isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """Once the minutes are justerade nothing about the meeting changes."""
        minutes = getattr(self, "minutes", None)
        return minutes is not None and minutes.state != MinutesState.DRAFT

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.ends and self.ends <= self.starts:
            errors["ends"] = _("The meeting must end after it starts.")
        if not self.place.strip() and not self.remote_link:
            errors["place"] = _("Give a place or a remote link.")
        if errors:
            raise ValidationError(errors)


class Attendance(DomainModel):
    """Who was at a meeting: present, a substitute serving for a named member, or absent."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    serving_for = models.ForeignKey(
        Membership,
        verbose_name=_("serving for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager["Attendance"]()
    tenant_paths = MEETING_PATHS
    label_related = ("membership", "meeting__body")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "membership__role", "membership__person"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="gov_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.get_presence_display()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:attendance_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.membership_id and self.meeting_id and self.membership.body_id != self.meeting.body_id:
            errors["membership"] = _("The person is not appointed to this body.")
        if self.presence == Presence.SERVING:
            if self.membership_id and self.membership.role != MembershipRole.SUBSTITUTE:
                errors["presence"] = _("Only a substitute (ersättare) can serve for someone.")
            served = self.serving_for if self.serving_for_id else None
            if served is None:
                errors["serving_for"] = _("Say whom the substitute serves for.")
            elif served.role != MembershipRole.MEMBER or (self.meeting_id and served.body_id != self.meeting.body_id):
                errors["serving_for"] = _("A substitute serves for an ordinary member of the same body.")
        elif self.serving_for_id:
            errors["serving_for"] = _("Only a serving substitute serves for someone.")
        if errors:
            raise ValidationError(errors)


class AgendaItem(DomainModel):
    """An item on a meeting's agenda: an opening item, information, a communication or a
    matter for decision with its case memo (tjänsteskrivelse) in seed 001's structure:
    Sammanfattning, Bakgrund, Ekonomisk bedömning, Samverkan, Motivering, Beslutsunderlag,
    Förslag till beslut and Expedieras till."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DECISION)
    title = models.CharField(_("title"), max_length=300)
    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    presenter = models.CharField(_("presenter (föredragande)"), max_length=200, blank=True)
    confidential = models.BooleanField(_("confidential (sekretess)"), default=False)
    osl_reference = models.CharField(_("OSL paragraph"), max_length=100, blank=True)
    summary = models.TextField(_("summary (sammanfattning)"), blank=True)
    background = models.TextField(_("background (bakgrund)"), blank=True)
    financial_assessment = models.TextField(_("financial assessment (ekonomisk bedömning)"), blank=True)
    consultation = models.TextField(_("consultation (samverkan)"), blank=True)
    motivation = models.TextField(_("reasons for the proposal (motivering)"), blank=True)
    basis = models.TextField(_("basis for decision (beslutsunderlag)"), blank=True)
    proposal = models.TextField(_("proposed decision (förslag till beslut)"), blank=True)
    dispatch_to = models.CharField(_("dispatch to (expedieras till)"), max_length=500, blank=True)
    author = models.CharField(_("written by"), max_length=200, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="governance/items/%Y/", blank=True)

    objects = ScopedManager["AgendaItem"]()
    tenant_paths = MEETING_PATHS
    label_related = ("meeting__body",)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.public_title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:agendaitem_detail", args=[self.pk])

    @property
    def public_title(self) -> str:
        if self.confidential:
            return str(_("Confidential item (%(osl)s)") % {"osl": self.osl_reference or _("OSL")})
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.confidential and not self.osl_reference.strip():
            errors["osl_reference"] = _("A confidential item needs the OSL paragraph.")
        matter = self.matter if self.matter_id else None
        if matter is not None and self.meeting_id and matter.collaboration_id != self.meeting.body.collaboration_id:
            errors["matter"] = _("It belongs to another collaboration.")
        if errors:
            raise ValidationError(errors)


class ReportSnapshot(DomainModel):
    """A report attached to an agenda item as a frozen PDF: the finance follow-up table of
    a forecast, the SLA report or the delivery report for a period, rendered once by
    ``actions.do_attach_report_snapshot`` and never changed afterwards. The file's SHA-256
    digest, who made it and when are kept with it; when the item is in a matter the file is
    also registered there as a drawn-up document (``document``)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="snapshots", editable=False
    )
    kind = models.CharField(_("report"), max_length=20, choices=SnapshotKind.choices, editable=False)
    title = models.CharField(_("title"), max_length=300, editable=False)
    forecast = models.ForeignKey(
        "finance.Forecast",
        verbose_name=_("forecast"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    period_start = models.DateField(_("from"), null=True, blank=True, editable=False)
    period_end = models.DateField(_("to"), null=True, blank=True, editable=False)
    file = models.FileField(_("file"), upload_to="governance/snapshots/%Y/", editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    made_at = models.DateTimeField(_("made at"), editable=False)
    document = models.OneToOneField(
        Document,
        verbose_name=_("registered as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="snapshot",
        editable=False,
    )

    objects = ScopedManager["ReportSnapshot"]()
    tenant_paths = TenantPaths(collaboration="item__meeting__body__collaboration")
    label_related = ("item__meeting__body",)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["item", "made_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:reportsnapshot_detail", args=[self.pk])

    @property
    def short_digest(self) -> str:
        return self.digest[:12]


class Decision(DomainModel):
    """The decision on an agenda item, with its § number running per body and year, the
    decision text, reservations and votes. Its ``effect`` says what it adopts, and it
    points at that object."""

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="decision"
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    paragraph = models.PositiveIntegerField(_("§"), editable=False)
    decided_on = models.DateField(_("decided on"), editable=False)
    text = models.TextField(_("decision"))
    reservations = models.TextField(_("reservations"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    effect = models.CharField(_("effect"), max_length=30, choices=DecisionEffect.choices, blank=True, default="")
    forecast = models.ForeignKey(
        "finance.Forecast",
        verbose_name=_("forecast"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    allocation_model = models.ForeignKey(
        "finance.AllocationModel",
        verbose_name=_("allocation model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True, validators=YEAR)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service (price list)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collaboration_agreement = models.ForeignKey(
        "agreements.CollaborationAgreement",
        verbose_name=_("collaboration agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager["Decision"]()
    tenant_paths = TenantPaths(collaboration="body__collaboration")
    label_related = ("body", "item")

    new_label = _("New decision")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "-paragraph"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "paragraph"], name="gov_decision_unique_paragraph")
        ]

    def __str__(self) -> str:
        short = self.body.short_name or self.body.name
        return f"{short} § {self.paragraph}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    def clean(self) -> None:
        needs = {
            DecisionEffect.APPROVE_FORECAST: "forecast",
            DecisionEffect.ADOPT_ALLOCATION_MODEL: "allocation_model",
            DecisionEffect.ADOPT_BUDGET: "budget_year",
            DecisionEffect.ADOPT_PRICE_LIST: "service",
            DecisionEffect.ADOPT_COLLABORATION_AGREEMENT: "collaboration_agreement",
        }
        errors: dict[str, Any] = {}
        wanted = needs.get(self.effect)  # type: ignore[call-overload]
        if wanted and getattr(self, wanted if wanted == "budget_year" else f"{wanted}_id") is None:
            errors[wanted] = _("Say which record the decision adopts.")
        for name in ("forecast", "allocation_model", "service", "collaboration_agreement"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.body_id and related.collaboration_id != self.body.collaboration_id:
                errors[name] = _("It belongs to another collaboration.")
        if errors:
            raise ValidationError(errors)


class Minutes(DomainModel):
    """The minutes (protokoll) of a meeting: who justerar, when and where, and its state.
    Justerat minutes are immutable; a correction is a new registered document."""

    meeting = models.OneToOneField(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes")
    adjusters = models.ManyToManyField(Membership, verbose_name=_("justerare"), related_name="+", blank=True)
    justering_place = models.CharField(_("place of justering"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT)
    signed_on = models.DateField(_("justerat on"), null=True, blank=True, editable=False)
    posted_on = models.DateField(_("posted on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes in the minutes"), blank=True)

    objects = ScopedManager["Minutes"]()
    tenant_paths = MEETING_PATHS
    label_related = ("meeting__body",)

    class Meta:
        verbose_name = pgettext_lazy("meeting record", "minutes")
        verbose_name_plural = pgettext_lazy("meeting record", "minutes")
        ordering = ["-meeting__starts"]

    def __str__(self) -> str:
        return str(_("Minutes %(meeting)s") % {"meeting": self.meeting})

    def get_absolute_url(self) -> str:
        return reverse("governance:minutes_detail", args=[self.pk])

    @property
    def meeting_date(self) -> datetime.date:
        return dates.local_date(self.meeting.starts)

    @property
    def justering_due(self) -> datetime.date:
        return dates.justering_due(self.meeting_date)

    @property
    def posting_due(self) -> datetime.date | None:
        return dates.posting_due(self.signed_on) if self.signed_on else None

    @property
    def appeal_ends(self) -> datetime.date | None:
        return dates.appeal_ends(self.posted_on) if self.posted_on else None


class Signature(DomainModel):
    """One person's justering of the minutes (the chair or a justerare), with the time."""

    minutes = models.ForeignKey(
        Minutes,
        verbose_name=pgettext_lazy("meeting record", "minutes"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    membership = models.ForeignKey(Membership, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    objects = ScopedManager["Signature"]()
    tenant_paths = TenantPaths(collaboration="minutes__meeting__body__collaboration")
    label_related = ("membership",)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["minutes", "membership"], name="gov_signature_unique")]

    def __str__(self) -> str:
        return f"{self.membership.person} {dates.local_date(self.signed_at).isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:signature_detail", args=[self.pk])
