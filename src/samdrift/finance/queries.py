"""Reading the finances: the committee's follow-up table, and the inputs of an allocation
run (cost pools from budget, forecast or outcome, and every key's value per member).

Finance reads volumes from the service desk and the catalogue (tickets, hours,
subscriptions); nothing there reads back from here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from samdrift.catalog.models import Service, Subscription
from samdrift.catalog.queries import portfolio
from samdrift.inventory.choices import AssetKind
from samdrift.inventory.queries import asset_counts
from samdrift.servicedesk.models import Ticket, TimeEntry
from samdrift.servicedesk.slareport import local_bounds
from samdrift.tenancy.models import Collaboration, Member, Population, Unit

from .choices import AccountGroup, Basis, KeyType, ReportedKind
from .models import (
    BudgetLine,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    OutcomeLine,
    ReportedCount,
)
from .money import ZERO, MoneySum, to_ore

THOUSAND = Decimal(1000)


# The follow-up table ---------------------------------------------------------------
@dataclass
class FollowUpRow:
    label: str
    budget: Decimal = ZERO
    forecast: Decimal = ZERO
    previous: Decimal | None = None
    comments: list[str] = field(default_factory=list)
    member: str = ""  # investments: whose accounts carry it

    @property
    def deviation(self) -> Decimal:
        """Avvikelse helår: budget − forecast (positive = better than budget)."""
        return self.budget - self.forecast

    @property
    def change(self) -> Decimal:
        """Förändring prognos: forecast − the previous forecast (zero without one)."""
        return ZERO if self.previous is None else self.forecast - self.previous


@dataclass
class FollowUp:
    """The committee's table (resultaträkning) and the investments table for a forecast."""

    collaboration: Collaboration
    forecast: Forecast
    previous: Forecast | None
    unit: Unit | None
    rows: list[FollowUpRow]
    total: FollowUpRow
    investments: list[FollowUpRow]
    investments_total: FollowUpRow

    def in_thousands(self) -> dict[str, list[list[int]]]:
        """Every column in tkr, rounded so the lines sum exactly to the rounded total
        (largest remainder), as a printed table must."""
        return {
            "rows": _tkr_columns(self.rows, self.total),
            "investments": _tkr_columns(self.investments, self.investments_total),
        }


def _tkr(values: list[Decimal], total: Decimal) -> list[int]:
    """Round ``values`` to whole tkr so they sum to ``total`` rounded (largest remainder).

    The floors never sum to more than the rounded total, so only rounding up is needed;
    ties go to the earlier line."""
    target = int((total / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    exact = [v / THOUSAND for v in values]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    left = target - sum(floors)
    for i in sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))[:left]:
        floors[i] += 1
    return floors


