"""The member statement: "Vad fick vi för pengarna?" for one member and year.

Next to what the member pays — its lines of an issued allocation run, by account group
and by service, and its subscriptions at list price — it sets what the member received:
tickets, hours, SLA compliance, availability, satisfaction; cost per inhabitant and per
employee; and the same key figures for the other members (when the collaboration's
statements are transparent, else only the collaboration's totals).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from samdrift.accounts import policy
from samdrift.catalog.models import Subscription
from samdrift.catalog.queries import Portfolio, portfolio
from samdrift.servicedesk import slareport
from samdrift.servicedesk.models import Rating, Ticket, TimeEntry
from samdrift.tenancy.models import Member, Population

from .access import FINANCE_READERS
from .choices import AccountGroup, RunState
from .models import AllocationLine, AllocationRun, FinanceSettings, settings_for

ZERO = Decimal("0.00")


@dataclass
class KeyFigures:
    """One member's figures for the year (a row of the comparison)."""

    member: Member
    cost: Decimal
    inhabitants: int | None
    employees: int | None
    tickets: int
    hours: Decimal
    billable_hours: Decimal
    rating: Decimal | None
    ratings: int

    @property
    def per_inhabitant(self) -> Decimal | None:
        return _per(self.cost, self.inhabitants)

    @property
    def per_employee(self) -> Decimal | None:
        return _per(self.cost, self.employees)


@dataclass
class Statement:
    member: Member
    year: int
    run: AllocationRun | None
    by_group: list[tuple[str, Decimal]]
    by_service: list[tuple[str, Decimal]]
    portfolio: Portfolio
    figures: KeyFigures
    sla: slareport.Row | None
    availability: list[tuple[str, Decimal | None, Decimal]]  # service, achieved %, target %
    others: list[KeyFigures] = field(default_factory=list)
    collaboration_total: Decimal = ZERO
    transparent: bool = True
    # A year with no issued run: what the member can expect, clearly not yet decided —
    # the subscriptions at list price and the latest prepared run (its lines are shown).
    provisional: bool = False
    prepared_run: AllocationRun | None = None
    expected_from_subscriptions: Decimal = ZERO
    expected_from_run: Decimal | None = None


