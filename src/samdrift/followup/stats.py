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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.core.models import AuditAction, AuditEntry
from samdrift.servicedesk.choices import OPEN_STATUSES, SLAState
from samdrift.servicedesk.models import Comment, Ticket, TimeEntry

from .choices import StatKind
from .models import StatDirty, StatState, StatYear, TicketFact, TicketStat

BATCH = 500
# The order of the figures in a contribution vector.
FIGURES = ("opened", "resolved", "reopened", "first_contact", "sla_resolved", "sla_met", "minutes")
Key = tuple[int, str, datetime.date, int, int, int]  # collaboration, kind, month, member, department, value
YearKey = tuple[int, str, int, int, int, int]  # collaboration, kind, year, member, department, value
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
    _apply_years(deltas)


def _apply_years(deltas: dict[Key, Vector]) -> None:
    """Add the backlog part of ``deltas`` (``opened - resolved``) to the yearly balances."""
    nets: dict[YearKey, int] = defaultdict(int)
    for cell, delta in deltas.items():
        if delta[0] != delta[1]:
            nets[(cell[0], cell[1], cell[2].year, cell[3], cell[4], cell[5])] += delta[0] - delta[1]
    nets = defaultdict(int, {k: v for k, v in nets.items() if v})
    if not nets:
        return
    groups: dict[tuple[int, str], list[YearKey]] = defaultdict(list)
    for year_key in nets:
        groups[(year_key[0], year_key[1])].append(year_key)
    to_update, to_delete, to_create = [], [], []
    for (collaboration_id, kind), keys in groups.items():
        existing = {
            (y.collaboration_id, y.kind, y.year, y.member_id, y.department_key, y.value): y
            for y in StatYear.objects.filter(
                collaboration_id=collaboration_id,
                kind=kind,
                year__in={k[2] for k in keys},
                member_id__in={k[3] for k in keys},
            )
        }
        for key in keys:
            row = existing.get(key)
            if row is None:
                to_create.append(
                    StatYear(
                        collaboration_id=key[0],
                        kind=key[1],
                        year=key[2],
                        member_id=key[3],
                        department_key=key[4],
                        value=key[5],
                        net=nets[key],
                    )
                )
                continue
            row.net += nets[key]
            if row.net:
                to_update.append(row)
            else:
                to_delete.append(row.pk)
    if to_delete:
        StatYear.objects.filter(pk__in=to_delete).delete()
    if to_update:
        StatYear.objects.bulk_update(to_update, ["net"], batch_size=1000)
    if to_create:
        StatYear.objects.bulk_create(to_create, batch_size=1000)


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
    """Count every ticket from scratch: replaces the whole rollup in one transaction.

    Set-based: the facts, the cells and the yearly balances are each written by one
    ``INSERT … SELECT`` (per kind for the cells), so the database does the counting and
    no ticket passes through Python. The definitions are those of :func:`compute_facts`
    and :func:`contributions` (the exactness test compares both ways)."""
    with transaction.atomic():
        state = _lock_state()
        StatDirty.objects.all().delete()
        StatYear.objects.all().delete()
        TicketStat.objects.all().delete()
        TicketFact.objects.all().delete()
        with connection.cursor() as cursor:
            _rebuild_facts(cursor)
            _rebuild_cells(cursor)
            _rebuild_years(cursor)
        total = TicketFact.objects.count()
        now = timezone.now()
        state.refreshed_at = state.rebuilt_at = now
        state.tickets_counted = total
        state.save()
    return total


class _MonthDate(Func):
    """The first day of the month of a (truncated) moment, as a date, on both backends."""

    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s)", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::date", **extra)


def _zero_if_null(name: str) -> Coalesce:
    return Coalesce(F(name), Value(0), output_field=BigIntegerField())


def _insert_select(cursor: Any, model: type[Any], columns: list[str], query: QuerySet[Any]) -> None:
    sql, params = query.query.sql_with_params()
    cursor.execute(
        "INSERT INTO {} ({}) {}".format(  # table and column names are ours, values are parameters
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(c) for c in columns),
            sql,
        ),
        params,
    )


