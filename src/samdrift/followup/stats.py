"""Keeping the service-desk statistics rollup (``TicketStat``) equal to the tickets.

Each ticket's contribution is derived from the ticket, its time entries, its public
replies and the audit log (reopenings), and stored as a ``TicketFact``. When tickets
change, ``followup.receivers`` marks them in ``StatDirty`` in the same transaction;
:func:`refresh` (a periodic job) takes the marks, recounts those tickets and adds the
difference between their new and their old contribution to the cells. :func:`rebuild`
counts everything again from scratch (after an import, or to check).

Definitions (documented in docs/followup.md):

* a ticket is **opened** in the month (Swedish time) it was registered, and **resolved** in
  the month of its current ``resolved_at`` (a reopened and again resolved ticket counts
  once, at its last resolution); closed tickets keep their resolution time;
* **backlog** at the end of a month: registered by then and not resolved by then;
* **reopened**: a resolved ticket that had been reopened at least once (an audited status
  change from resolved back to an open status);
* **first contact**: resolved, never reopened, and the requester never had to reply;
* **SLA**: of the resolved tickets with an SLA, those whose clock says met (as the SLA
  report counts them);
* **minutes**: time entries, in the month they were performed, on the ticket's breakdown.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.core.models import AuditAction, AuditEntry
from samdrift.servicedesk.choices import OPEN_STATUSES, SLAState
from samdrift.servicedesk.models import Comment, Ticket, TimeEntry

from .choices import StatKind
from .models import StatDirty, StatState, TicketFact, TicketStat

BATCH = 500
REBUILD_CHUNK = 10_000
# The order of the figures in a contribution vector.
FIGURES = ("opened", "resolved", "reopened", "first_contact", "sla_resolved", "sla_met", "minutes")
Key = tuple[int, str, datetime.date, int, int, int]  # collaboration, kind, month, member, department, value
Vector = list[int]


def month_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(STOCKHOLM).date().replace(day=1)


def _parse_month(text: str) -> datetime.date:
    return datetime.date(int(text[:4]), int(text[5:7]), 1)


# Facts --------------------------------------------------------------------------------


TICKET_VALUES = (
    "id",
    "collaboration_id",
    "member_id",
    "department_id",
    "unit_id",
    "service_id",
    "category_id",
    "priority",
    "created",
    "resolved_at",
    "sla_id",
    "sla_state",
)


def _reopened_ids(ticket_ids: list[int] | None) -> set[int]:
    """Tickets with an audited change from resolved back to an open status."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        action=AuditAction.UPDATE,
        before__status="resolved",
        after__status__in=sorted(OPEN_STATUSES),
    )
    if ticket_ids is not None:
        entries = entries.filter(object_id__in=[str(i) for i in ticket_ids])
    return {int(i) for i in entries.values_list("object_id", flat=True) if str(i).isdigit()}


def _requester_replied_ids(ticket_ids: list[int]) -> set[int]:
    replies = Comment.objects.filter(ticket_id__in=ticket_ids, is_internal=False, author_id=F("ticket__requester_id"))
    return set(replies.values_list("ticket_id", flat=True).distinct())


