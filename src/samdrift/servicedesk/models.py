"""Tickets (ärenden) and everything hanging off them: comments, time, files, links, ratings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.models import RoleAssignment
from samdrift.accounts.policy import DESK_STAFF
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from .choices import (
    DEFAULT_PAUSE_STATUSES,
    OPEN_STATUSES,
    Impact,
    IncidentEntryKind,
    NotificationKind,
    Priority,
    SLAState,
    Status,
    TicketType,
    Urgency,
    WorkType,
)

# ITIL impact × urgency → priority; rows are impact 1..3, columns urgency 1..3.
DEFAULT_PRIORITY_MATRIX = [[1, 2, 3], [2, 3, 4], [3, 4, 4]]
# Calendar hours to resolve per priority until the SLA clock (catalogue) takes over.
DEFAULT_TARGET_HOURS = {"1": 4, "2": 8, "3": 72, "4": 120}
DEFAULT_ATTACHMENT_TYPES = "pdf,png,jpg,jpeg,gif,txt,csv,log,docx,xlsx,pptx,odt,ods,odp,eml,msg,zip"


def default_priority_matrix() -> list[list[int]]:
    return [row[:] for row in DEFAULT_PRIORITY_MATRIX]


def default_target_hours() -> dict[str, int]:
    return dict(DEFAULT_TARGET_HOURS)


TICKET_PATHS = TenantPaths("ticket__collaboration", "ticket__member", "ticket__department")


def default_pause_statuses() -> list[str]:
    return list(DEFAULT_PAUSE_STATUSES)


PAUSABLE_STATUSES = frozenset({Status.WAITING_REQUESTER, Status.WAITING_SUPPLIER, Status.ASSIGNED, Status.NEW})


class DeskSettings(DomainModel):
    """The service desk's configuration for one collaboration."""

    collaboration = models.OneToOneField(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="desk_settings"
    )
    ticket_prefix = models.CharField(_("ticket number prefix"), max_length=6, default="SD")
    default_unit = models.ForeignKey(
        Unit,
        verbose_name=_("default assignment group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where new tickets go when their category names no unit."),
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days a requester may reopen"), default=10, validators=[MaxValueValidator(365)]
    )
    priority_matrix = models.JSONField(
        _("priority matrix"),
        default=default_priority_matrix,
        help_text=_("Rows: impact high, medium, low. Columns: urgency high, medium, low. Values: priority 1–4."),
    )
    target_hours = models.JSONField(
        _("resolution target hours per priority"),
        default=default_target_hours,
        help_text=_('Calendar hours per priority, e.g. {"1": 4, "2": 8, "3": 72, "4": 120}.'),
    )
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("largest attachment (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attachment_types = models.CharField(
        _("allowed attachment types"),
        max_length=300,
        default=DEFAULT_ATTACHMENT_TYPES,
        help_text=_("File name extensions, separated by commas."),
    )
    require_assignee_to_resolve = models.BooleanField(
        _("a handler is required before resolving"),
        default=True,
        help_text=_("A ticket can be resolved or closed only when someone is assigned to it."),
    )
    sla_pause_statuses = models.JSONField(
        _("statuses that pause the SLA clock"),
        default=default_pause_statuses,
        help_text=_('A list of statuses, e.g. ["waiting_requester"].'),
    )

    objects = ScopedManager["DeskSettings"]()
    tenant_paths = TenantPaths("collaboration")

    class Meta:
        ordering = ["collaboration__name"]
        verbose_name = _("service desk settings")
        verbose_name_plural = _("service desk settings")

    def __str__(self) -> str:
        return str(self.collaboration)

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:desksettings_detail", args=[self.pk])

    def clean(self) -> None:
        matrix = self.priority_matrix
        if not (
            isinstance(matrix, list)
            and len(matrix) == 3
            and all(isinstance(row, list) and len(row) == 3 for row in matrix)
            and all(isinstance(v, int) and 1 <= v <= 4 for row in matrix for v in row)
        ):
            raise ValidationError({"priority_matrix": _("Give three rows of three priorities, each 1–4.")})
        hours = self.target_hours
        if not (
            isinstance(hours, dict)
            and set(hours) == {"1", "2", "3", "4"}
            and all(isinstance(v, int) and v > 0 for v in hours.values())
        ):
            raise ValidationError({"target_hours": _("Give a positive number of hours for each priority 1–4.")})
        pausing = self.sla_pause_statuses
        if not isinstance(pausing, list) or not set(pausing) <= PAUSABLE_STATUSES:
            raise ValidationError(
                {
                    "sla_pause_statuses": _("Only these statuses can pause the clock: %(statuses)s.")
                    % {"statuses": ", ".join(sorted(PAUSABLE_STATUSES))}
                }
            )

    def pauses_clock(self, status: str) -> bool:
        return status in (self.sla_pause_statuses or [])

    def priority_for(self, impact: int, urgency: int) -> int:
        matrix = self.priority_matrix or DEFAULT_PRIORITY_MATRIX
        return int(matrix[impact - 1][urgency - 1])

    def target_hours_for(self, priority: int) -> int:
        return int((self.target_hours or DEFAULT_TARGET_HOURS)[str(priority)])

    def allowed_extensions(self) -> set[str]:
        return {e.strip().lower().lstrip(".") for e in self.attachment_types.split(",") if e.strip()}


