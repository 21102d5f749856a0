"""Reading the catalogue: the :class:`~.businesstime.Schedule` that applies to a member,
the SLA agreed for a member's use of a service, availability against its target, and a
member's portfolio of subscriptions priced for a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from samdrift.tenancy.models import Member, Population

from .businesstime import Interval, Schedule
from .choices import DisruptionImpact, DisruptionKind, PriceModel, ServiceState
from .models import SLA, BusinessCalendar, CalendarClosure, CalendarYear, Disruption, Price, Service, Subscription


def _member_id(member: Member | int | None) -> int | None:
    return member.pk if isinstance(member, Member) else member


def _own_or_common(member_id: int | None) -> Q:
    return Q(member__isnull=True) | (Q(member_id=member_id) if member_id else Q(pk__in=[]))


def schedule_for(calendar: BusinessCalendar | int, member: Member | int | None = None) -> Schedule:
    """The calendar as it applies to ``member``: for each year the member's own hours if it
    has any, else the collaboration's; the collaboration's closures plus the member's."""
    mine = _own_or_common(_member_id(member))
    calendar_id = calendar.pk if isinstance(calendar, BusinessCalendar) else calendar
    by_year: dict[int, CalendarYear] = {}
    for row in CalendarYear.objects.filter(mine, calendar_id=calendar_id).order_by("year", "member_id"):
        if row.year not in by_year or row.member_id is not None:
            by_year[row.year] = row
    closures = CalendarClosure.objects.filter(mine, calendar_id=calendar_id)
    return Schedule([h.as_hours() for h in by_year.values()], [c.as_closure() for c in closures])


def agreed_sla(service_id: int | None, member: Member | int | None) -> SLA | None:
    """The member's own SLA for the service if one is agreed, else the service's."""
    if service_id is None:
        return None
    found = list(
        SLA.objects.select_related("calendar").filter(
            _own_or_common(_member_id(member)), service_id=service_id, for_system=False
        )
    )
    found.sort(key=lambda s: s.member_id is None)  # the member's own first
    return found[0] if found else None


@dataclass(frozen=True)
class Availability:
    """A service's availability for one member over a period, in the SLA's support hours.

    ``percent`` is ``None`` when the period holds no support time (nothing to measure).
    """

    service_id: int
    member_id: int
    target: Decimal
    measured: datetime.timedelta
    downtime: datetime.timedelta
    outages: int

    @property
    def percent(self) -> Decimal | None:
        if self.measured <= datetime.timedelta(0):
            return None
        share = Decimal(1) - Decimal(self.downtime.total_seconds()) / Decimal(self.measured.total_seconds())
        return (share * 100).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        percent = self.percent
        return None if percent is None else percent >= self.target


def merged(intervals: list[Interval]) -> list[Interval]:
    """Overlapping intervals joined, so two reports of one outage are not counted twice."""
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def availability(
    sla: SLA,
    member: Member | int,
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime,
    schedule: Schedule | None = None,
    disruptions: list[Any] | None = None,
) -> Availability:
    """Availability of ``sla.service`` for ``member`` from ``start`` to ``end`` (or ``now``
    if that is earlier), counted in the SLA's support hours as they apply to the member.

    Unplanned outages count as downtime; planned work and degraded service do not (the
    usual reading of an availability target: announced maintenance is agreed time).
    ``disruptions`` may be passed pre-fetched (``(starts, ends)`` pairs of the member's
    unplanned outages of the service) when many figures are computed at once.
    """
    member_id = member.pk if isinstance(member, Member) else member
    schedule = schedule or schedule_for(sla.calendar_id, member_id)
    until = min(end, now)
    if disruptions is None:
        disruptions = list(
            Disruption.objects.affecting(member_id)
            .filter(
                service_id=sla.service_id,
                kind=DisruptionKind.UNPLANNED,
                impact=DisruptionImpact.OUTAGE,
                starts__lt=until,
            )
            .filter(Q(ends__isnull=True) | Q(ends__gt=start))
            .values_list("starts", "ends")
        )
    clipped = [(max(s, start), min(e or until, until)) for s, e in disruptions]
    down = merged([(s, e) for s, e in clipped if e > s])
    measured = schedule.elapsed(start, until) if until > start else datetime.timedelta(0)
    downtime = sum((schedule.elapsed(s, e) for s, e in down), datetime.timedelta(0))
    return Availability(
        service_id=sla.service_id,
        member_id=member_id,
        target=sla.availability_target,
        measured=measured,
        downtime=downtime,
        outages=len(down),
    )


@dataclass(frozen=True)
class PricedPeriod:
    """One price version applied to part of a subscription's year."""

    price: Price
    days: int
    counted: Decimal  # what the price is multiplied by: 1, inhabitants or the quantity
    amount: Decimal


