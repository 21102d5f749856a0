"""Read-side helpers: the ticket timeline, queues and counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from samdrift.core.history import Change, readable_entries
from samdrift.core.models import AuditEntry
from samdrift.tenancy.models import Unit

from .access import can_work_ticket
from .choices import Status
from .models import Attachment, Comment, Ticket, TimeEntry


@dataclass(frozen=True)
class Event:
    at: datetime.datetime
    kind: str  # reply, note, status, change, time, attachment
    actor: str
    obj: Any = None
    changes: tuple[Change, ...] = ()


# Bookkeeping the timeline leaves out (the full history page shows it).
TIMELINE_HIDDEN = frozenset({"first_response_at"})


def timeline(ticket: Ticket, user: Any) -> list[Event]:
    """Replies, notes, status changes, time entries, files and (for staff) field changes."""
    staff = can_work_ticket(user, ticket)
    events: list[Event] = []
    files = Prefetch("attachments", queryset=Attachment.objects.visible_to(user))
    comments = Comment.objects.visible_to(user).filter(ticket=ticket).select_related("author").prefetch_related(files)
    for c in comments:
        events.append(Event(c.created, "note" if c.is_internal else "reply", str(c.author), c))
    for a in (
        Attachment.objects.visible_to(user).filter(ticket=ticket, comment__isnull=True).select_related("uploaded_by")
    ):
        events.append(Event(a.created, "attachment", str(a.uploaded_by), a))
    for t in TimeEntry.objects.visible_to(user).filter(ticket=ticket).select_related("user", "unit"):
        events.append(Event(t.created, "time", str(t.user), t))
    # The ticket's own audit rows: status changes for everyone who sees the ticket,
    # every field change for desk staff; labels, local times and names (core.history).
    ticket_type = ContentType.objects.get_for_model(Ticket)
    entries = (
        AuditEntry.objects.filter(content_type=ticket_type, object_id=str(ticket.pk))
        .exclude(action="create")
        .select_related("actor", "content_type")
        .order_by("pk")
    )
    for readable in readable_entries(entries, user):
        changes = tuple(c for c in readable.changes if c.field not in TIMELINE_HIDDEN)
        status_change = tuple(c for c in changes if c.field == "status")
        if status_change:
            events.append(Event(readable.timestamp, "status", readable.actor, None, status_change))
        other = tuple(c for c in changes if c.field != "status")
        if staff and other:
            events.append(Event(readable.timestamp, "change", readable.actor, None, other))
    events.sort(key=lambda e: e.at)
    return events


def status_label(value: Any) -> str:
    return str(Status(value).label) if value in Status.values else str(value)


def open_tickets(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return queryset.filter(open_status=True)


def queue_counts(user: Any) -> list[tuple[Unit, int]]:
    """Open tickets per unit the user can see (the queue overview)."""
    units = (
        Unit.objects.visible_to(user)
        .filter(is_active=True)
        .annotate(open_count=Count("tickets", filter=Q(tickets__open_status=True)))
    )
    return [(u, u.open_count) for u in units]


def major_incidents(user: Any) -> QuerySet[Ticket]:
    """The open major incidents the user sees, oldest first (the desk pages' banner).

    The few open ones are found first, from their own index (ticket_major_open) alone, and
    then read by key and narrowed to what the user sees. In one query SQLite's planner let
    an orderer's visibility (their member's tickets or their own, an OR) lead, through
    every ticket of the member (40 ms on the full demo; now under 1 ms).
    """
    open_ones = list(open_tickets(Ticket.objects.filter(major_incident=True)).order_by().values_list("pk", flat=True))
    return Ticket.objects.visible_to(user).filter(pk__in=open_ones).order_by("created")