def _tkr_columns(rows: list[FollowUpRow], total: FollowUpRow) -> list[list[int]]:
    columns = [
        _tkr([r.budget for r in rows], total.budget),
        _tkr([r.forecast for r in rows], total.forecast),
        _tkr([r.deviation for r in rows], total.deviation),
        _tkr([r.change for r in rows], total.change),
    ]
    per_row = [list(values) for values in zip(*columns, strict=True)] if rows else []
    totals = [
        int((v / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for v in (total.budget, total.forecast, total.deviation, total.change)
    ]
    return [*per_row, totals]


def follow_up(forecast: Forecast, unit: Unit | None = None) -> FollowUp:
    """Budget (year), forecast (year), deviation and change since the previous forecast,
    per account group, summing to Nettokostnad/Kommunbidrag; and the investments."""
    previous = forecast.previous()
    budget_lines = BudgetLine.objects.filter(collaboration_id=forecast.collaboration_id, year=forecast.year)
    lines = ForecastLine.objects.filter(forecast=forecast)
    earlier = ForecastLine.objects.filter(forecast=previous) if previous else ForecastLine.objects.none()
    if unit is not None:
        budget_lines = budget_lines.filter(unit=unit)
        lines, earlier = lines.filter(unit=unit), earlier.filter(unit=unit)
    budget = dict(budget_lines.values_list("account_group").annotate(total=MoneySum("amount")).order_by())
    now = dict(lines.values_list("account_group").annotate(total=MoneySum("amount")).order_by())
    before = dict(earlier.values_list("account_group").annotate(total=MoneySum("amount")).order_by())
    comments: dict[str, list[str]] = defaultdict(list)
    for group, text in lines.exclude(comment="").values_list("account_group", "comment").order_by("unit__name"):
        comments[group].append(text)
    rows = []
    for group in AccountGroup:
        if group.value in budget or group.value in now:
            rows.append(
                FollowUpRow(
                    label=f"{group.value} {group.label}",
                    budget=budget.get(group.value, ZERO),
                    forecast=now.get(group.value, ZERO),
                    previous=before.get(group.value, ZERO) if previous else None,
                    comments=comments[group.value],
                )
            )
    total = FollowUpRow(
        label="",
        budget=sum((r.budget for r in rows), ZERO),
        forecast=sum((r.forecast for r in rows), ZERO),
        previous=sum((r.previous or ZERO for r in rows), ZERO) if previous else None,
    )
    investments = _investments(forecast, previous)
    investments_total = FollowUpRow(
        label="",
        budget=sum((r.budget for r in investments), ZERO),
        forecast=sum((r.forecast for r in investments), ZERO),
        previous=sum((r.previous or ZERO for r in investments), ZERO) if previous else None,
    )
    return FollowUp(
        collaboration=forecast.collaboration,
        forecast=forecast,
        previous=previous,
        unit=unit,
        rows=rows,
        total=total,
        investments=investments,
        investments_total=investments_total,
    )


def _investments(forecast: Forecast, previous: Forecast | None) -> list[FollowUpRow]:
    projects = Investment.objects.filter(collaboration_id=forecast.collaboration_id, year=forecast.year)
    now = dict(InvestmentForecast.objects.filter(forecast=forecast).values_list("investment_id", "amount"))
    comments = dict(
        InvestmentForecast.objects.filter(forecast=forecast).exclude(comment="").values_list("investment_id", "comment")
    )
    before = (
        dict(InvestmentForecast.objects.filter(forecast=previous).values_list("investment_id", "amount"))
        if previous
        else {}
    )
    return [
        FollowUpRow(
            label=project.name,
            budget=project.budget,
            forecast=now.get(project.pk, project.budget),
            previous=before.get(project.pk, project.budget) if previous else None,
            comments=[comments[project.pk]] if project.pk in comments else [],
            member=project.member.name if project.member else "",
        )
        for project in projects.select_related("member").order_by("pk")
    ]


# Allocation inputs ------------------------------------------------------------------
@dataclass(frozen=True)
class CostPool:
    """Common or member-specific cost of one unit and account group, for a run."""

    unit_id: int
    unit: str
    account_group: str
    member_id: int | None
    amount: Decimal


def members_in(collaboration_id: int, year: int) -> list[Member]:
    """Members during any part of ``year``, in a stable order (by id)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        Member.objects.filter(collaboration_id=collaboration_id, joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=first))
        .order_by("pk")
    )


def cost_pools(
    collaboration_id: int, year: int, basis: str, forecast: Forecast | None, months: tuple[int, int]
) -> list[CostPool]:
    """The amounts to allocate, per unit, account group and member (None: common), each
    summed in whole öre (:class:`~.money.MoneySum`): exact on SQLite and PostgreSQL."""
    if basis == Basis.FORECAST:
        if forecast is None:
            raise ValueError("a forecast run needs a forecast")
        rows: Iterable[Any] = ForecastLine.objects.filter(forecast=forecast)
    else:
        model = BudgetLine if basis == Basis.BUDGET else OutcomeLine
        rows = model.objects.filter(
            collaboration_id=collaboration_id, year=year, month__gte=months[0], month__lte=months[1]
        )
    summed = (
        rows.values("unit_id", "unit__name", "account_group", "member_id")  # type: ignore[attr-defined]
        .annotate(total=MoneySum("amount"))
        # Common pools (no member) first on every database: SQLite and PostgreSQL sort
        # NULL at opposite ends, and the order is part of the snapshot and its digest.
        .order_by("unit_id", "account_group", F("member_id").asc(nulls_first=True))
    )
    return [
        CostPool(r["unit_id"], r["unit__name"], r["account_group"], r["member_id"], r["total"])
        for r in summed
        if r["total"]
    ]


def key_values(
    collaboration_id: int, year: int, members: list[Member], wanted: AbstractSet[str]
) -> dict[str, dict[int, Decimal]]:
    """Each wanted key's value per member for ``year`` (members without a figure are left
    out, so the engine can say which member lacks one)."""
    ids = [m.pk for m in members]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    since, until = local_bounds(first, last)  # a range on the timestamp, not a per-row date cast
    values: dict[str, dict[int, Decimal]] = {}
    if wanted & {KeyType.POPULATION, KeyType.EMPLOYEES}:
        figures = Population.objects.filter(member_id__in=ids, year=year)
        values[KeyType.POPULATION] = {p.member_id: Decimal(p.inhabitants) for p in figures}
        values[KeyType.EMPLOYEES] = {p.member_id: Decimal(p.employees) for p in figures}
    if KeyType.TICKETS in wanted:
        counted = (
            Ticket.objects.filter(member_id__in=ids, created__gte=since, created__lt=until)
            .values_list("member_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        values[KeyType.TICKETS] = {m: Decimal(0) for m in ids} | {m: Decimal(n) for m, n in counted}
    if KeyType.BILLABLE_HOURS in wanted:
        hours = (
            TimeEntry.objects.filter(
                ticket__member_id__in=ids, billable=True, performed_on__gte=first, performed_on__lte=last
            )
            .values_list("ticket__member_id")
            .annotate(minutes=Sum("minutes"))
            .order_by()
        )
        values[KeyType.BILLABLE_HOURS] = {m: Decimal(0) for m in ids} | {
            m: (Decimal(minutes) / 60).quantize(Decimal("0.01")) for m, minutes in hours
        }
    from_inventory = FinanceSettings.objects.filter(
        collaboration_id=collaboration_id, counts_from_inventory=True
    ).exists()
    asset_kinds = {ReportedKind.DEVICES: AssetKind.DEVICE, ReportedKind.ACCOUNTS: AssetKind.ACCOUNT}
    for key, kind in ((KeyType.DEVICES, ReportedKind.DEVICES), (KeyType.ACCOUNTS, ReportedKind.ACCOUNTS)):
        if key in wanted and from_inventory:
            values[key] = asset_counts(ids, year, asset_kinds[kind])
        elif key in wanted:
            reported = ReportedCount.objects.filter(member_id__in=ids, year=year, kind=kind)
            values[key] = {r.member_id: Decimal(r.value) for r in reported}
    if KeyType.SUBSCRIPTIONS in wanted:
        values[KeyType.SUBSCRIPTIONS] = {
            m.pk: to_ore(portfolio(m, year, Subscription.objects.all()).total) for m in members
        }  # an amount: two decimals in the snapshot, always
    return values


def service_volumes(
    collaboration_id: int, year: int, members: list[Member]
) -> tuple[dict[int, Decimal], dict[int, dict[int, Decimal]], dict[int, str]]:
    """For two-step pools, per service id: hours logged, tickets per member, and the
    service's name (for the run's explanation; a name is never a key)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    since, until = local_bounds(first, last)
    ids = [m.pk for m in members]
    hours = (
        TimeEntry.objects.filter(
            ticket__collaboration_id=collaboration_id,
            ticket__service__isnull=False,
            performed_on__gte=first,
            performed_on__lte=last,
        )
        .values_list("ticket__service_id")
        .annotate(minutes=Coalesce(Sum("minutes"), 0))
        .order_by()
    )
    per_service = {service: (Decimal(minutes) / 60).quantize(Decimal("0.01")) for service, minutes in hours if minutes}
    tickets = (
        Ticket.objects.filter(
            collaboration_id=collaboration_id,
            member_id__in=ids,
            service__isnull=False,
            created__gte=since,
            created__lt=until,
        )
        .values_list("service_id", "member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_member: dict[int, dict[int, Decimal]] = defaultdict(lambda: {m: Decimal(0) for m in ids})
    for service, member, n in tickets:
        per_member[service][member] = Decimal(n)
    names = dict(Service.objects.filter(pk__in={*per_service, *per_member}).values_list("pk", "name"))
    return per_service, dict(per_member), names


def run_summary(run: Any) -> dict[str, Any]:
    """A run's page: per member the total, by account group, and the explained lines."""
    from .models import AllocationLine

    names = {m["id"]: m["name"] for m in run.inputs.get("members", [])}
    totals = {int(m): Decimal(v) for m, v in run.output.get("totals", {}).items()}
    lines = list(
        AllocationLine.objects.filter(run=run)
        .select_related("member", "unit")
        .order_by("member__name", "account_group", "pk")
    )
    by_member: dict[int, list[Any]] = defaultdict(list)
    for line in lines:
        by_member[line.member_id].append(line)
    groups = {g.value: g.label for g in AccountGroup}
    members = []
    for member_id, name in sorted(names.items(), key=lambda item: item[1]):
        per_group: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in by_member.get(member_id, []):
            per_group[line.account_group] += line.amount
        members.append(
            {
                "id": member_id,
                "name": name,
                "total": totals.get(member_id, ZERO),
                "groups": [(groups[g], per_group[g]) for g in sorted(per_group)],
                "lines": by_member.get(member_id, []),
            }
        )
    return {"members": members, "total": run.total}


def compare_runs(runs: list[Any]) -> list[dict[str, Any]]:
    """Per member (by name): the amount in each run and the difference from the first."""
    names: dict[int, str] = {}
    for run in runs:
        names |= {m["id"]: m["name"] for m in run.inputs.get("members", [])}
    rows = []
    for member_id, name in sorted(names.items(), key=lambda item: item[1]):
        amounts = [Decimal(run.output.get("totals", {}).get(str(member_id), "0")) for run in runs]
        rows.append(
            {
                "name": name,
                "amounts": amounts,
                "differences": [amount - amounts[0] for amount in amounts[1:]],
            }
        )
    return rows
