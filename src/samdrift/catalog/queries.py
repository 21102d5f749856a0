"""Reading calendars: the :class:`~.businesstime.Schedule` that applies to a member."""

from __future__ import annotations

from django.db.models import Q

from samdrift.tenancy.models import Member

from .businesstime import Schedule
from .models import BusinessCalendar, CalendarClosure, CalendarYear


def schedule_for(calendar: BusinessCalendar, member: Member | int | None = None) -> Schedule:
    """The calendar as it applies to ``member``: for each year the member's own hours if it
    has any, else the collaboration's; the collaboration's closures plus the member's."""
    member_id = member.pk if isinstance(member, Member) else member
    mine = Q(member__isnull=True) | (Q(member_id=member_id) if member_id else Q(pk__in=[]))
    by_year: dict[int, CalendarYear] = {}
    for row in CalendarYear.objects.filter(mine, calendar=calendar).order_by("year", "member_id"):
        if row.year not in by_year or row.member_id is not None:
            by_year[row.year] = row
    closures = CalendarClosure.objects.filter(mine, calendar=calendar)
    return Schedule([h.as_hours() for h in by_year.values()], [c.as_closure() for c in closures])
