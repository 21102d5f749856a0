"""Demo calendars: office hours and around-the-clock for each collaboration, with a few
closures, one of them for a single member."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from samdrift.tenancy.demo import COLLABORATIONS

from . import actions
from .businesstime import STOCKHOLM

FIRST_YEAR = 2024


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


def _next_weekday(after: datetime.date, weekday: int) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7 or 7)


def build(*, system_user: Any, made: dict[str, Any], today: datetime.date | None = None) -> int:
    """Create the calendars; returns how many. Dates follow ``today`` so the demo stays current."""
    today = today or timezone.localdate()
    count = 0
    for demo in COLLABORATIONS:
        collaboration = made[demo.name]
        office = actions.do_create_calendar(
            acting_user=system_user,
            collaboration=collaboration,
            name="Kontorstid",
            description="Servicedeskens öppettider: vardagar 07.30–16.30, aftnar till 13.00. Stängt på helgdagar.",
        )
        actions.do_set_hours(
            acting_user=system_user,
            calendar=office,
            year=FIRST_YEAR,
            opens=datetime.time(7, 30),
            closes=datetime.time(16, 30),
            shortened_closes=datetime.time(13, 0),
        )
        # From next year the desk opens at 07.00 (a decision of the committee).
        actions.do_set_hours(
            acting_user=system_user,
            calendar=office,
            year=today.year + 1,
            opens=datetime.time(7, 0),
            closes=datetime.time(16, 30),
            shortened_closes=datetime.time(13, 0),
        )
        around_the_clock = actions.do_create_calendar(
            acting_user=system_user,
            collaboration=collaboration,
            name="Dygnet runt",
            description="Drift av kritisk infrastruktur, alla dagar och timmar.",
        )
        actions.do_set_hours(
            acting_user=system_user,
            calendar=around_the_clock,
            year=FIRST_YEAR,
            opens=datetime.time(0),
            closes=None,
            shortened_closes=None,
            workdays="1234567",
            closed_on_holidays=False,
        )
        staff_day = _next_weekday(today + datetime.timedelta(days=7), 4)  # a Friday in a week or two
        actions.do_add_closure(
            acting_user=system_user,
            calendar=office,
            starts=_at(staff_day, 12),
            ends=_at(staff_day + datetime.timedelta(days=1), 0),
            reason="Personalmöte för hela IT-enheten",
        )
        first_member = made[next(iter(demo.members))]
        move = _next_weekday(today, 0) - datetime.timedelta(days=21)  # a Monday three weeks ago
        actions.do_add_closure(
            acting_user=system_user,
            calendar=office,
            member=first_member,
            starts=_at(move, 7),
            ends=_at(move, 12),
            reason=f"{first_member.name}: flytt av kommunhusets nät",
        )
        count += 2
    return count
