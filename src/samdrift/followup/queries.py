"""Read side of follow-up: the service-desk statistics from the rollup, and goals' actuals.

Every figure here is read from ``TicketStat`` (never from the tickets), narrowed first to
the reader's report scope (``TicketStat.objects.visible_to``): a member's orderer gets its
own member's figures. The collaboration's average per member is added only where the
collaboration is transparent (finance's ``transparent_statements``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _

from samdrift.catalog.models import Service
from samdrift.servicedesk.choices import Priority
from samdrift.servicedesk.models import Category
from samdrift.tenancy.models import Department, Member, Unit

from .choices import Dimension, StatKind
from .models import StatYear, TicketStat

SUMS = ("opened", "resolved", "reopened", "first_contact", "sla_resolved", "sla_met", "minutes")
MAX_MONTHS = 60


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass
class Cell:
    """The figures of one group in one month (or a whole period)."""

    opened: int = 0
    resolved: int = 0
    reopened: int = 0
    first_contact: int = 0
    sla_resolved: int = 0
    sla_met: int = 0
    minutes: int = 0
    backlog: int = 0  # at the end of the month / period

    def add(self, other: Cell) -> None:
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def sla_percent(self) -> Decimal | None:
        return percent(self.sla_met, self.sla_resolved)

    @property
    def first_contact_percent(self) -> Decimal | None:
        return percent(self.first_contact, self.resolved)

    @property
    def reopen_percent(self) -> Decimal | None:
        return percent(self.reopened, self.resolved)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Group:
    key: int
    label: str
    months: list[Cell]
    total: Cell


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date
    dimension: str
    months: list[datetime.date]
    groups: list[Group]
    totals: Group
    average: Group | None = None  # the collaboration's average per member, if transparent
    members_in_average: int = 0
    notes: list[str] = field(default_factory=list)


def _kind(dimension: str) -> str:
    return dimension if dimension in StatKind.values else StatKind.UNIT


def _group_field(dimension: str) -> str:
    return {Dimension.MEMBER: "member_id", Dimension.DEPARTMENT: "department_key"}.get(dimension, "value")  # type: ignore[call-overload]


def labels(dimension: str, keys: set[int]) -> dict[int, str]:
    none = _("(none)")
    ids = sorted(k for k in keys if k)
    found: dict[int, str] = {}
    if dimension == Dimension.PRIORITY:
        found = {k: str(Priority(k).label) for k in ids if k in Priority.values}
    else:
        model: Any = {
            Dimension.MEMBER: Member,
            Dimension.DEPARTMENT: Department,
            Dimension.UNIT: Unit,
            Dimension.SERVICE: Service,
            Dimension.CATEGORY: Category,
        }[Dimension(dimension)]
        objects = model._default_manager.filter(pk__in=ids)
        if related := _related(model):
            objects = objects.select_related(*related)
        found = {o.pk: str(o) for o in objects}
    return {k: found.get(k, none if not k else f"#{k}") for k in keys}


def _related(model: Any) -> tuple[str, ...]:
    return ("parent",) if model is Category else ("member",) if model is Department else ()


def _cells(rows: QuerySet[Any], group: str) -> dict[tuple[int, datetime.date], Cell]:
    found = {}
    for row in rows.values(group, "month").annotate(**{f"s_{n}": Sum(n) for n in SUMS}).order_by():
        found[(row[group], row["month"])] = Cell(**{n: row[f"s_{n}"] or 0 for n in SUMS})
    return found


def _window(
    rows: QuerySet[Any], years: QuerySet[Any], group: str, first: datetime.date, last: datetime.date
) -> tuple[dict[tuple[int, datetime.date], Cell], dict[int, int]]:
    """The cells of the months ``first``..``last`` and the open tickets per group at the
    start of ``first``: the yearly balances (``StatYear``) of the earlier years plus the
    months of ``first``'s year before it — two grouped queries, never the whole history."""
    cells = _cells(rows.filter(month__gte=first.replace(month=1), month__lte=last), group)
    balances: dict[int, int] = defaultdict(int)
    for row in years.filter(year__lt=first.year).values(group).annotate(b=Sum("net")).order_by():
        balances[row[group]] += row["b"] or 0
    for key, month in [k for k in cells if k[1] < first]:
        cell = cells.pop((key, month))
        balances[key] += cell.opened - cell.resolved
    return cells, dict(balances)