class Category(DomainModel):
    """A node in the tree of ticket categories, with the unit that usually handles it."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=100)
    default_unit = models.ForeignKey(
        Unit, verbose_name=_("default unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["Category"]()
    tenant_paths = TenantPaths("collaboration")
    label_related = ("parent",)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["parent__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "parent", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:category_detail", args=[self.pk])

    def clean(self) -> None:
        parent = self.parent
        if parent is not None and (parent.pk == self.pk or parent.collaboration_id != self.collaboration_id):
            raise ValidationError({"parent": _("Choose another category of this collaboration as parent.")})


class ReplyTemplate(DomainModel):
    """A canned reply (svarsmall) an agent inserts into a ticket reply, with placeholders."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="reply_templates"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reply_templates",
        help_text=_("Empty: usable on every ticket of the collaboration."),
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("text"),
        help_text=_("Placeholders: {number}, {requester}, {agent}, {subject}, {unit} (or the Swedish names)."),
    )
    is_internal = models.BooleanField(_("internal note by default"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["ReplyTemplate"]()
    tenant_paths = TenantPaths("collaboration")
    label_related = ("unit",)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "unit", "title"], name="replytemplate_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:replytemplate_detail", args=[self.pk])

    def clean(self) -> None:
        unit = self.unit
        if unit is not None and self.collaboration_id and unit.collaboration_id != self.collaboration_id:
            raise ValidationError({"unit": _("Choose a unit of this collaboration.")})


