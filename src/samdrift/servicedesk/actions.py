"""The only way tickets and their parts change. One transaction and audit row each;
in-app notifications and queued e-mail are part of the same transaction."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import ForeignKey, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samdrift.accounts import policy
from samdrift.accounts.choices import Role
from samdrift.accounts.models import RoleAssignment
from samdrift.catalog.choices import ServiceState
from samdrift.core import audit
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.models import AuditAction, AuditEntry
from samdrift.core.versions import SYSTEM, ExpectedVersion, check_version
from samdrift.tenancy.models import Collaboration, Unit

from . import notifications, search, sla, workflow
from .access import can_raise_for, can_work_ticket, is_requester_of
from .attachments import validate_upload
from .choices import IncidentEntryKind, NotificationKind, SLAState, Status, TicketType
from .models import (
    Attachment,
    Category,
    Comment,
    DeskSettings,
    IdempotencyRecord,
    IncidentEntry,
    MajorIncident,
    Notification,
    Rating,
    ReplyTemplate,
    SavedView,
    Ticket,
    TicketCounter,
    TicketLink,
    TimeEntry,
)
from .signals import service_ordered, tickets_changed

if TYPE_CHECKING:
    from samdrift.accounts.models import User

TICKET_FIELDS = frozenset(
    {
        "subject",
        "description",
        "ticket_type",
        "category",
        "service",
        "system",
        "impact",
        "urgency",
        "member",
        "department",
        "unit",
        "assignee",
        "major_incident",
        "parent",
    }
)


# Desk settings are read on every create and change rarely, so each process keeps them
# for a short while. A change made here clears this process's copy at once; other
# processes see it within DESK_SETTINGS_TTL seconds.
DESK_SETTINGS_TTL = 30.0
_desk_settings_cache: dict[int, tuple[float, DeskSettings]] = {}


# A ticket raised without impact and urgency (a portal order, a mail): "one person,
# normal" in the priority matrix.
DEFAULT_IMPACT, DEFAULT_URGENCY = 3, 2


def desk_settings(collaboration: Collaboration | int) -> DeskSettings:
    """The collaboration's desk settings (defaults if none are stored). Treat as read-only."""
    collaboration_id = collaboration if isinstance(collaboration, int) else collaboration.pk
    now = time.monotonic()
    cached = _desk_settings_cache.get(collaboration_id)
    if cached and cached[0] > now:
        return cached[1]
    found = (
        DeskSettings.objects.select_related("collaboration", "default_unit")
        .filter(collaboration_id=collaboration_id)
        .first()
    )
    if found is None:
        found = DeskSettings(collaboration=Collaboration.objects.get(pk=collaboration_id))
    _desk_settings_cache[collaboration_id] = (now + DESK_SETTINGS_TTL, found)
    return found


def forget_desk_settings() -> None:
    """Drop this process's cached desk settings (after a change; tests between cases)."""
    _desk_settings_cache.clear()


def _desk_settings_change() -> None:
    forget_desk_settings()
    transaction.on_commit(forget_desk_settings)  # and again, in case a reader cached the old row


# One statement takes the row lock and the next number; RETURNING works on PostgreSQL
# and SQLite >= 3.35. Concurrent creates queue on the row lock until commit.
NEXT_NUMBER_SQL = (
    "UPDATE servicedesk_ticketcounter SET last = last + 1 WHERE collaboration_id = %s AND year = %s RETURNING last"
)