def _minutes(ticket_ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for ticket_id, performed_on, minutes in TimeEntry.objects.filter(ticket_id__in=ticket_ids).values_list(
        "ticket_id", "performed_on", "minutes"
    ):
        found[ticket_id][f"{performed_on:%Y-%m}"] += minutes
    return {k: dict(v) for k, v in found.items()}


def compute_facts(ticket_ids: list[int], reopened: set[int] | None = None) -> dict[int, TicketFact]:
    """The current contribution of each ticket (tickets that no longer exist are left out)."""
    if not ticket_ids:
        return {}
    reopened = _reopened_ids(ticket_ids) if reopened is None else reopened
    replied = _requester_replied_ids(ticket_ids)
    minutes = _minutes(ticket_ids)
    facts = {}
    for row in Ticket.objects.filter(pk__in=ticket_ids).values(*TICKET_VALUES):
        pk = row["id"]
        resolved_at = row["resolved_at"]
        resolved = resolved_at is not None
        was_reopened = resolved and pk in reopened
        sla = ""
        if resolved and row["sla_id"] is not None:
            sla = "met" if row["sla_state"] == SLAState.MET else "breached"
        facts[pk] = TicketFact(
            ticket_id=pk,
            collaboration_id=row["collaboration_id"],
            member_id=row["member_id"],
            department_id=row["department_id"] or 0,
            unit_id=row["unit_id"] or 0,
            service_id=row["service_id"] or 0,
            category_id=row["category_id"] or 0,
            priority=row["priority"] or 0,
            opened_month=month_of(row["created"]),
            resolved_month=month_of(resolved_at) if resolved else None,
            reopened=was_reopened,
            first_contact=resolved and not was_reopened and pk not in replied,
            sla=sla,
            minutes=minutes.get(pk, {}),
        )
    return facts


def contributions(fact: TicketFact) -> Iterator[tuple[Key, Vector]]:
    """The cells one ticket adds to, and what it adds: once per kind."""
    values = {
        StatKind.UNIT: fact.unit_id,
        StatKind.SERVICE: fact.service_id,
        StatKind.CATEGORY: fact.category_id,
        StatKind.PRIORITY: fact.priority,
    }
    per_month: dict[datetime.date, Vector] = defaultdict(lambda: [0] * len(FIGURES))
    per_month[fact.opened_month][0] += 1
    if fact.resolved_month is not None:
        cell = per_month[fact.resolved_month]
        cell[1] += 1
        cell[2] += int(fact.reopened)
        cell[3] += int(fact.first_contact)
        cell[4] += int(bool(fact.sla))
        cell[5] += int(fact.sla == "met")
    for month, minutes in (fact.minutes or {}).items():
        per_month[_parse_month(month)][6] += int(minutes)
    for kind, value in values.items():
        for month, vector in per_month.items():
            yield (
                (fact.collaboration_id, str(kind), month, fact.member_id, fact.department_id, value),
                vector,
            )


def _add(deltas: dict[Key, Vector], facts: Iterable[TicketFact], sign: int) -> None:
    for fact in facts:
        for key, vector in contributions(fact):
            cell = deltas.get(key)
            if cell is None:
                cell = deltas[key] = [0] * len(FIGURES)
            for i, figure in enumerate(vector):
                cell[i] += sign * figure


# Writing the cells --------------------------------------------------------------------


def _insert(model: type[Any], columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Plain multi-row ``executemany`` for the rebuild: the ORM's bulk_create spends most
    of its time preparing each value, which for a million tickets is minutes."""
    sqlite = connection.vendor == "sqlite"

    def plain(value: Any) -> Any:
        if sqlite and isinstance(value, datetime.date):
            return value.isoformat()
        return value

    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — table and column names are ours
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(plain(v) for v in row))
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


FACT_COLUMNS = [
    "ticket_id",
    "collaboration_id",
    "member_id",
    "department_id",
    "unit_id",
    "service_id",
    "category_id",
    "priority",
    "opened_month",
    "resolved_month",
    "reopened",
    "first_contact",
    "sla",
    "minutes",
]


def _fact_row(fact: TicketFact) -> tuple[Any, ...]:
    return tuple(json.dumps(fact.minutes or {}) if name == "minutes" else getattr(fact, name) for name in FACT_COLUMNS)


def _lock_state() -> StatState:
    StatState.objects.get_or_create(pk=1)
    return StatState.objects.select_for_update().get(pk=1)


def _apply(deltas: dict[Key, Vector]) -> None:
    """Add ``deltas`` to the cells (creating and deleting cells as needed). The caller
    holds the state lock, so no one else writes cells meanwhile."""
    deltas = {k: v for k, v in deltas.items() if any(v)}
    if not deltas:
        return
    groups: dict[tuple[int, str], list[Key]] = defaultdict(list)
    for key in deltas:
        groups[(key[0], key[1])].append(key)
    to_update, to_delete, to_create = [], [], []
    for (collaboration_id, kind), keys in groups.items():
        existing = {
            (s.collaboration_id, s.kind, s.month, s.member_id, s.department_key, s.value): s
            for s in TicketStat.objects.filter(
                collaboration_id=collaboration_id,
                kind=kind,
                month__in={k[2] for k in keys},
                member_id__in={k[3] for k in keys},
            )
        }
        for key in keys:
            delta = deltas[key]
            stat = existing.get(key)
            if stat is None:
                stat = TicketStat(
                    collaboration_id=key[0],
                    kind=key[1],
                    month=key[2],
                    member_id=key[3],
                    department_key=key[4],
                    value=key[5],
                )
                for name, figure in zip(FIGURES, delta, strict=True):
                    setattr(stat, name, figure)
                to_create.append(stat)
                continue
            for name, figure in zip(FIGURES, delta, strict=True):
                setattr(stat, name, getattr(stat, name) + figure)
            if any(getattr(stat, name) for name in FIGURES):
                to_update.append(stat)
            else:
                to_delete.append(stat.pk)
    if to_delete:
        TicketStat.objects.filter(pk__in=to_delete).delete()
    if to_update:
        TicketStat.objects.bulk_update(to_update, list(FIGURES), batch_size=1000)
    if to_create:
        TicketStat.objects.bulk_create(to_create, batch_size=1000)


def _recount(ticket_ids: list[int]) -> None:
    old = list(TicketFact.objects.filter(ticket_id__in=ticket_ids))
    new = compute_facts(ticket_ids)
    deltas: dict[Key, Vector] = {}
    _add(deltas, old, -1)
    _add(deltas, new.values(), +1)
    _apply(deltas)
    TicketFact.objects.filter(ticket_id__in=ticket_ids).delete()
    TicketFact.objects.bulk_create(new.values(), batch_size=1000)


def refresh(*, max_batches: int = 40) -> int:
    """Count the marked tickets again (the periodic job). Returns how many were counted.

    Each batch is one transaction: the marks are deleted first, then the tickets are read,
    so a change committed meanwhile leaves a new mark for the next turn."""
    done = 0
    for _turn in range(max_batches):
        with transaction.atomic():
            state = _lock_state()
            ids = list(StatDirty.objects.order_by("ticket_id").values_list("ticket_id", flat=True)[:BATCH])
            if not ids:
                break
            StatDirty.objects.filter(ticket_id__in=ids).delete()
            _recount(ids)
            state.refreshed_at = timezone.now()
            state.save(update_fields=["refreshed_at"])
            done += len(ids)
    return done


def rebuild() -> int:
    """Count every ticket from scratch: replaces the whole rollup in one transaction."""
    with transaction.atomic():
        state = _lock_state()
        StatDirty.objects.all().delete()
        TicketStat.objects.all().delete()
        TicketFact.objects.all().delete()
        reopened = _reopened_ids(None)
        deltas: dict[Key, Vector] = {}
        last = 0
        total = 0
        while True:
            ids = list(Ticket.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:REBUILD_CHUNK])
            if not ids:
                break
            facts = compute_facts(ids, reopened=reopened)
            _add(deltas, facts.values(), +1)
            _insert(TicketFact, FACT_COLUMNS, (_fact_row(f) for f in facts.values()))
            last = ids[-1]
            total += len(ids)
        rows = []
        for key, vector in deltas.items():
            if not any(vector):
                continue
            stat = TicketStat(
                collaboration_id=key[0],
                kind=key[1],
                month=key[2],
                member_id=key[3],
                department_key=key[4],
                value=key[5],
            )
            for name, figure in zip(FIGURES, vector, strict=True):
                setattr(stat, name, figure)
            rows.append(stat)
        TicketStat.objects.bulk_create(rows, batch_size=2000)
        now = timezone.now()
        state.refreshed_at = state.rebuilt_at = now
        state.tickets_counted = total
        state.save()
    return total


def mark(ticket_ids: Iterable[Any]) -> None:
    """Mark tickets for the next refresh (inside the caller's transaction)."""
    ids = sorted({int(i) for i in ticket_ids if i is not None})
    if ids:
        StatDirty.objects.bulk_create([StatDirty(ticket_id=i) for i in ids], ignore_conflicts=True, batch_size=2000)


def pending() -> int:
    return StatDirty.objects.count()


def state() -> StatState | None:
    return StatState.objects.filter(pk=1).first()