class TicketCounter(models.Model):
    """The last ticket number used per collaboration and year (locked while numbering)."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket number counter")
        verbose_name_plural = _("ticket number counters")
        constraints = [models.UniqueConstraint(fields=["collaboration", "year"], name="ticketcounter_unique")]

    def __str__(self) -> str:
        return f"{self.collaboration_id}/{self.year}: {self.last}"


class Ticket(DomainModel):
    """An ärende: an incident, service request or question from a member's department."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    # Several foreign keys have no index of their own: a composite index in Meta.indexes
    # starts with the column and serves their lookups and PROTECT checks. Every index costs
    # each UPDATE that cannot be HOT (the SLA clock columns are indexed), see
    # docs/sla-recompute.md.
    collaboration = models.ForeignKey(
        Collaboration,
        verbose_name=_("collaboration"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # ticket_collab_status_due, ticket_unique_number
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # ticket_member_created
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # ticket_requester_created
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # ticket_createdby_collab
    )
    ticket_type = models.CharField(_("type"), max_length=10, choices=TicketType.choices, default=TicketType.INCIDENT)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Impact.choices, default=Impact.LOW)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.MEDIUM)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("assignment group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # ticket_unit_status_due
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
        db_index=False,  # ticket_assignee_status_due
    )
    major_incident = models.BooleanField(_("major incident"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,  # see Meta.indexes
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        editable=False,
        db_index=False,  # see Meta.indexes: only merged duplicates are in it
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    # The system the ticket concerns (inventory): its system-level SLA, if any, wins.
    system = models.ForeignKey(
        "inventory.System",
        verbose_name=_("IT system"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The SLA clock (servicedesk.sla): due_at is the resolution due time.
    sla = models.ForeignKey(
        "catalog.SLA",
        verbose_name=_("SLA"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # ticket_sla_resolved
    )
    sla_state = models.CharField(_("SLA state"), max_length=10, choices=SLAState.choices, default=SLAState.NONE)
    sla_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sla_used_seconds = models.PositiveIntegerField(default=0, editable=False)
    sla_at_risk_at = models.DateTimeField(null=True, blank=True, editable=False)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Whether the status is one of OPEN_STATUSES, kept by the database. The queue indexes
    # lead with (unit or assignee, open_status), so "open tickets of a unit by due time" is one
    # index range in the order shown. With ``status IN (5 statuses)`` instead, the index
    # gave five ranges, and every open ticket of the unit was read and sorted per page.
    open_status = models.GeneratedField(
        expression=Q(status__in=sorted(OPEN_STATUSES)),  # type: ignore[arg-type]
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("open"),
    )
    # The full-text search entry is not stored here but in TicketSearch (PostgreSQL) or in
    # an FTS5 table (SQLite): see servicedesk.search.

    objects = ScopedManager["Ticket"]()
    tenant_paths = TenantPaths("collaboration", "member", "department")
    # Derived from status by the database (reading it after a save would cost a query).
    audit_exclude = frozenset({"open_status"})

    new_label = _("New ticket")

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created"]
        constraints = [
            # Unique within the collaboration's desk; each desk numbers its own tickets.
            models.UniqueConstraint(fields=["collaboration", "number"], name="ticket_unique_number"),
        ]
        indexes = [
            # Queues: a unit's or a person's open tickets by due time. Not partial indexes on
            # the open statuses: SQLite cannot match those to a parameterised IN (...).
            # Each index's order is a sort of the list pages (filtersets.SORT_CHOICES), so a
            # page of 50 is the first 50 entries of one range: by due time, by priority then
            # due time, newest first. The collaboration (the visibility of desk staff) is in
            # the unit's indexes, so a queue's count reads no table rows. Not partial indexes on the open statuses: SQLite (and
            # PostgreSQL's generic plans) cannot match those to a parameterised IN (...).
            models.Index(fields=["unit", "open_status", "collaboration", "due_at", "id"], name="ticket_unit_open_due"),
            models.Index(
                fields=["unit", "open_status", "collaboration", "priority", "due_at", "id"],
                name="ticket_unit_open_prio",
            ),
            models.Index(fields=["assignee", "open_status", "due_at", "id"], name="ticket_assignee_open_due"),
            models.Index(fields=["collaboration", "created", "id"], name="ticket_collab_created"),
            # The satisfaction goal: the ratings of the collaboration's tickets resolved in a year.
            models.Index(fields=["collaboration", "resolved_at"], name="ticket_collab_resolved"),
            # The reports' system rows: the tickets of a system SLA resolved in the period, one
            # range (before: every ticket resolved in the year was read to find a handful).
            models.Index(fields=["sla", "resolved_at"], name="ticket_sla_resolved"),
            # Almost no ticket has a parent: a partial index stays small, and SQLite's
            # planner, seeing mostly NULLs, would otherwise scan the table for children.
            models.Index(fields=["parent"], name="ticket_parent", condition=Q(parent__isnull=False)),
            models.Index(fields=["merged_into"], name="ticket_merged_into", condition=Q(merged_into__isnull=False)),
            models.Index(fields=["collaboration", "status", "due_at"], name="ticket_collab_status_due"),
            models.Index(fields=["member", "created"], name="ticket_member_created"),
            # The SLA report (servicedesk.slareport) counts a year of a member's tickets per
            # service: the tickets resolved in the period and those registered in it. Each
            # count is one range per member × service read from the index alone, already in
            # the order of the grouping (a tenth of the time of reading the table rows).
            models.Index(
                fields=["member", "service", "resolved_at", "sla_state", "sla"], name="ticket_member_service_resolved"
            ),
            models.Index(
                fields=["member", "service", "created", "response_due_at", "first_response_at", "sla_state", "status"],
                name="ticket_member_service_created",
            ),
            models.Index(fields=["requester", "created"], name="ticket_requester_created"),
            # The visibility filter asks in which other collaborations a user registered
            # tickets (policy.owned_outside); agents register thousands, so the answer must
            # come from the index alone.
            models.Index(fields=["created_by", "collaboration"], name="ticket_createdby_collab"),
            # The major-incident banner of the desk pages: the open ones of a collaboration,
            # oldest first, read as one short range (before: 40 ms along the newest-first
            # index looking for the one major incident among 260,000 tickets).
            models.Index(
                fields=["major_incident", "open_status", "collaboration", "created"], name="ticket_major_open"
            ),
            # The SLA watch: running clocks that are about to be at risk or breached.
            models.Index(fields=["sla_state", "sla_at_risk_at"], name="ticket_sla_risk"),
            models.Index(fields=["sla_state", "due_at"], name="ticket_sla_due"),
        ]

    # The SLA clock's bookkeeping columns: not shown in the readable history (core.history).
    history_hidden = ("sla_started_at", "sla_used_seconds", "sla_at_risk_at")

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:ticket_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self) -> None:
        """Everything a ticket points at must belong to the same collaboration and member."""
        errors: dict[str, Any] = {}
        member, department = self.member if self.member_id else None, self.department
        if member is not None and member.collaboration_id != self.collaboration_id:
            errors["member"] = _("The member is not part of this collaboration.")
        if department is not None and member is not None and department.member_id != member.pk:
            errors["department"] = _("The department belongs to another member.")
        service = self.service if self.service_id else None
        if service is not None and service.collaboration_id != self.collaboration_id:
            errors["service"] = _("Choose a service of this collaboration's catalogue.")
        system = self.system if self.system_id else None
        if system is not None and system.collaboration_id != self.collaboration_id:
            errors["system"] = _("Choose a system of this collaboration.")
        for name in ("unit", "category"):
            related = getattr(self, name)
            if related is not None and related.collaboration_id != self.collaboration_id:
                errors[name] = _("Choose one from this collaboration.")
        parent = self.parent
        if parent is not None and (parent.pk == self.pk or parent.collaboration_id != self.collaboration_id):
            errors["parent"] = _("Choose another ticket of this collaboration as parent.")
        if (
            self.assignee_id
            and not RoleAssignment.objects.filter(
                user_id=self.assignee_id, collaboration_id=self.collaboration_id, role__in=sorted(DESK_STAFF)
            ).exists()
        ):
            errors["assignee"] = _("Only service desk staff of this collaboration can be assignees.")
        if errors:
            raise ValidationError(errors)


class TicketSearch(models.Model):
    """A ticket's full-text search entry on PostgreSQL: subject (weight A), description and
    public replies (weight B) as a ``tsvector``, with a GIN index (``ticketsearch_gin``, made
    by migration 0010 on PostgreSQL only), and a copy of the ticket's creation time for
    ordering hits of equal rank. Written by ``servicedesk.search``.

    It is a table of its own, not a column of the ticket, so that updates of a ticket's other
    columns (status, the SLA clock) never write to the GIN index: PostgreSQL adds an entry
    to every index of a table for each row version that is not a HOT update. SQLite keeps
    its entries in the FTS5 table ``servicedesk_ticket_fts`` instead, and this table stays
    empty there.
    """

    ticket = models.OneToOneField(Ticket, primary_key=True, on_delete=models.CASCADE, related_name="search_entry")
    # A copy of the ticket's creation time (which never changes): hits of equal rank are
    # ordered by it, so the best 50 are found without reading every hit's ticket row.
    created = models.DateTimeField()
    search_vector = SearchVectorField()

    class Meta:
        verbose_name = _("ticket search entry")
        verbose_name_plural = _("ticket search entries")
        indexes = [
            # Hits newest first: a common word is found by walking this index backwards and
            # checking each entry's vector, instead of reading and sorting every hit.
            models.Index(fields=["created", "ticket"], name="ticketsearch_created"),
        ]

    def __str__(self) -> str:
        return str(self.ticket_id)


class Comment(DomainModel):
    """A public reply or an internal note on a ticket. Never edited: a public record."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"))
    is_internal = models.BooleanField(_("internal note"), default=False)

    objects = ScopedManager["Comment"]()
    tenant_paths = TICKET_PATHS

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["ticket", "created"], name="comment_ticket_created")]

    def __str__(self) -> str:
        return f"{self.ticket.number}: {self.body[:40]}"


class TimeEntry(DomainModel):
    """Time an agent spent on a ticket, for cost follow-up per member."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="time_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="time_entries")
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    work_type = models.CharField(_("work type"), max_length=20, choices=WorkType.choices)
    billable = models.BooleanField(_("billable to the member"), default=False)
    performed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager["TimeEntry"]()
    tenant_paths = TICKET_PATHS

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["performed_on", "pk"]
        indexes = [
            models.Index(fields=["ticket"], name="timeentry_ticket"),
            # The member statement's hours of a year: that year's entries from the index
            # alone, each joined to its ticket, instead of every entry of every ticket.
            models.Index(fields=["performed_on", "ticket", "minutes", "billable"], name="timeentry_performed"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket.number}: {self.minutes} min"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.ticket.collaboration_id}/{instance.ticket.number}/{filename}"


class Attachment(DomainModel):
    """A file attached to a ticket (optionally to one comment)."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="attachments")
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager["Attachment"]()
    tenant_paths = TICKET_PATHS

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.filename


class TicketLink(DomainModel):
    """Two related tickets (e.g. the same problem reported twice)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    related = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager["TicketLink"]()
    tenant_paths = TICKET_PATHS

    class Meta:
        verbose_name = _("related ticket")
        verbose_name_plural = _("related tickets")
        constraints = [models.UniqueConstraint(fields=["ticket", "related"], name="ticketlink_unique")]

    def __str__(self) -> str:
        return f"{self.ticket_id} ↔ {self.related_id}"


class Rating(DomainModel):
    """The requester's rating of a resolution: 1–5 and a comment."""

    ticket = models.OneToOneField(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="rating")
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager["Rating"]()
    tenant_paths = TICKET_PATHS

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        # The member statement's ratings of a year, from the index alone.
        indexes = [models.Index(fields=["created", "ticket", "score"], name="rating_created")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"


class MajorIncident(DomainModel):
    """An allvarlig störning: one ticket declared major, the disruption that tells every
    affected member about it on Driftinformation, and the related tickets linked to it as
    its children. Updates go to all their requesters at once; resolving it resolves the
    children with one closing message and ends the disruption. Changed only by the
    major-incident actions, each of which adds an entry to its timeline."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.OneToOneField(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="incident")
    disruption = models.OneToOneField(
        "catalog.Disruption", verbose_name=_("disruption"), on_delete=models.PROTECT, related_name="major_incident"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closing_message = models.TextField(_("closing message"), blank=True)

    objects = ScopedManager["MajorIncident"]()
    tenant_paths = TenantPaths("collaboration")
    label_related = ("ticket",)

    class Meta:
        verbose_name = _("major incident")
        verbose_name_plural = _("major incidents")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["collaboration", "resolved_at"], name="majorincident_open")]

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.ticket.subject}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:majorincident_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class IncidentEntry(DomainModel):
    """One entry of a major incident's timeline: declared, tickets linked, an update sent
    (to how many requesters), resolved. Written by the actions, never edited."""

    incident = models.ForeignKey(
        MajorIncident, verbose_name=_("major incident"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentEntryKind.choices)
    body = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("requesters told"), default=0)

    objects = ScopedManager["IncidentEntry"]()
    tenant_paths = TenantPaths("incident__collaboration")

    class Meta:
        verbose_name = _("incident timeline entry")
        verbose_name_plural = _("incident timeline entries")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["incident", "created"], name="incidententry_incident")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:40]}"


class SavedView(DomainModel):
    """A named set of ticket-list filters that an agent reuses."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=1000)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="savedview_unique_name")]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-app notification for one user about one ticket."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=300)
    created = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text


class IdempotencyRecord(models.Model):
    """Remembers the ticket an API create with an Idempotency-Key produced."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key")]

    def __str__(self) -> str:
        return self.key


class RecomputeState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Superseded")


class SLARecompute(models.Model):
    """A durable request to recompute the stored SLA clocks of the open tickets counted in
    one business calendar, after the calendar changed (``servicedesk.sla_recompute``).

    Calendar changes made while a request waits join it (``changes`` counts them); the
    worker takes it, works through the tickets in batches by id and commits each batch
    together with ``checkpoint`` (the last ticket id done), so a run that fails or is cut
    short continues there. A newer request for the same calendar supersedes a running one.
    """

    calendar = models.ForeignKey(
        "catalog.BusinessCalendar", verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=RecomputeState.choices, default=RecomputeState.QUEUED)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_requested_at = models.DateTimeField(_("last change"), default=timezone.now)
    changes = models.PositiveIntegerField(_("calendar changes"), default=1)
    attempts = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failed runs"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    # The run's lease: a worker task holds the request until then, and renews it with every
    # batch. A ``running`` request without a lease (or with one that has passed) was cut
    # short or its worker died; any worker's recompute task continues it.
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    tickets_total = models.PositiveIntegerField(_("tickets to check"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    checkpoint = models.BigIntegerField(_("last ticket done"), default=0)
    tickets_seen = models.PositiveIntegerField(_("tickets checked"), default=0)
    tickets_changed = models.PositiveIntegerField(_("tickets changed"), default=0)
    newly_breached = models.PositiveIntegerField(_("now breached"), default=0)
    no_longer_breached = models.PositiveIntegerField(_("no longer breached"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = ScopedManager["SLARecompute"]()
    tenant_paths = TenantPaths(collaboration="calendar__collaboration")
    label_related = ("calendar",)

    class Meta:
        verbose_name = _("SLA recompute")
        verbose_name_plural = _("SLA recomputes")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Changes coalesce: at most one request per calendar waits for the worker.
            models.UniqueConstraint(fields=["calendar"], condition=Q(state="queued"), name="slarecompute_one_queued"),
        ]
        indexes = [models.Index(fields=["state", "calendar"], name="slarecompute_state")]

    def __str__(self) -> str:
        return f"{self.calendar}: {self.get_state_display()}"