@dataclass
class PortfolioLine:
    subscription: Subscription
    periods: list[PricedPeriod]
    unpriced_days: int  # days of the year the subscription runs without a price in effect

    @property
    def amount(self) -> Decimal:
        return sum((p.amount for p in self.periods), Decimal("0.00"))


@dataclass
class Portfolio:
    """Vår tjänsteportfölj: what a member subscribes to in a year, and at what price."""

    member: Member
    year: int
    lines: list[PortfolioLine]
    base_services: list[Service]
    inhabitants: int | None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def inhabitants_for(member: Member, year: int) -> int | None:
    """The member's inhabitants for ``year``, or the latest earlier figure."""
    found = Population.objects.filter(member=member, year__lte=year).order_by("-year").first()
    return found.inhabitants if found else None


def price_subscription(
    subscription: Subscription, year: int, prices: list[Price], inhabitants: int | None
) -> PortfolioLine:
    """The subscription's cost in ``year``: each price version in effect, pro rata by day.

    Annual prices are per year: a subscription (or price version) covering part of the
    year pays that share of it, counted in days. Hourly prices multiply the hours the
    subscription states for the year in the same way. Amounts are rounded to öre per line.
    """
    first, last = year_bounds(year)
    days_in_year = (last - first).days + 1
    start = max(subscription.starts, first)
    end = min(subscription.ends or last, last)
    periods: list[PricedPeriod] = []
    covered = 0
    if end >= start:
        for price in sorted(prices, key=lambda p: p.valid_from):
            p_start = max(start, price.valid_from)
            p_end = min(end, price.valid_to or last)
            if p_end < p_start:
                continue
            days = (p_end - p_start).days + 1
            covered += days
            if price.price_model == PriceModel.FIXED:
                counted = Decimal(1)
            elif price.price_model == PriceModel.PER_INHABITANT:
                counted = Decimal(inhabitants or 0)
            else:
                counted = subscription.quantity
            amount = (price.unit_price * counted * days / days_in_year).quantize(Decimal("0.01"), ROUND_HALF_UP)
            periods.append(PricedPeriod(price=price, days=days, counted=counted, amount=amount))
    running = (end - start).days + 1 if end >= start else 0
    return PortfolioLine(subscription=subscription, periods=periods, unpriced_days=running - covered)


def portfolio(member: Member, year: int, subscriptions: Any) -> Portfolio:
    """The member's portfolio for ``year`` from ``subscriptions`` (already scoped to the reader)."""
    first, last = year_bounds(year)
    running = list(
        subscriptions.filter(member=member, starts__lte=last)
        .filter(Q(ends__isnull=True) | Q(ends__gte=first))
        .select_related("service", "department", "member")
        .order_by("service__name", "department__name", "starts")
    )
    service_ids = {s.service_id for s in running}
    prices: dict[tuple[int, str], list[Price]] = {}
    in_year = Price.objects.filter(service_id__in=service_ids, valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    for price in in_year:
        prices.setdefault((price.service_id, price.level), []).append(price)
    inhabitants = inhabitants_for(member, year)
    lines = [price_subscription(s, year, prices.get((s.service_id, s.level), []), inhabitants) for s in running]
    base = list(
        Service.objects.filter(collaboration_id=member.collaboration_id, is_standard=True)
        .exclude(state=ServiceState.PLANNED)
        .order_by("name")
    )
    return Portfolio(member=member, year=year, lines=lines, base_services=base, inhabitants=inhabitants)


def running_subscription(
    member_id: int | None, department_id: int | None, service: Service | int, on: datetime.date
) -> Subscription | None:
    """The member's subscription to ``service`` in force on ``on`` that covers the
    department (a member-wide one, or the department's own), or None."""
    if member_id is None:
        return None
    service_id = service.pk if isinstance(service, Service) else service
    return (
        Subscription.objects.filter(member_id=member_id, service_id=service_id, starts__lte=on)
        .filter(Q(ends__isnull=True) | Q(ends__gte=on))
        .filter(Q(department__isnull=True) | Q(department_id=department_id))
        .order_by("department_id", "starts")
        .first()
    )


def proposed_level(service: Service) -> str:
    """The price level a new subscription to ``service`` starts at: "Bas" if the service
    has it, else its first level by name."""
    levels = sorted(set(service.prices.values_list("level", flat=True)))
    return "Bas" if "Bas" in levels or not levels else levels[0]


def price_on(service: Service, level: str, on: datetime.date) -> Price | None:
    """The price version of ``service`` at ``level`` in effect on ``on``."""
    return (
        Price.objects.filter(service=service, level=level, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def proposal_start(today: datetime.date) -> datetime.date:
    """When a subscription proposed from a portal order starts: the first of next month."""
    return datetime.date(today.year + today.month // 12, today.month % 12 + 1, 1)
