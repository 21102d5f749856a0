"""The statistics agree exactly with counts made directly from the tickets.

Tickets are generated at random (seeded): imported history spread over 16 months (month
and daylight-saving edges included), then changed through the service desk's actions
(resolutions, reopenings, replies, time, reassignment). After each step the rollup is
refreshed and every figure of every dimension is compared with a direct count; the
incrementally kept rollup must also equal a rebuild from scratch.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from samdrift.catalog import actions as catalog
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.core.models import AuditEntry
from samdrift.core.versions import SYSTEM
from samdrift.followup import queries, stats
from samdrift.followup.choices import Dimension
from samdrift.followup.models import StatYear, TicketFact, TicketStat
from samdrift.servicedesk import actions as desk
from samdrift.servicedesk.choices import OPEN_STATUSES, SLAState, Status
from samdrift.servicedesk.models import Category, Comment, Ticket, TimeEntry
from samdrift.tenancy import actions as tenancy

UTC = datetime.UTC
START = datetime.date(2024, 11, 1)
END = datetime.date(2026, 2, 1)


def local_month(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(STOCKHOLM).date().replace(day=1)


@pytest.fixture
def setting(world):
    unit2 = tenancy.do_create_unit(acting_user=None, collaboration=world.alpha, name="Drift", code="DR")
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    for year in sorted({2024, 2025, 2026, timezone.localdate().year}):
        catalog.do_set_hours(acting_user=None, calendar=calendar, year=year)
    services = []
    for name in ("E-post", "Skolplattform"):
        service = catalog.do_create_service(
            acting_user=None, collaboration=world.alpha, name=name, level="it", owner_unit=world.unit_alpha
        )
        catalog.do_create_sla(acting_user=None, service=service, calendar=calendar)
        services.append(service)
    categories = [Category.objects.create(collaboration=world.alpha, name=n) for n in ("Skrivare", "Konto", "Nät")]
    return {"units": [world.unit_alpha, unit2, None], "services": [*services, None], "categories": [*categories, None]}


def random_moment(rng: random.Random) -> datetime.datetime:
    if rng.random() < 0.15:  # near a Swedish month boundary, where UTC and local months differ
        month = rng.choice([datetime.date(2025, m, 1) for m in range(1, 13)])
        local = datetime.datetime.combine(month, datetime.time(0), STOCKHOLM)
        return (local + datetime.timedelta(minutes=rng.randint(-90, 90))).astimezone(UTC)
    span = (datetime.datetime(2026, 2, 27, tzinfo=UTC) - datetime.datetime(2024, 10, 20, tzinfo=UTC)).total_seconds()
    return datetime.datetime(2024, 10, 20, tzinfo=UTC) + datetime.timedelta(seconds=rng.uniform(0, span))


def import_tickets(world, setting, rng: random.Random, n: int) -> None:
    requesters = [world.users[u] for u in ("requester_a1", "colleague_a1", "requester_a2", "requester_b1")]
    agent = world.users["agent_alpha"]
    tickets: list[Any] = []
    comments_for: dict[Any, Any] = {}
    time_for: dict[Any, Any] = {}
    ratings_for: dict[Any, Any] = {}
    for i in range(n):
        requester = rng.choice(requesters)
        created = random_moment(rng)
        service = rng.choice(setting["services"])
        status = rng.choice([Status.NEW, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED, Status.CLOSED])
        resolved_at = None
        if status in (Status.RESOLVED, Status.CLOSED):
            resolved_at = created + datetime.timedelta(hours=rng.choice([0.5, 5, 30, 24 * 20, 24 * 45]))
        sla = service.slas.first() if service else None
        state = SLAState.NONE
        if sla:
            state = rng.choice([SLAState.MET, SLAState.BREACHED]) if resolved_at else SLAState.ON_TRACK
        ticket = Ticket(
            number=f"SD-{created.year}-{i + 1:06d}",
            collaboration=world.alpha,
            member=requester.member,
            department=requester.department if rng.random() < 0.9 else None,
            requester=requester,
            created_by=requester,
            subject=f"Ärende – ”{i}” å",
            description="Test",
            unit=rng.choice(setting["units"]),
            service=service,
            category=rng.choice(setting["categories"]),
            priority=rng.randint(1, 4),
            status=status,
            sla=sla,
            sla_state=state,
            resolved_at=resolved_at,
            closed_at=resolved_at + datetime.timedelta(days=10) if status == Status.CLOSED and resolved_at else None,
        )
        ticket.created = created
        tickets.append(ticket)
        replies = []
        for _r in range(rng.choice([0, 0, 1, 2])):
            author = rng.choice([requester, agent])
            replies.append(Comment(author=author, body="Svar", is_internal=rng.random() < 0.2))
        comments_for[i] = replies
        time_for[i] = [
            TimeEntry(
                user=agent,
                unit=world.unit_alpha,
                minutes=rng.randint(1, 240),
                work_type="advice",
                performed_on=(created + datetime.timedelta(days=rng.randint(0, 40))).date(),
            )
            for _t in range(rng.choice([0, 1, 2]))
        ]
    # And one ticket of the other collaboration, which must never show up.
    other = world.users["requester_c1"]
    foreign = Ticket(
        number="SD-2025-999999", collaboration=world.beta, member=other.member, requester=other, created_by=other,
        subject="Beta", description="Beta",
    )  # fmt: skip
    foreign.created = datetime.datetime(2025, 5, 5, 10, tzinfo=UTC)
    desk.do_import_history(
        acting_user=None, tickets=tickets, comments_for=comments_for, time_for=time_for, ratings_for=ratings_for
    )
    desk.do_import_history(acting_user=None, tickets=[foreign], comments_for={}, time_for={}, ratings_for={})


def change_through_actions(world, setting, rng: random.Random) -> None:
    agent = world.users["agent_alpha"]
    tickets = list(Ticket.objects.filter(collaboration=world.alpha).order_by("pk"))
    for ticket in rng.sample(tickets, 60):
        ticket.refresh_from_db()
        roll = rng.random()
        if ticket.status in OPEN_STATUSES and roll < 0.5:
            desk.do_change_status(ticket, acting_user=agent, expected_version=SYSTEM, status=Status.RESOLVED)
        elif ticket.status == Status.RESOLVED and roll < 0.7:
            desk.do_reopen(ticket, acting_user=agent, reason="Fungerar fortfarande inte")
            if rng.random() < 0.5:
                ticket.refresh_from_db()
                desk.do_change_status(ticket, acting_user=agent, expected_version=SYSTEM, status=Status.RESOLVED)
        elif ticket.status != Status.CLOSED and roll < 0.85:
            desk.do_add_comment(ticket, acting_user=ticket.requester, body="Hej igen")
        elif roll < 0.95:
            desk.do_log_time(
                ticket, acting_user=agent, minutes=rng.randint(5, 90), work_type="advice",
                performed_on=datetime.date(2026, 1, rng.randint(1, 28)), unit=world.unit_alpha,
            )  # fmt: skip
        elif ticket.status != Status.CLOSED:
            desk.do_update_ticket(
                ticket, acting_user=agent, expected_version=SYSTEM, unit=rng.choice([u for u in setting["units"] if u])
            )
    entry = TimeEntry.objects.filter(ticket__collaboration=world.alpha).first()
    if entry:
        desk.do_delete_time_entry(entry, acting_user=agent, expected_version=SYSTEM)


# The direct count ----------------------------------------------------------------------


def direct(world, dimension: str, months: list[datetime.date]) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """Every figure per (group, month), counted straight from the tickets."""
    ct = ContentType.objects.get_for_model(Ticket)
    reopened = {
        int(e.object_id)
        for e in AuditEntry.objects.filter(content_type=ct, action="update")
        if (e.before or {}).get("status") == Status.RESOLVED and (e.after or {}).get("status") in OPEN_STATUSES
    }
    requester_replied = {
        c.ticket_id
        for c in Comment.objects.select_related("ticket")
        if not c.is_internal and c.author_id == c.ticket.requester_id
    }
    tickets = list(Ticket.objects.filter(collaboration=world.alpha))
    minutes: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for entry in TimeEntry.objects.filter(ticket__collaboration=world.alpha):
        minutes[(entry.ticket_id, entry.performed_on.replace(day=1))] += entry.minutes

    def group_of(t: Ticket) -> int:
        return {
            Dimension.MEMBER: t.member_id,
            Dimension.DEPARTMENT: t.department_id or 0,
            Dimension.UNIT: t.unit_id or 0,
            Dimension.SERVICE: t.service_id or 0,
            Dimension.CATEGORY: t.category_id or 0,
            Dimension.PRIORITY: t.priority,
        }[Dimension(dimension)]

    figures: dict[tuple[int, datetime.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in tickets:
        g = group_of(t)
        for month in months:
            end = datetime.datetime.combine(
                (month + datetime.timedelta(days=32)).replace(day=1), datetime.time(0), STOCKHOLM
            )
            cell = figures[(g, month)]
            if local_month(t.created) == month:
                cell["opened"] += 1
            if t.created < end and (t.resolved_at is None or t.resolved_at >= end):
                cell["backlog"] += 1
            if t.resolved_at and local_month(t.resolved_at) == month:
                cell["resolved"] += 1
                cell["reopened"] += t.pk in reopened
                cell["first_contact"] += t.pk not in reopened and t.pk not in requester_replied
                if t.sla_id:
                    cell["sla_resolved"] += 1
                    cell["sla_met"] += t.sla_state == SLAState.MET
            cell["minutes"] += minutes.get((t.pk, month), 0)
    return figures


FIGURES = ("opened", "resolved", "backlog", "reopened", "first_contact", "sla_resolved", "sla_met", "minutes")


def assert_exact(world, reader: Any, start: datetime.date = START) -> int:
    compared = 0
    for dimension in Dimension.values:
        result = queries.statistics(reader, start, END, dimension)
        expected = direct(world, dimension, result.months)
        seen = set()
        for group in result.groups:
            seen.add(group.key)
            for month, cell in zip(result.months, group.months, strict=True):
                want = expected.get((group.key, month), {})
                got = {name: getattr(cell, name) for name in FIGURES}
                assert got == {name: want.get(name, 0) for name in FIGURES}, (dimension, group.label, month)
                compared += 1
        missing = {g for (g, _m), cell in expected.items() if any(cell.values())} - seen
        assert not missing, (dimension, missing)
        for i, month in enumerate(result.months):
            for name in FIGURES:
                want_total = sum(c.get(name, 0) for (g, m), c in expected.items() if m == month)
                assert getattr(result.totals.months[i], name) == want_total, (dimension, month, name)
    return compared


def rollup_rows() -> set[tuple[Any, ...]]:
    """The cells, the yearly balances and the facts, as comparable tuples."""
    cells = TicketStat.objects.values_list(
        "collaboration_id", "kind", "month", "member_id", "department_key", "value", *stats.FIGURES
    )
    years = StatYear.objects.values_list(
        "collaboration_id", "kind", "year", "member_id", "department_key", "value", "net"
    )
    facts = [
        (*(getattr(f, name) for name in stats.FACT_COLUMNS if name != "minutes"), tuple(sorted(f.minutes.items())))
        for f in TicketFact.objects.all()
    ]
    return {("cell", *c) for c in cells} | {("year", *y) for y in years} | {("fact", *f) for f in facts}


@pytest.mark.parametrize("seed", [1, 2026])
def test_statistics_equal_direct_counts(world, setting, seed) -> None:
    rng = random.Random(seed)  # noqa: S311 — test data, not secrets
    import_tickets(world, setting, rng, 220)
    assert stats.pending() == 221
    stats.refresh()
    assert stats.pending() == 0
    reader = world.users["agent_alpha"]
    assert assert_exact(world, reader) > 100

    change_through_actions(world, setting, rng)
    assert stats.pending() > 0
    stats.refresh()
    assert assert_exact(world, reader) > 100
    # Periods opening after a year boundary take their backlog from the yearly balances.
    assert assert_exact(world, reader, datetime.date(2025, 3, 1)) > 50
    assert assert_exact(world, reader, datetime.date(2026, 1, 1)) > 10

    incremental = rollup_rows()
    assert any(row[0] == "year" for row in incremental)
    stats.rebuild()
    assert rollup_rows() == incremental
    stats.rebuild()  # twice: the set-based rebuild starts from nothing each time
    assert rollup_rows() == incremental


def test_a_reopened_and_again_resolved_ticket_counts_once(world, setting) -> None:
    from samdrift.testing.world import make_ticket

    agent = world.users["agent_alpha"]
    ticket = make_ticket(world)
    desk.do_change_status(ticket, acting_user=agent, expected_version=SYSTEM, status=Status.RESOLVED)
    ticket.refresh_from_db()
    desk.do_reopen(ticket, acting_user=agent, reason="Nej")
    ticket.refresh_from_db()
    desk.do_change_status(ticket, acting_user=agent, expected_version=SYSTEM, status=Status.RESOLVED)
    stats.refresh()
    today = timezone.localdate()
    total = queries.statistics(agent, today, today).totals.total
    assert (total.opened, total.resolved, total.reopened, total.first_contact, total.backlog) == (1, 1, 1, 0, 0)