def _rebuild_facts(cursor: Any) -> None:
    reopened = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        action=AuditAction.UPDATE,
        before__status="resolved",
        after__status__in=sorted(OPEN_STATUSES),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    replied = Comment.objects.filter(ticket_id=OuterRef("pk"), is_internal=False, author_id=OuterRef("requester_id"))
    resolved = Q(resolved_at__isnull=False)
    tickets = Ticket.objects.annotate(
        f_department=_zero_if_null("department_id"),
        f_unit=_zero_if_null("unit_id"),
        f_service=_zero_if_null("service_id"),
        f_category=_zero_if_null("category_id"),
        f_priority=_zero_if_null("priority"),
        f_opened=_MonthDate(TruncMonth("created", tzinfo=STOCKHOLM)),
        f_resolved=Case(When(resolved, then=_MonthDate(TruncMonth("resolved_at", tzinfo=STOCKHOLM)))),
        f_reopened=ExpressionWrapper(resolved & Exists(reopened), output_field=BooleanField()),
        f_first_contact=ExpressionWrapper(resolved & ~Exists(reopened) & ~Exists(replied), output_field=BooleanField()),
        f_sla=Case(
            When(resolved & Q(sla_id__isnull=False, sla_state=SLAState.MET), then=Value("met")),
            When(resolved & Q(sla_id__isnull=False), then=Value("breached")),
            default=Value(""),
        ),
        f_minutes=Value("{}"),
    ).values_list(
        "id",
        "collaboration_id",
        "member_id",
        "f_department",
        "f_unit",
        "f_service",
        "f_category",
        "f_priority",
        "f_opened",
        "f_resolved",
        "f_reopened",
        "f_first_contact",
        "f_sla",
        "f_minutes",
    )
    _insert_select(cursor, TicketFact, FACT_COLUMNS, tickets.order_by())
    # The minutes per month as JSON ({"2026-01": 45}), from the time entries in one go.
    fact, entry = connection.ops.quote_name(TicketFact._meta.db_table), TimeEntry._meta.db_table
    if connection.vendor == "postgresql":
        per_ticket = (
            f"SELECT ticket_id, jsonb_object_agg(m, s) AS j FROM (SELECT ticket_id, "  # noqa: S608
            f"to_char(performed_on, 'YYYY-MM') AS m, SUM(minutes) AS s FROM {entry} GROUP BY 1, 2) AS t GROUP BY 1"
        )
    else:
        per_ticket = (
            f"SELECT ticket_id, json_group_object(m, s) AS j FROM (SELECT ticket_id, "  # noqa: S608
            f"strftime('%Y-%m', performed_on) AS m, SUM(minutes) AS s FROM {entry} GROUP BY 1, 2) AS t GROUP BY 1"
        )
    cursor.execute(
        f"UPDATE {fact} SET minutes = p.j FROM ({per_ticket}) AS p WHERE {fact}.ticket_id = p.ticket_id"  # noqa: S608
    )


def _rebuild_cells(cursor: Any) -> None:
    """The cells of every kind, summed from the facts and the time entries."""
    fact, entry = TicketFact._meta.db_table, TimeEntry._meta.db_table
    entry_month = (
        "date_trunc('month', e.performed_on)::date"
        if connection.vendor == "postgresql"
        else "date(e.performed_on, 'start of month')"
    )
    flag = "CASE WHEN {} THEN 1 ELSE 0 END".format
    columns = ", ".join(
        connection.ops.quote_name(c)
        for c in ("collaboration_id", "kind", "month", "member_id", "department_key", "value", *FIGURES)
    )
    for kind, column in (
        (StatKind.UNIT, "unit_id"),
        (StatKind.SERVICE, "service_id"),
        (StatKind.CATEGORY, "category_id"),
        (StatKind.PRIORITY, "priority"),
    ):
        keys = "f.collaboration_id AS k0, '{kind}' AS k1, {month} AS k2, f.member_id AS k3, f.department_id AS k4, f.{column} AS k5"
        figures = ", ".join(f"{{}} AS c{i}" for i in range(len(FIGURES)))
        # Table, column and kind names are ours; there are no values from outside.
        opened = keys.format(kind=kind, month="f.opened_month", column=column)
        resolved = keys.format(kind=kind, month="f.resolved_month", column=column)
        logged = keys.format(kind=kind, month=entry_month, column=column)
        resolved_figures = figures.format(
            0, 1, flag("f.reopened"), flag("f.first_contact"), flag("f.sla <> ''"), flag("f.sla = 'met'"), 0
        )
        parts = [
            f"SELECT {opened}, {figures.format(1, 0, 0, 0, 0, 0, 0)} FROM {fact} f",  # noqa: S608
            f"SELECT {resolved}, {resolved_figures} FROM {fact} f WHERE f.resolved_month IS NOT NULL",  # noqa: S608
            f"SELECT {logged}, {figures.format(0, 0, 0, 0, 0, 0, 'e.minutes')} "  # noqa: S608
            f"FROM {entry} e JOIN {fact} f ON f.ticket_id = e.ticket_id",
        ]
        sums = ", ".join(f"SUM(c{i})" for i in range(len(FIGURES)))
        nonzero = " OR ".join(f"SUM(c{i}) <> 0" for i in range(len(FIGURES)))
        sql = (
            f"INSERT INTO {connection.ops.quote_name(TicketStat._meta.db_table)} ({columns}) "  # noqa: S608
            f"SELECT k0, k1, k2, k3, k4, k5, {sums} FROM ("
            + " UNION ALL ".join(parts)
            + f") AS c GROUP BY k0, k1, k2, k3, k4, k5 HAVING {nonzero}"
        )
        cursor.execute(sql)


def _rebuild_years(cursor: Any) -> None:
    years = (
        TicketStat.objects.annotate(y=ExtractYear("month"))
        .values("collaboration_id", "kind", "y", "member_id", "department_key", "value")
        .annotate(n=Sum(F("opened") - F("resolved")))
        .exclude(n=0)
        .order_by()
    )
    _insert_select(
        cursor, StatYear, ["collaboration_id", "kind", "year", "member_id", "department_key", "value", "net"], years
    )


def mark(ticket_ids: Iterable[Any]) -> None:
    """Mark tickets for the next refresh (inside the caller's transaction)."""
    ids = sorted({int(i) for i in ticket_ids if i is not None})
    if ids:
        StatDirty.objects.bulk_create([StatDirty(ticket_id=i) for i in ids], ignore_conflicts=True, batch_size=2000)


def pending() -> int:
    return StatDirty.objects.count()


def state() -> StatState | None:
    return StatState.objects.filter(pk=1).first()
