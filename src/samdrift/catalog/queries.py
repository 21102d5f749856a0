"""Reading the catalogue: the :class:`~.businesstime.Schedule` that applies to a member,
the SLA agreed for a member's use of a service, and availability against its target."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from samdrift.tenancy.models import Member

from .businesstime import Interval, Schedule
from .choices import DisruptionImpact, DisruptionKind
from .models import SLA, BusinessCalendar, CalendarClosure, CalendarYear, Disruption


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
        SLA.objects.select_related("calendar").filter(_own_or_common(_member_id(member)), service_id=service_id)
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