def _assemble(
    cells: dict[tuple[int, datetime.date], Cell], balances: dict[int, int], months: list[datetime.date]
) -> dict[int, tuple[list[Cell], Cell]]:
    keys = {k for k, _m in cells} | {k for k, b in balances.items() if b}
    result = {}
    for key in keys:
        backlog = balances.get(key, 0)
        series, total = [], Cell()
        for month in months:
            cell = cells.get((key, month), Cell())
            backlog += cell.opened - cell.resolved
            cell.backlog = backlog
            series.append(cell)
            total.add(cell)
        total.backlog = backlog
        result[key] = (series, total)
    return result


def scoped_rows(user: Any) -> QuerySet[TicketStat]:
    return TicketStat.objects.visible_to(user)


def statistics(
    user: Any,
    start: datetime.date,
    end: datetime.date,
    dimension: str = Dimension.UNIT,
    *,
    members: list[Member] | None = None,
    department: Department | None = None,
    value: int | None = None,
    with_average: bool = False,
) -> Statistics:
    """The statistics per month × ``dimension`` for the whole months from ``start`` to
    ``end``, within the reader's scope. ``value`` keeps one unit / service / category /
    priority (for those dimensions)."""
    months = months_between(start, end)
    first, last = months[0], months[-1]
    kind, group = _kind(dimension), _group_field(dimension)
    rows = scoped_rows(user).filter(kind=kind)
    years = StatYear.objects.visible_to(user).filter(kind=kind)
    if members is not None:
        rows = rows.filter(member_id__in=[m.pk for m in members])
        years = years.filter(member_id__in=[m.pk for m in members])
    if department is not None:
        rows = rows.filter(department_key=department.pk)
        years = years.filter(department_key=department.pk)
    if value is not None and group == "value":
        rows = rows.filter(value=value)
        years = years.filter(value=value)
    cells, balances = _window(rows, years, group, first, last)
    assembled = _assemble(cells, balances, months)
    names = labels(dimension, set(assembled))
    groups = [Group(k, names[k], series, total) for k, (series, total) in assembled.items()]
    groups.sort(key=lambda g: (g.key == 0, g.label.casefold()))
    totals = _total_group(groups, months, _("All"))
    result = Statistics(start=first, end=last, dimension=dimension, months=months, groups=groups, totals=totals)
    if with_average:
        ids = {m.collaboration_id for m in members} if members else readable_collaborations(user)
        _add_average(result, ids, kind, first, last, months)
    return result


def _total_group(groups: list[Group], months: list[datetime.date], label: str) -> Group:
    series = [Cell() for _m in months]
    total = Cell()
    for g in groups:
        for i, cell in enumerate(g.months):
            series[i].add(cell)
            series[i].backlog += cell.backlog
        total.add(g.total)
        total.backlog += g.total.backlog
    return Group(0, label, series, total)


def transparent_collaborations(collaboration_ids: set[int]) -> set[int]:
    from samdrift.finance.models import FinanceSettings

    closed = set(
        FinanceSettings.objects.filter(
            collaboration_id__in=collaboration_ids, transparent_statements=False
        ).values_list("collaboration_id", flat=True)
    )
    return collaboration_ids - closed


def readable_collaborations(user: Any) -> set[int]:
    return set(scoped_rows(user).values_list("collaboration_id", flat=True).distinct()) | set(
        Member.objects.visible_to(user).values_list("collaboration_id", flat=True)
    )


def _add_average(
    result: Statistics,
    collaboration_ids: set[int],
    kind: str,
    first: datetime.date,
    last: datetime.date,
    months: list[datetime.date],
) -> None:
    """The collaboration's totals beside a member's figures, where it is transparent."""
    collaborations = transparent_collaborations(collaboration_ids)
    if len(collaborations) != 1:
        return
    (collaboration_id,) = collaborations
    count = Member.objects.filter(collaboration_id=collaboration_id, left_on__isnull=True).count() or 1
    rows = TicketStat.objects.filter(collaboration_id=collaboration_id, kind=kind).annotate(all_=F("collaboration_id"))
    years = StatYear.objects.filter(collaboration_id=collaboration_id, kind=kind).annotate(all_=F("collaboration_id"))
    cells, balances = _window(rows, years, "all_", first, last)
    assembled = _assemble(cells, balances, months).get(collaboration_id)
    if assembled is None:
        return
    series, total = assembled
    # The collaboration's totals; per member they are divided by ``members_in_average``
    # (``per_member``), and its percentages are the collaboration's own.
    result.average = Group(0, _("Collaboration"), series, total)
    result.members_in_average = count


def per_member(count: int, members: int) -> Decimal:
    """A count divided by the number of members, to one decimal."""
    return (Decimal(count) / (members or 1)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
