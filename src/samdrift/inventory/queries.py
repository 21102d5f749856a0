"""Read-side helpers of the inventory: the SLA a system gives a ticket, asset counts for
the allocation keys, licence pooling, and the consolidation matrix and progress."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from samdrift.catalog.models import SLA
from samdrift.core import access

from .choices import Lifecycle
from .models import Asset, ConsolidationArea, ConsolidationStep, Licence, LicenceAssignment, System, SystemSLA


def system_sla(system_id: int | None, member_id: int | None) -> SLA | None:
    """The SLA a ticket naming ``system_id`` gets: the member's override if agreed, else
    the system's; ``None`` when the system has no SLA of its own."""
    if system_id is None:
        return None
    found = list(
        SystemSLA.objects.select_related("sla__calendar")
        .filter(Q(member__isnull=True) | Q(member_id=member_id), system_id=system_id)
        .order_by("member_id")
    )
    found.sort(key=lambda s: s.member_id is None)  # the member's own first
    return found[0].sla if found else None


def in_use_q(day: datetime.date) -> Q:
    """Assets in use on ``day``: bought by then (or date unknown), not retired by then."""
    return (Q(purchase_date__isnull=True) | Q(purchase_date__lte=day)) & (
        Q(retired_on__isnull=True) | Q(retired_on__gt=day)
    )


def asset_counts(member_ids: list[int], year: int, kind: str) -> dict[int, Decimal]:
    """Devices or accounts per member in use on 31 December of ``year`` (the key the
    finance app reads when the collaboration counts from the inventory)."""
    rows = (
        Asset.objects.filter(in_use_q(datetime.date(year, 12, 31)), member_id__in=member_ids, kind=kind)
        .values_list("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {m: Decimal(0) for m in member_ids} | {m: Decimal(n) for m, n in rows}


# Licences -------------------------------------------------------------------------------


def unit_price(tiers: list[tuple[int, Decimal]], quantity: int) -> Decimal:
    """The unit price for ``quantity``: the highest tier reached (the lowest tier below it)."""
    ordered = sorted(tiers)
    if not ordered:
        return Decimal(0)
    price = ordered[0][1]
    for from_quantity, tier_price in ordered:
        if quantity >= from_quantity:
            price = tier_price
    return price


@dataclass
class PoolLine:
    member: Any
    quantity: int
    alone_unit: Decimal
    alone: Decimal
    pooled: Decimal

    @property
    def saving(self) -> Decimal:
        return self.alone - self.pooled


@dataclass
class Pool:
    licence: Licence
    quantity: int
    unit: Decimal
    total: Decimal
    alone_total: Decimal
    lines: list[PoolLine] = field(default_factory=list)

    @property
    def saving(self) -> Decimal:
        return self.alone_total - self.total


def pooling(licence: Licence, user: Any) -> Pool:
    """The pooled price of a licence (all members' units bought together) against what
    each member would pay alone. Totals count every member; the lines are the members
    the user may see. Every pooled line is quantity × the pooled unit price, so the
    lines of all members sum to the total exactly."""
    tiers = list(licence.tiers.values_list("from_quantity", "unit_price"))
    every = list(LicenceAssignment.objects.filter(licence=licence).values_list("member_id", "quantity"))
    quantity = sum(q for _m, q in every)
    unit = unit_price(tiers, quantity)
    alone_total = sum((q * unit_price(tiers, q) for _m, q in every), Decimal(0))
    pool = Pool(licence, quantity, unit, quantity * unit, alone_total)
    for assignment in access.visible(LicenceAssignment, user).filter(licence=licence).select_related("member"):
        own = unit_price(tiers, assignment.quantity)
        pool.lines.append(
            PoolLine(assignment.member, assignment.quantity, own, assignment.quantity * own, assignment.quantity * unit)
        )
    return pool


# Consolidation ----------------------------------------------------------------------------


@dataclass
class Matrix:
    areas: list[str]
    members: list[Any]
    cells: dict[tuple[str, int], list[System]]
    targets: dict[str, ConsolidationArea]
    shared: dict[str, list[System]]

    def header(self) -> list[tuple[str, ConsolidationArea | None, list[System]]]:
        """Per area: its plan (with the target standard) and its shared systems."""
        return [(a, self.targets.get(a), self.shared.get(a, [])) for a in self.areas]

    def rows(self) -> list[tuple[Any, list[list[tuple[System, bool]]]]]:
        """Per member, per area: the systems it uses, each with whether it is the standard."""

        def standard(area: str, system: System) -> bool:
            plan = self.targets.get(area)
            return plan is not None and plan.target_system_id == system.pk

        return [
            (m, [[(s, standard(a, s)) for s in self.cells.get((a, m.pk), [])] for a in self.areas])
            for m in self.members
        ]


def matrix(user: Any, collaboration_id: int, members: list[Any]) -> Matrix:
    """Which system each member uses per area (systems in use or being replaced)."""
    systems = (
        access.visible(System, user)
        .filter(collaboration_id=collaboration_id)
        .exclude(lifecycle=Lifecycle.RETIRED)
        .exclude(area="")
        .prefetch_related("members")
        .order_by("area", "name")
    )
    cells: dict[tuple[str, int], list[System]] = defaultdict(list)
    shared: dict[str, list[System]] = defaultdict(list)
    areas: list[str] = []
    for system in systems:
        if system.area not in areas:
            areas.append(system.area)
        if system.shared:
            shared[system.area].append(system)
        for member in system.members.all():
            cells[system.area, member.pk].append(system)
    targets = {
        a.name: a
        for a in access.visible(ConsolidationArea, user)
        .filter(collaboration_id=collaboration_id)
        .select_related("target_system")
    }
    for name in targets:
        if name not in areas:
            areas.append(name)
    return Matrix(areas, members, dict(cells), targets, dict(shared))


def _quarters(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days: list[datetime.date] = []
    day = datetime.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while day <= last and len(days) < 80:
        days.append(day)
        month = day.month + 3
        day = datetime.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return days


def progress(
    user: Any, collaboration_id: int, area: str | None = None
) -> tuple[list[datetime.date], list[int], list[int]]:
    """Systems in use per quarter (retired ones counted until their retirement), and the
    plan (systems still there at each date if every planned retirement holds)."""
    systems = access.visible(System, user).filter(collaboration_id=collaboration_id)
    if area:
        systems = systems.filter(area=area)
    dates = list(systems.values_list("in_use_since", "retired_on", "planned_retirement"))
    plans = access.visible(ConsolidationArea, user).filter(collaboration_id=collaboration_id)
    if area:
        plans = plans.filter(name=area)
    ends = [p.plan_ends for p in plans] + [d for row in dates for d in row[1:] if d]
    starts = [p.plan_starts for p in plans] + [row[0] for row in dates if row[0]]
    if not dates or not starts:
        return [], [], []
    days = _quarters(min(starts), max(ends + starts))
    today = timezone.localdate()
    actual, planned = [], []
    for day in days:

        def there(row: tuple[Any, Any, Any], planned_too: bool, day: datetime.date = day) -> bool:
            since, retired, plan = row
            gone = retired or (plan if planned_too else None)
            return (since is None or since <= day) and (gone is None or gone > day)

        actual.append(sum(1 for row in dates if there(row, False)) if day <= today else None)
        planned.append(sum(1 for row in dates if there(row, True)))
    return days, actual, planned  # type: ignore[return-value]


def steps(user: Any, area: ConsolidationArea) -> list[ConsolidationStep]:
    return list(access.visible(ConsolidationStep, user).filter(area=area).select_related("member", "leaves_system"))