def _next_number(collaboration: Collaboration, prefix: str, year: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(NEXT_NUMBER_SQL, [collaboration.pk, year])
        row = cursor.fetchone()
        if row is None:  # the year's first ticket: create the counter, then take a number
            TicketCounter.objects.get_or_create(collaboration=collaboration, year=year)
            cursor.execute(NEXT_NUMBER_SQL, [collaboration.pk, year])
            row = cursor.fetchone()
    return f"{prefix}-{year}-{row[0]:06d}"


def _due(created: datetime.datetime, settings: DeskSettings, priority: int) -> datetime.datetime:
    return created + datetime.timedelta(hours=settings.target_hours_for(priority))


def _with_clock(current: Ticket, changes: dict[str, Any], now: datetime.datetime) -> dict[str, Any]:
    """``changes`` plus what they do to the ticket's SLA clock (see ``servicedesk.sla``)."""
    if current.sla_id is None and not changes.get("service") and not changes.get("system"):
        return changes
    settings = desk_settings(current.collaboration_id)
    result = changes | sla.clock_changes(current, changes, now, set(settings.sla_pause_statuses))
    if result["sla"] is None and current.sla_id is not None:  # the service was removed
        result["due_at"] = _due(current.created, settings, changes.get("priority", current.priority))
    return result


def unit_leads(unit: Unit | None) -> list[Any]:
    if unit is None:
        return []
    return [a.user for a in RoleAssignment.objects.filter(role=Role.UNIT_LEAD, unit=unit).select_related("user")]


def do_create_ticket(
    *,
    acting_user: User | None,
    requester: Any,
    subject: str,
    description: str,
    attachments: Sequence[UploadedFile] = (),
    idempotency_key: str = "",
    **fields: Any,
) -> Ticket:
    """Register a ticket. Member and department come from the requester unless given.

    With an ``idempotency_key`` the key is stored with the ticket in the same transaction,
    so a retry with the key finds this ticket (see the API's ``Idempotency-Key``).
    """
    unknown = set(fields) - TICKET_FIELDS
    if unknown:
        raise TypeError(f"unknown ticket fields: {sorted(unknown)}")
    member = fields.pop("member", None) or requester.member
    if member is None:
        raise ValidationError({"requester": _("The requester does not belong to a member municipality.")})
    # An agent may correct member and department; an empty department means "the requester's".
    department = fields.pop("department", None) or (requester.department if member == requester.member else None)
    settings = desk_settings(member.collaboration_id)
    collaboration = settings.collaboration
    for upload in attachments:
        validate_upload(upload, settings)  # refuse before anything is stored
    category = fields.get("category")
    unit = fields.pop("unit", None) or (category.default_unit if category else None) or settings.default_unit
    impact, urgency = fields.pop("impact", DEFAULT_IMPACT), fields.pop("urgency", DEFAULT_URGENCY)
    priority = 1 if fields.get("major_incident") else settings.priority_for(impact, urgency)
    now = timezone.now()
    with transaction.atomic():
        ticket = Ticket(
            number=_next_number(collaboration, settings.ticket_prefix, timezone.localdate(now).year),
            collaboration=collaboration,
            member=member,
            department=department,
            requester=requester,
            created_by=acting_user,
            subject=subject,
            description=description,
            unit=unit,
            impact=impact,
            urgency=urgency,
            priority=priority,
            due_at=_due(now, settings, priority),
            **fields,
        )
        if ticket.assignee_id:
            ticket.status = Status.ASSIGNED
        ticket.created = now
        if ticket.service_id or ticket.system_id:
            for name, value in sla.clock_changes(ticket, {}, now, set(settings.sla_pause_statuses)).items():
                setattr(ticket, name, value)
        # Related objects passed in as instances were fetched through scoped querysets, so
        # their existence checks are skipped; clean() still checks that they belong together.
        # The number is unique by construction (and by the database constraint).
        loaded = [f.name for f in Ticket._meta.concrete_fields if isinstance(f, ForeignKey) and f.is_cached(ticket)]
        ticket.full_clean(exclude=["number", *loaded], validate_unique=False)
        ticket.save(force_insert=True)
        policy.forget_owned(acting_user)
        policy.forget_owned(requester)
        search.index_new(ticket)
        audit.record("create", ticket, acting_user=acting_user, after=audit.snapshot(ticket))
        for upload in attachments:
            _store_attachment(ticket, upload, acting_user=acting_user)
        if idempotency_key and acting_user is not None:
            IdempotencyRecord.objects.create(user=acting_user, key=idempotency_key, ticket=ticket)
        text = _("%(number)s was registered: %(subject)s") % {"number": ticket.number, "subject": subject}
        notifications.notify([requester], ticket, NotificationKind.CREATED, text)
        if ticket.assignee:
            notifications.notify([ticket.assignee], ticket, NotificationKind.ASSIGNED, text)
        if ticket.major_incident:
            _escalate(ticket)
        if ticket.parent_id is not None:
            _note_new_child(ticket, acting_user=acting_user)
    return ticket


class CannotRaise(ValidationError):
    """The caller may not register a ticket for this requester (a form error in the UI,
    403 in the API)."""


@dataclass(frozen=True)
class Intake:
    """One way a ticket comes in: the fields it offers, what it fills in, and what it
    says when the caller may not register a ticket for the requester.

    The desk's form, the portal and the API all call :func:`do_raise_ticket` with one
    input shape (a mapping of ticket fields); they differ only in their ``Intake``.
    """

    name: str
    fields: frozenset[str]
    refusal: str | Promise
    refusal_field: str = NON_FIELD_ERRORS
    defaults: Mapping[str, Any] = field(default_factory=dict)


# Agents register on someone's behalf (e.g. during a phone call) with every field.
DESK_INTAKE = Intake(
    "desk",
    TICKET_FIELDS | {"requester"},
    gettext_lazy("You cannot register tickets for this person."),
    refusal_field="requester",
)
# Requesters raise their own tickets with plain questions; the rest is the desk's to set.
PORTAL_INTAKE = Intake(
    "portal",
    frozenset({"service", "category", "system", "ticket_type", "impact", "urgency"}),
    gettext_lazy("Your account is not connected to a member municipality. Contact the service desk by phone."),
)
# Integrations: every field; the requester defaults to the caller.
API_INTAKE = Intake("api", TICKET_FIELDS | {"requester"}, gettext_lazy("You cannot register tickets for this person."))


def do_raise_ticket(
    *,
    acting_user: User | None,
    intake: Intake,
    data: Mapping[str, Any],
    attachments: Sequence[UploadedFile] = (),
    idempotency_key: str = "",
) -> Ticket:
    """Register a ticket that came in through ``intake``: the one create path of the UI
    and the API. ``data`` holds ``subject``, ``description`` and any of the fields the
    intake offers (others are refused with ``TypeError``: a caller's mistake, not
    input). The requester is ``data["requester"]`` or the caller; a caller who may not
    register for them gets :class:`CannotRaise` (a ``ValidationError``)."""
    values = {**intake.defaults, **data}
    subject, description = values.pop("subject"), values.pop("description")
    unknown = set(values) - intake.fields
    if unknown:
        raise TypeError(f"{intake.name} tickets take no {sorted(unknown)}")
    requester = values.pop("requester", None) or acting_user
    if not can_raise_for(acting_user, requester):
        raise CannotRaise({intake.refusal_field: ValidationError(str(intake.refusal), code="cannot_raise")})
    return do_create_ticket(
        acting_user=acting_user,
        requester=requester,
        subject=subject,
        description=description,
        attachments=attachments,
        idempotency_key=idempotency_key,
        **values,
    )


def do_order_service(
    *, acting_user: User | None, requester: Any, service: Any, answers: Sequence[tuple[str, str]], message: str = ""
) -> Ticket:
    """A portal order: a service request for ``service`` with the order form's answers,
    routed to the service's owner unit. The answers are written into the description,
    one question per line, so the desk and the requester read the same order."""
    if not service.orderable or service.state != ServiceState.ACTIVE:
        raise ValidationError(_("This service cannot be ordered in the portal."))
    lines = [f"{question}: {answer}" for question, answer in answers]
    if message.strip():
        lines += ["", message.strip()]
    with transaction.atomic():
        ticket = do_create_ticket(
            acting_user=acting_user,
            requester=requester,
            subject=_("Order: %(service)s") % {"service": service.name},
            description="\n".join(lines) or _("Order without further details."),
            ticket_type=TicketType.REQUEST,
            service=service,
            unit=service.owner_unit,
        )
        service_ordered.send(sender=Ticket, ticket=ticket, service=service, acting_user=acting_user)
    return ticket


def _escalate(ticket: Ticket) -> None:
    """A major incident goes straight to the unit lead(s), bypassing the queue."""
    text = _("Major incident %(number)s: %(subject)s") % {"number": ticket.number, "subject": ticket.subject}
    notifications.notify(unit_leads(ticket.unit), ticket, NotificationKind.MAJOR_INCIDENT, text)


def do_update_ticket(
    ticket: Ticket, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Ticket:
    """Change a ticket's fields (not its status): priority and due time follow impact and urgency."""
    unknown = set(changes) - TICKET_FIELDS
    if unknown:
        raise TypeError(f"unknown ticket fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        settings = desk_settings(current.collaboration_id)
        impact = changes.get("impact", current.impact)
        urgency = changes.get("urgency", current.urgency)
        major = changes.get("major_incident", current.major_incident)
        priority = 1 if major else settings.priority_for(impact, urgency)
        if priority != current.priority:
            changes["priority"] = priority
            changes["due_at"] = _due(current.created, settings, priority)
        assignee = changes.get("assignee", current.assignee)
        if "assignee" in changes and assignee is not None and current.status == Status.NEW:
            changes["status"] = Status.ASSIGNED
        if {"priority", "status", "service", "system"} & set(changes):
            changes = _with_clock(current, changes, timezone.now())
        updated = update_object(current, acting_user=acting_user, expected_version=expected_version, **changes)
        if {"subject", "description"} & set(changes):
            search.reindex(updated)
        if "assignee" in changes and assignee is not None and assignee.pk != current.assignee_id:
            notifications.notify([assignee], updated, NotificationKind.ASSIGNED, str(updated))
        if major and not current.major_incident:
            _escalate(updated)
        if changes.get("parent") is not None and updated.parent_id != current.parent_id:
            _note_new_child(updated, acting_user=acting_user)
    return updated


def do_assign(
    ticket: Ticket, *, acting_user: User | None, expected_version: ExpectedVersion, unit: Unit | None, assignee: Any
) -> Ticket:
    return do_update_ticket(
        ticket, acting_user=acting_user, expected_version=expected_version, unit=unit, assignee=assignee
    )


def do_take(ticket: Ticket, *, acting_user: User | None, expected_version: ExpectedVersion) -> Ticket:
    """ "Ta ärendet": the acting agent becomes the ticket's handler (in its assignment group,
    or the group of the agent's own unit when the ticket has none)."""
    if not can_work_ticket(acting_user, ticket):
        raise PermissionDenied
    unit = ticket.unit
    if unit is None:
        assignment = RoleAssignment.objects.filter(user=acting_user, unit__isnull=False).select_related("unit").first()
        unit = assignment.unit if assignment else None
    return do_assign(
        ticket, acting_user=acting_user, expected_version=expected_version, unit=unit, assignee=acting_user
    )


def handler_missing(ticket: Ticket, status: str) -> bool:
    """Whether the desk requires a handler before ``status`` and the ticket has none."""
    if status not in (Status.RESOLVED, Status.CLOSED) or ticket.assignee_id is not None:
        return False
    return desk_settings(ticket.collaboration_id).require_assignee_to_resolve


def do_change_status(
    ticket: Ticket,
    *,
    acting_user: User | None,
    expected_version: ExpectedVersion,
    status: str,
    note: str = "",
    require_handler: bool = False,
) -> Ticket:
    """Move a ticket through the workflow; a resolution or waiting state tells the requester.

    With ``require_handler`` (what the desk's status form, bulk edit and the API pass)
    the desk setting ``require_assignee_to_resolve`` holds: no resolving without a handler.
    """
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        check_version(current.version, expected_version)
        if not workflow.can_transition(current.status, status):
            raise ValidationError(
                {
                    "status": _("A ticket cannot go from %(from)s to %(to)s.")
                    % {"from": current.get_status_display(), "to": Status(status).label}
                }
            )
        if require_handler and handler_missing(current, status):
            raise ValidationError(
                {
                    "status": ValidationError(
                        _("Assign the ticket to a handler before it is resolved (take it, or choose an assignee)."),
                        code="handler_required",
                    )
                }
            )
        now = timezone.now()
        changes: dict[str, Any] = {"status": status}
        if status == Status.RESOLVED:
            changes["resolved_at"] = now
        elif status == Status.CLOSED:
            changes["closed_at"] = now
        elif current.status == Status.RESOLVED:
            changes["resolved_at"] = None
        changes = _with_clock(current, changes, now)
        updated = update_object(current, acting_user=acting_user, expected_version=SYSTEM, **changes)
        if note:
            _comment(updated, acting_user=acting_user, body=note, is_internal=False)
        if status in (Status.RESOLVED, Status.WAITING_REQUESTER, Status.CLOSED):
            text = _("%(number)s is now: %(status)s") % {"number": updated.number, "status": Status(status).label}
            notifications.notify([updated.requester], updated, NotificationKind.STATUS, text)
    return updated


def do_reopen(ticket: Ticket, *, acting_user: User | None, reason: str) -> Ticket:
    """The requester reopens a resolved ticket within the reopen window (staff at any time)."""
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if current.status != Status.RESOLVED:
            raise ValidationError(_("Only a resolved ticket can be reopened."))
        window = desk_settings(current.collaboration_id).reopen_days
        if not can_work_ticket(acting_user, current) and not workflow.may_reopen(
            current.resolved_at, timezone.now(), window
        ):
            raise ValidationError(
                _("The ticket was resolved more than %(days)s days ago. Please register a new ticket.")
                % {"days": window}
            )
        if not reason.strip():
            raise ValidationError({"reason": _("Tell us why the problem is not solved.")})
        reopened = _with_clock(current, {"status": Status.IN_PROGRESS, "resolved_at": None}, timezone.now())
        updated = update_object(current, acting_user=acting_user, expected_version=SYSTEM, **reopened)
        _comment(updated, acting_user=acting_user, body=reason, is_internal=False)
        text = _("%(number)s was reopened by the requester.") % {"number": updated.number}
        recipients = [updated.assignee] if updated.assignee else unit_leads(updated.unit)
        notifications.notify(recipients, updated, NotificationKind.REOPENED, text)
    return updated


def _comment(ticket: Ticket, *, acting_user: User | None, body: str, is_internal: bool) -> Comment:
    comment = create_object(
        Comment, acting_user=acting_user, ticket=ticket, author=acting_user, body=body, is_internal=is_internal
    )
    if not is_internal:
        search.reindex(ticket)
    return comment


def do_add_comment(
    ticket: Ticket,
    *,
    acting_user: User | None,
    body: str,
    is_internal: bool = False,
    attachments: Sequence[UploadedFile] = (),
) -> Comment:
    """A public reply or an internal note. Replies move the workflow and notify the other side."""
    if not body.strip():
        raise ValidationError({"body": _("Write something before sending.")})
    staff = can_work_ticket(acting_user, ticket)
    if is_internal and not staff:
        raise PermissionDenied
    settings = desk_settings(ticket.collaboration_id)
    for upload in attachments:
        validate_upload(upload, settings)
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if current.status == Status.CLOSED:
            raise ValidationError(_("The ticket is closed. Please register a new ticket."))
        comment = _comment(current, acting_user=acting_user, body=body, is_internal=is_internal)
        for upload in attachments:
            _store_attachment(current, upload, acting_user=acting_user, comment=comment)
        if is_internal:
            return comment
        text = _("New reply on %(number)s") % {"number": current.number}
        if staff and acting_user is not None and acting_user.pk != current.requester_id:
            if current.first_response_at is None:
                update_object(
                    current, acting_user=acting_user, expected_version=SYSTEM, first_response_at=timezone.now()
                )
            notifications.notify([current.requester], current, NotificationKind.REPLY, text)
        else:
            target = workflow.status_after_requester_reply(current.status)
            if target != current.status:
                moved = _with_clock(current, {"status": target}, timezone.now())
                update_object(current, acting_user=acting_user, expected_version=SYSTEM, **moved)
            notifications.notify(
                [current.assignee] if current.assignee else unit_leads(current.unit),
                current,
                NotificationKind.REPLY,
                text,
            )
    return comment


def do_log_time(
    ticket: Ticket,
    *,
    acting_user: User | None,
    minutes: int,
    work_type: str,
    performed_on: datetime.date,
    billable: bool = False,
    unit: Unit | None = None,
    note: str = "",
) -> TimeEntry:
    unit = unit or ticket.unit
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the time belongs to.")})
    return create_object(
        TimeEntry,
        acting_user=acting_user,
        ticket=ticket,
        user=acting_user,
        unit=unit,
        minutes=minutes,
        work_type=work_type,
        billable=billable,
        performed_on=performed_on,
        note=note,
    )


def do_delete_time_entry(entry: TimeEntry, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(entry, acting_user=acting_user, expected_version=expected_version)


def _store_attachment(
    ticket: Ticket, upload: UploadedFile, *, acting_user: User | None, comment: Comment | None = None
) -> Attachment:
    name = (upload.name or "fil").rsplit("/", 1)[-1][:200]
    return create_object(
        Attachment,
        acting_user=acting_user,
        ticket=ticket,
        comment=comment,
        file=upload,
        filename=name,
        size=upload.size or 0,
        content_type=(upload.content_type or "application/octet-stream")[:100],
        uploaded_by=acting_user,
    )


def do_add_attachment(ticket: Ticket, *, acting_user: User | None, upload: UploadedFile) -> Attachment:
    validate_upload(upload, desk_settings(ticket.collaboration_id))
    with transaction.atomic():
        return _store_attachment(ticket, upload, acting_user=acting_user)


def do_link_tickets(ticket: Ticket, related: Ticket, *, acting_user: User | None) -> TicketLink:
    if ticket.pk == related.pk:
        raise ValidationError(_("A ticket cannot be related to itself."))
    if TicketLink.objects.filter(ticket__in=[ticket, related], related__in=[ticket, related]).exists():
        raise ValidationError(_("The tickets are already related."))
    return create_object(TicketLink, acting_user=acting_user, ticket=ticket, related=related, created_by=acting_user)


def do_rate(ticket: Ticket, *, acting_user: User | None, score: int, comment: str = "") -> Rating:
    if not is_requester_of(acting_user, ticket):
        raise PermissionDenied
    ticket = Ticket.objects.get(pk=ticket.pk)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise ValidationError(_("You can rate a ticket once it is resolved."))
    existing = Rating.objects.filter(ticket=ticket).first()
    if existing:
        return update_object(existing, acting_user=acting_user, expected_version=SYSTEM, score=score, comment=comment)
    return create_object(
        Rating, acting_user=acting_user, ticket=ticket, score=score, comment=comment, rated_by=acting_user
    )


def do_bulk_assign(tickets: Iterable[Ticket], *, acting_user: User | None, unit: Unit | None, assignee: Any) -> int:
    count = 0
    for ticket in tickets:
        do_assign(ticket, acting_user=acting_user, expected_version=SYSTEM, unit=unit or ticket.unit, assignee=assignee)
        count += 1
    return count


def do_bulk_status(
    tickets: Iterable[Ticket], *, acting_user: User | None, status: str, require_handler: bool = False
) -> tuple[int, int]:
    """Change the status of many tickets; returns (changed, skipped by the workflow)."""
    changed = skipped = 0
    for ticket in tickets:
        if not workflow.can_transition(ticket.status, status) or (require_handler and handler_missing(ticket, status)):
            skipped += 1
            continue
        do_change_status(ticket, acting_user=acting_user, expected_version=SYSTEM, status=status)
        changed += 1
    return changed, skipped


def do_bulk_classify(
    tickets: Iterable[Ticket],
    *,
    acting_user: User | None,
    impact: int | None = None,
    urgency: int | None = None,
    category: Category | None = None,
) -> tuple[int, int]:
    """Change impact, urgency (so the priority and due time follow the desk's matrix) and
    category of many open tickets; ``None`` keeps a value. Returns (changed, skipped):
    closed tickets, and tickets of another collaboration than the category's, are skipped."""
    wanted = {"impact": impact, "urgency": urgency, "category": category}
    wanted = {name: value for name, value in wanted.items() if value is not None}
    changed = skipped = 0
    for ticket in tickets:
        if ticket.status == Status.CLOSED or (
            category is not None and category.collaboration_id != ticket.collaboration_id
        ):
            skipped += 1
            continue
        current = {"impact": ticket.impact, "urgency": ticket.urgency, "category": ticket.category_id}
        changes = {
            name: value
            for name, value in wanted.items()
            if current[name] != (value.pk if isinstance(value, Category) else value)
        }
        if changes:
            do_update_ticket(ticket, acting_user=acting_user, expected_version=SYSTEM, **changes)
            changed += 1
    return changed, skipped


def do_merge_tickets(
    duplicate: Ticket, into: Ticket, *, acting_user: User | None, expected_version: ExpectedVersion
) -> Ticket:
    """Merge a duplicate into the ticket that stays ("slå ihop"): its replies, notes, files,
    time and child tickets move over, the duplicate is closed pointing at it, and its
    requester is told where the conversation goes on. Only tickets of the same requester
    (the same person asked twice) are merged; tickets of several people about one fault
    are related, or made children of one parent ticket, instead."""
    if not (can_work_ticket(acting_user, duplicate) and can_work_ticket(acting_user, into)):
        raise PermissionDenied
    with transaction.atomic():
        locked = {
            t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
        }
        current, target = locked[duplicate.pk], locked[into.pk]
        check_version(current.version, expected_version)
        error = _merge_refusal(current, target)
        if error:
            raise ValidationError(error)
        for model in (Comment, Attachment, TimeEntry):
            for row in model.objects.filter(ticket=current).order_by("pk"):
                update_object(row, acting_user=acting_user, expected_version=SYSTEM, ticket=target)
        for child in Ticket.objects.filter(parent=current).order_by("pk"):
            update_object(child, acting_user=acting_user, expected_version=SYSTEM, parent=target)
        _comment(
            current,
            acting_user=acting_user,
            body=_("This ticket was merged into %(number)s. The conversation goes on there.")
            % {"number": target.number},
            is_internal=False,
        )
        now = timezone.now()
        closing = {"status": Status.CLOSED, "closed_at": now, "resolved_at": current.resolved_at or now}
        merged = update_object(
            current,
            acting_user=acting_user,
            expected_version=SYSTEM,
            merged_into=target,
            **_with_clock(current, closing, now),
        )
        _comment(
            target,
            acting_user=acting_user,
            body=_("%(number)s (%(subject)s) was merged into this ticket.")
            % {"number": merged.number, "subject": merged.subject},
            is_internal=True,
        )
        target = Ticket.objects.get(pk=target.pk)
        search.reindex(target)
        text = _("%(number)s was merged into %(into)s.") % {"number": merged.number, "into": target.number}
        notifications.notify([merged.requester], target, NotificationKind.STATUS, text)
    return target


def _merge_refusal(duplicate: Ticket, target: Ticket) -> str:
    if duplicate.pk == target.pk:
        return _("A ticket cannot be merged into itself.")
    if duplicate.collaboration_id != target.collaboration_id:
        return _("Only tickets of the same collaboration can be merged.")
    if duplicate.requester_id != target.requester_id:
        return _("Only tickets of the same requester can be merged. Relate them, or make one the parent, instead.")
    if duplicate.status == Status.CLOSED:
        return _("A closed ticket cannot be merged.")
    if target.status == Status.CLOSED:
        return _("The ticket to keep is closed: choose an open one.")
    return ""


def do_close_resolved(*, now: datetime.datetime | None = None) -> int:
    """Close tickets resolved longer ago than their desk's reopen window (a scheduled job)."""
    now = now or timezone.now()
    closed = 0
    for settings in [*DeskSettings.objects.all(), None]:
        qs = Ticket.objects.filter(status=Status.RESOLVED)
        if settings is None:
            qs = qs.exclude(collaboration__desk_settings__isnull=False)
            window = DeskSettings().reopen_days
        else:
            qs = qs.filter(collaboration=settings.collaboration)
            window = settings.reopen_days
        for ticket in qs.filter(resolved_at__lt=now - datetime.timedelta(days=window)):
            closing = _with_clock(ticket, {"status": Status.CLOSED, "closed_at": now}, now)
            update_object(ticket, acting_user=None, expected_version=SYSTEM, **closing)
            closed += 1
    return closed


def do_watch_sla(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Flag running SLA clocks that reached their at-risk or due time, and tell the assignee
    (or the unit's leads) — before a breach and on it. A scheduled job; returns the counts."""
    now = now or timezone.now()
    running = Ticket.objects.filter(sla_started_at__isnull=False).select_related("assignee", "unit")
    flagged = {SLAState.AT_RISK: 0, SLAState.BREACHED: 0}
    batches = [
        (SLAState.BREACHED, running.filter(sla_state__in=[SLAState.ON_TRACK, SLAState.AT_RISK], due_at__lte=now)),
        (SLAState.AT_RISK, running.filter(sla_state=SLAState.ON_TRACK, sla_at_risk_at__lte=now)),
    ]
    for state, tickets in batches:
        for ticket in tickets.order_by("due_at")[:1000]:
            with transaction.atomic():
                updated = update_object(ticket, acting_user=None, expected_version=SYSTEM, sla_state=state)
                due = timezone.localtime(updated.due_at).strftime("%Y-%m-%d %H:%M") if updated.due_at else ""
                if state == SLAState.BREACHED:
                    kind = NotificationKind.SLA_BREACHED
                    text = _("%(number)s has breached its SLA (due %(due)s).")
                else:
                    kind = NotificationKind.SLA_AT_RISK
                    text = _("%(number)s is at risk of breaching its SLA (due %(due)s).")
                people = [updated.assignee] if updated.assignee else unit_leads(updated.unit)
                if state == SLAState.BREACHED and updated.assignee:
                    people += unit_leads(updated.unit)
                notifications.notify(people, updated, kind, text % {"number": updated.number, "due": due})
            flagged[state] += 1
    return flagged[SLAState.AT_RISK], flagged[SLAState.BREACHED]


def do_save_view(*, acting_user: User | None, name: str, query: str) -> SavedView:
    existing = SavedView.objects.filter(user=acting_user, name=name).first()
    if existing:
        return update_object(existing, acting_user=acting_user, expected_version=SYSTEM, query=query)
    return create_object(SavedView, acting_user=acting_user, user=acting_user, name=name, query=query)


def do_delete_view(view: SavedView, *, acting_user: User | None) -> None:
    delete_object(view, acting_user=acting_user, expected_version=SYSTEM)


def do_mark_notifications_read(*, acting_user: User | None, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=acting_user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def do_configure_desk(collaboration: Collaboration, *, acting_user: User | None, **values: Any) -> DeskSettings:
    existing = DeskSettings.objects.filter(collaboration=collaboration).first()
    _desk_settings_change()
    if existing:
        return update_object(existing, acting_user=acting_user, expected_version=SYSTEM, **values)
    return create_object(DeskSettings, acting_user=acting_user, collaboration=collaboration, **values)


def do_import_history(
    *,
    acting_user: User | None,
    tickets: list[Ticket],
    comments_for: dict[int, list[Comment]],
    time_for: dict[int, list[TimeEntry]],
    ratings_for: dict[int, Rating],
) -> int:
    """Load tickets from an earlier system (or the demo) in bulk.

    The ``*_for`` maps are keyed by each ticket's position in ``tickets``. Imported rows
    are history, not changes made here: one audit row per collaboration records the
    import instead of one per ticket. Ticket counters and the search index are updated.
    """
    with transaction.atomic():
        Ticket.objects.bulk_create(tickets, batch_size=2000)
        children: list[Any] = []
        for index, ticket in enumerate(tickets):
            for comment in comments_for.get(index, []):
                comment.ticket = ticket
                children.append(comment)
        Comment.objects.bulk_create(children, batch_size=5000)
        entries: list[TimeEntry] = []
        for index, ticket in enumerate(tickets):
            for entry in time_for.get(index, []):
                entry.ticket = ticket
                entries.append(entry)
        TimeEntry.objects.bulk_create(entries, batch_size=5000)
        ratings: list[Rating] = []
        for index, rating in ratings_for.items():
            rating.ticket = tickets[index]
            ratings.append(rating)
        Rating.objects.bulk_create(ratings, batch_size=5000)
        per_year: dict[tuple[int, int], int] = {}
        for ticket in tickets:
            year, serial = int(ticket.number.split("-")[-2]), int(ticket.number.split("-")[-1])
            key = (ticket.collaboration_id, year)
            per_year[key] = max(per_year.get(key, 0), serial)
        for (collaboration_id, year), last in per_year.items():
            counter, _created = TicketCounter.objects.get_or_create(collaboration_id=collaboration_id, year=year)
            if counter.last < last:
                TicketCounter.objects.filter(pk=counter.pk).update(last=last)
        search.reindex_many([t.pk for t in tickets])
        tickets_changed.send(sender=Ticket, ticket_ids=[t.pk for t in tickets])
        for collaboration_id in {t.collaboration_id for t in tickets}:
            AuditEntry.objects.create(
                **audit.actor_fields(acting_user),
                action=AuditAction.CREATE,
                content_type=ContentType.objects.get_for_model(Ticket),
                object_id="import",
                object_repr=f"Import: {sum(1 for t in tickets if t.collaboration_id == collaboration_id)} tickets",
                after={"tickets": sum(1 for t in tickets if t.collaboration_id == collaboration_id)},
                scope_collaboration=collaboration_id,
            )
    return len(tickets)


def do_create_category(*, acting_user: User | None, **fields: Any) -> Category:
    return create_object(Category, acting_user=acting_user, **fields)


def do_update_category(
    category: Category, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Category:
    return update_object(category, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_category(category: Category, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(category, acting_user=acting_user, expected_version=expected_version)


def do_create_desk_settings(*, acting_user: User | None, **fields: Any) -> DeskSettings:
    _desk_settings_change()
    return create_object(DeskSettings, acting_user=acting_user, **fields)


def do_update_desk_settings(
    settings: DeskSettings, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> DeskSettings:
    _desk_settings_change()
    return update_object(settings, acting_user=acting_user, expected_version=expected_version, **changes)


def do_create_reply_template(*, acting_user: User | None, **fields: Any) -> ReplyTemplate:
    return create_object(ReplyTemplate, acting_user=acting_user, **fields)


def do_update_reply_template(
    template: ReplyTemplate, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> ReplyTemplate:
    return update_object(template, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_reply_template(
    template: ReplyTemplate, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(template, acting_user=acting_user, expected_version=expected_version)


# Major incidents (allvarliga störningar) ---------------------------------------------


def _incident_entry(
    incident: MajorIncident, kind: str, *, acting_user: User | None, body: str = "", recipients: int = 0
) -> IncidentEntry:
    return create_object(
        IncidentEntry,
        acting_user=acting_user,
        incident=incident,
        kind=kind,
        body=body,
        author=acting_user,
        recipients=recipients,
    )


def open_incident_of(ticket_id: int | None) -> MajorIncident | None:
    """The open major incident whose ticket is ``ticket_id``, if any."""
    if ticket_id is None:
        return None
    return MajorIncident.objects.filter(ticket_id=ticket_id, resolved_at__isnull=True).first()


def _declare_refusal(ticket: Ticket, service: Any) -> str:
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        return _("A resolved or closed ticket cannot be declared a major incident.")
    if MajorIncident.objects.filter(ticket=ticket).exists():
        return _("This ticket is already a major incident.")
    if ticket.parent_id is not None:
        return _("This ticket is linked to another ticket: declare the parent ticket instead.")
    if service is None or service.collaboration_id != ticket.collaboration_id:
        return _("Choose a service of the ticket's collaboration.")
    return ""


def do_declare_major_incident(
    ticket: Ticket,
    *,
    acting_user: User | None,
    expected_version: ExpectedVersion,
    service: Any,
    title: str,
    public_text: str,
    impact: str,
    affected_members: Sequence[Any] = (),
    linked: Iterable[Ticket] = (),
) -> MajorIncident:
    """Declare ``ticket`` a major incident ("allvarlig störning"): it becomes priority 1
    and goes to the unit leads (of the service's unit when the ticket has none), a current
    disruption of ``service`` is published on Driftinformation for the affected members
    (none chosen: all), and the ``linked`` tickets become its children, in one transaction."""
    from samdrift.catalog.actions import do_report_disruption
    from samdrift.catalog.choices import DisruptionKind

    if not can_work_ticket(acting_user, ticket):
        raise PermissionDenied
    if acting_user is None:
        raise ValidationError(_("A person declares a major incident."))
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        check_version(current.version, expected_version)
        error = _declare_refusal(current, service)
        if error:
            raise ValidationError(error)
        changes: dict[str, Any] = {}
        if not current.major_incident:
            changes["major_incident"] = True
        if current.service_id is None:
            changes["service"] = service
        if current.unit_id is None and service.owner_unit_id is not None:
            changes["unit"] = service.owner_unit  # so that the escalation reaches the service's unit leads
        if changes:
            current = do_update_ticket(current, acting_user=acting_user, expected_version=SYSTEM, **changes)
        disruption = do_report_disruption(
            acting_user=acting_user,
            service=service,
            title=title,
            kind=DisruptionKind.UNPLANNED,
            impact=impact,
            starts=timezone.now(),
            public_text=public_text,
            affected_members=list(affected_members),
        )
        incident = create_object(
            MajorIncident,
            acting_user=acting_user,
            collaboration_id=current.collaboration_id,
            ticket=current,
            disruption=disruption,
            declared_by=acting_user,
        )
        _incident_entry(incident, IncidentEntryKind.DECLARED, acting_user=acting_user, body=public_text)
        linked = list(linked)
        if linked:
            do_link_to_incident(incident, linked, acting_user=acting_user)
    return incident


def _link_refusal(incident: MajorIncident, ticket: Ticket) -> bool:
    return (
        ticket.pk == incident.ticket_id
        or ticket.collaboration_id != incident.collaboration_id
        or ticket.status == Status.CLOSED
        or ticket.parent_id == incident.ticket_id
        or MajorIncident.objects.filter(ticket_id=ticket.pk).exists()
    )


def do_link_to_incident(
    incident: MajorIncident, tickets: Iterable[Ticket], *, acting_user: User | None
) -> tuple[int, int]:
    """Make ``tickets`` children of the incident's ticket, telling each requester that
    the fault is known and that updates follow. Returns (linked, skipped): closed tickets,
    tickets of another collaboration, the incident's own ticket and those already linked
    are skipped."""
    linked: list[Ticket] = []
    skipped = 0
    with transaction.atomic():
        current = MajorIncident.objects.select_for_update().select_related("ticket", "disruption").get(pk=incident.pk)
        if current.resolved_at is not None:
            raise ValidationError(_("The major incident is resolved: register a new ticket instead."))
        for ticket in tickets:
            if not can_work_ticket(acting_user, ticket):
                raise PermissionDenied
            if _link_refusal(current, ticket):
                skipped += 1
                continue
            child = update_object(ticket, acting_user=acting_user, expected_version=SYSTEM, parent=current.ticket)
            _comment(
                child,
                acting_user=acting_user,
                body=_(
                    "Your ticket concerns a known major incident: %(title)s. We send updates here until it is solved."
                )
                % {"title": current.disruption.title},
                is_internal=False,
            )
            notifications.notify([child.requester], child, NotificationKind.MAJOR_INCIDENT, current.disruption.title)
            linked.append(child)
        if linked:
            _incident_entry(
                current,
                IncidentEntryKind.LINKED,
                acting_user=acting_user,
                body=", ".join(t.number for t in linked),
                recipients=len({t.requester_id for t in linked}),
            )
    return len(linked), skipped


def _note_new_child(ticket: Ticket, *, acting_user: User | None) -> None:
    """A ticket registered or moved under an open major incident's ticket joins its timeline."""
    incident = open_incident_of(ticket.parent_id)
    if incident is not None:
        _incident_entry(incident, IncidentEntryKind.LINKED, acting_user=acting_user, body=ticket.number, recipients=1)


def incident_tickets(incident: MajorIncident) -> list[Ticket]:
    """The incident's ticket and its children that are still open, oldest first."""
    return list(
        Ticket.objects.filter(Q(pk=incident.ticket_id) | Q(parent_id=incident.ticket_id))
        .exclude(status__in=(Status.RESOLVED, Status.CLOSED))
        .order_by("pk")
    )


def do_send_incident_update(
    incident: MajorIncident, *, acting_user: User | None, body: str, publish: bool = False
) -> int:
    """Send one update to the requesters of the incident's ticket and of every open child
    (a public reply on each, which notifies its requester); with ``publish`` the text also
    replaces the public information on Driftinformation. Returns how many requesters."""
    from samdrift.catalog.actions import do_update_disruption

    if not body.strip():
        raise ValidationError({"body": _("Write something before sending.")})
    with transaction.atomic():
        current = MajorIncident.objects.select_for_update().select_related("disruption").get(pk=incident.pk)
        if current.resolved_at is not None:
            raise ValidationError(_("The major incident is resolved."))
        tickets = incident_tickets(current)
        for ticket in tickets:
            do_add_comment(ticket, acting_user=acting_user, body=body)
        if publish:
            do_update_disruption(current.disruption, acting_user=acting_user, expected_version=SYSTEM, public_text=body)
        recipients = len({t.requester_id for t in tickets})
        _incident_entry(current, IncidentEntryKind.UPDATE, acting_user=acting_user, body=body, recipients=recipients)
    return recipients


def do_resolve_major_incident(
    incident: MajorIncident, *, acting_user: User | None, expected_version: ExpectedVersion, closing_message: str
) -> MajorIncident:
    """Resolve the incident: its ticket and every open child are resolved with the closing
    message (a handler-less ticket gets the resolver as handler where the desk requires
    one), the disruption ends now, and the timeline records how many requesters were told."""
    from samdrift.catalog.actions import do_update_disruption

    if not closing_message.strip():
        raise ValidationError({"closing_message": _("Write the closing message the requesters get.")})
    with transaction.atomic():
        current = MajorIncident.objects.select_for_update().select_related("disruption").get(pk=incident.pk)
        check_version(current.version, expected_version)
        if current.resolved_at is not None:
            raise ValidationError(_("The major incident is already resolved."))
        now = timezone.now()
        tickets = incident_tickets(current)
        for ticket in tickets:
            if handler_missing(ticket, Status.RESOLVED):
                ticket = do_take(ticket, acting_user=acting_user, expected_version=SYSTEM)
            do_change_status(
                ticket, acting_user=acting_user, expected_version=SYSTEM, status=Status.RESOLVED, note=closing_message
            )
        disruption = current.disruption
        if disruption.ends is None or disruption.ends > now:
            do_update_disruption(disruption, acting_user=acting_user, expected_version=SYSTEM, ends=now)
        resolved = update_object(
            current, acting_user=acting_user, expected_version=SYSTEM, resolved_at=now, closing_message=closing_message
        )
        _incident_entry(
            resolved,
            IncidentEntryKind.RESOLVED,
            acting_user=acting_user,
            body=closing_message,
            recipients=len({t.requester_id for t in tickets}),
        )
    return resolved