def _per(cost: Decimal, count: int | None) -> Decimal | None:
    if not count:
        return None
    return (cost / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def issued_run(collaboration_id: int, year: int) -> AllocationRun | None:
    """The latest issued run of the year (a correction replaces what it corrects)."""
    return (
        AllocationRun.objects.filter(
            allocation_model__collaboration_id=collaboration_id, allocation_model__year=year, state=RunState.ISSUED
        )
        .defer("inputs")
        .order_by("-issued_at", "-pk")
        .first()
    )


def latest_prepared_run(collaboration_id: int, year: int) -> AllocationRun | None:
    """The newest prepared (not issued, not discarded) run of the year, if any."""
    return (
        AllocationRun.objects.filter(
            allocation_model__collaboration_id=collaboration_id, allocation_model__year=year, state=RunState.PREPARED
        )
        .defer("inputs")
        .order_by("-created", "-pk")
        .first()
    )


@dataclass
class CostFigures:
    """One member's cost in a run and its population that year: the cost per inhabitant
    without the ticket figures (goals and the economy page need only this)."""

    cost: Decimal
    inhabitants: int | None
    employees: int | None

    @property
    def per_inhabitant(self) -> Decimal | None:
        return _per(self.cost, self.inhabitants)


def cost_figures(members: list[Member], year: int, run: AllocationRun | None) -> dict[int, CostFigures]:
    """Every member's cost (the run's totals, already loaded) and population: one query."""
    costs = {int(k): Decimal(v) for k, v in (run.output.get("totals", {}) if run else {}).items()}
    population = {p.member_id: p for p in Population.objects.filter(member_id__in=[m.pk for m in members], year=year)}
    result = {}
    for member in members:
        figures = population.get(member.pk)
        result[member.pk] = CostFigures(
            cost=costs.get(member.pk, ZERO),
            inhabitants=figures.inhabitants if figures else None,
            employees=figures.employees if figures else None,
        )
    return result


def key_figures(members: list[Member], year: int, run: AllocationRun | None) -> dict[int, KeyFigures]:
    """Every member's figures in a fixed number of queries."""
    ids = [m.pk for m in members]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # Timestamps compare with the year's Swedish midnights: a range the index can use, and no
    # per-row date cast (on SQLite that cast is a Python call for every ticket).
    since, until = slareport.local_bounds(first, last)
    costs = cost_figures(members, year, run)
    tickets = dict(
        Ticket.objects.filter(member_id__in=ids, created__gte=since, created__lt=until)
        .values_list("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hours = {
        member: (total or 0, billable or 0)
        for member, total, billable in TimeEntry.objects.filter(
            ticket__member_id__in=ids, performed_on__gte=first, performed_on__lte=last
        )
        .values_list("ticket__member_id")
        .annotate(total=Sum("minutes"), billable=Sum("minutes", filter=Q(billable=True)))
        .order_by()
    }
    ratings = {
        member: (avg, n)
        for member, avg, n in Rating.objects.filter(ticket__member_id__in=ids, created__gte=since, created__lt=until)
        .values_list("ticket__member_id")
        .annotate(avg=Avg("score"), n=Count("pk"))
        .order_by()
    }
    result = {}
    for member in members:
        minutes, billable = hours.get(member.pk, (0, 0))
        average, count = ratings.get(member.pk, (None, 0))
        cost = costs[member.pk]
        result[member.pk] = KeyFigures(
            member=member,
            cost=cost.cost,
            inhabitants=cost.inhabitants,
            employees=cost.employees,
            tickets=tickets.get(member.pk, 0),
            hours=(Decimal(minutes) / 60).quantize(Decimal("0.1")),
            billable_hours=(Decimal(billable) / 60).quantize(Decimal("0.1")),
            rating=Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None,
            ratings=count,
        )
    return result


def member_statement(member: Member, year: int, run: AllocationRun | None = None) -> Statement:
    collaboration = member.collaboration
    run = run or issued_run(collaboration.pk, year)
    # Without an issued run the statement shows the expected cost, labelled as such.
    prepared = latest_prepared_run(collaboration.pk, year) if run is None else None
    lines = list(AllocationLine.objects.filter(run=run, member=member)) if run else []
    groups: dict[str, Decimal] = defaultdict(lambda: ZERO)
    services: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        groups[line.account_group] += line.amount
        if line.service:
            services[line.service] += line.amount
    labels = {g.value: f"{g.value} {g.label}" for g in AccountGroup}
    members = list(Member.objects.filter(collaboration=collaboration).order_by("name"))
    figures = key_figures(members, year, run)
    report = slareport.build(None, datetime.date(year, 1, 1), datetime.date(year, 12, 31), members=[member],
                             now=timezone.now())  # fmt: skip
    settings = settings_for(collaboration)
    subscriptions = portfolio(member, year, Subscription.objects.all())
    return Statement(
        member=member,
        year=year,
        run=run,
        by_group=[(labels[g], groups[g]) for g in sorted(groups)],
        by_service=sorted(services.items()),
        portfolio=subscriptions,
        figures=figures[member.pk],
        sla=report.totals(),
        availability=[
            (row.service.name, row.availability.percent if row.availability else None, row.sla.availability_target)
            for row in report.rows
        ],
        others=[f for f in figures.values() if f.member.pk != member.pk] if settings.transparent_statements else [],
        collaboration_total=Decimal(run.output.get("total", "0")) if run else ZERO,
        transparent=settings.transparent_statements,
        provisional=run is None,
        prepared_run=prepared,
        expected_from_subscriptions=subscriptions.total,
        expected_from_run=Decimal(prepared.output.get("totals", {}).get(str(member.pk), "0")) if prepared else None,
    )


def readable_statement_members(user: Any, collaboration_id: int | None = None) -> Any:
    """Members whose statement ``user`` may read: those in their finance scope, and in a
    transparent collaboration every member of it."""
    own = Member.objects.filter(policy.scope_q(user, FINANCE_READERS, Member.tenant_paths))
    if getattr(user, "is_superuser", False):
        return Member.objects.all()
    collaborations = set(own.values_list("collaboration_id", flat=True))
    closed = set(
        FinanceSettings.objects.filter(collaboration_id__in=collaborations, transparent_statements=False).values_list(
            "collaboration_id", flat=True
        )
    )
    query = Q(pk__in=own.values("pk")) | Q(collaboration_id__in=collaborations - closed)
    members = Member.objects.filter(query)
    return members.filter(collaboration_id=collaboration_id) if collaboration_id else members
