"""Business time in Europe/Stockholm: when the shared organisation is open, and when
something that needs N hours of it is due.

Pure functions and values, no database: a :class:`Schedule` is built from one calendar's
yearly :class:`Hours` and its :class:`Closure` periods, and answers

* :meth:`Schedule.add` — the moment when ``duration`` of open time has passed after
  ``start`` (a due time);
* :meth:`Schedule.elapsed` — how much open time lies between two moments (time used);
* :meth:`Schedule.day` — whether a date is open, shortened or closed, and why.

Which days are closed:

* Sundays and the public holidays of the law (lag (1989:253) om allmänna helgdagar),
  taken from the ``holidays`` package (``public`` category);
* the days that are off in practice — midsommarafton, julafton, nyårsafton (the
  package's ``de_facto`` category);
* Saturdays, unless the year's hours make them workdays;
* local closures (any period, e.g. a staff day), per calendar and per member.

A calendar that is open around the clock (``Hours.closed_on_holidays = False``) keeps
working on all of these except closures.

Shortened days close early (``Hours.shortened_closes``): trettondagsafton, skärtorsdagen,
valborgsmässoafton, the day before Kristi himmelsfärdsdag, the day before nationaldagen,
allhelgonaafton and 23 December — when they are workdays at all.

All arithmetic is done in UTC on aware datetimes. Opening hours are local wall-clock
times; a day's open interval is converted to UTC on its own date, so the March and
October switches give a 23- and a 25-hour day to a calendar that is open around the
clock, and change nothing for office hours.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC
# A due time further away than this means the calendar has (almost) no open time left.
HORIZON_DAYS = 3 * 366
MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})

Interval = tuple[datetime.datetime, datetime.datetime]


class NoWorkingTime(ValueError):
    """The calendar has no open time within :data:`HORIZON_DAYS` of the moment asked about."""


class DayKind(enum.StrEnum):
    OPEN = "open"
    SHORTENED = "shortened"
    CLOSED = "closed"


@dataclass(frozen=True)
class Hours:
    """One year's opening hours (a calendar's version for that year and later years).

    ``closes=None`` means midnight: ``opens=00:00, closes=None`` is open all day.
    """

    year: int
    opens: datetime.time = datetime.time(8, 0)
    closes: datetime.time | None = datetime.time(17, 0)
    shortened_closes: datetime.time | None = datetime.time(13, 0)
    workdays: frozenset[int] = MONDAY_TO_FRIDAY
    closed_on_holidays: bool = True

    def problems(self) -> list[str]:
        """Why these hours cannot be used (empty when they can). Untranslated codes."""
        found = []
        if not self.workdays:
            found.append("no_workdays")
        if self.closes is not None and self.closes <= self.opens:
            found.append("closes_before_opens")
        if self.shortened_closes is not None and (
            self.shortened_closes <= self.opens or (self.closes is not None and self.shortened_closes > self.closes)
        ):
            found.append("shortened_outside_hours")
        return found


@dataclass(frozen=True)
class Closure:
    """A period the calendar is closed, e.g. a staff day. Aware datetimes, start < end."""

    start: datetime.datetime
    end: datetime.datetime
    reason: str = ""


@cache
def closed_days(year: int) -> dict[datetime.date, str]:
    """Public holidays (law 1989:253, Sundays excepted) and the de-facto days off."""
    found = holidays.country_holidays("SE", years=year, include_sundays=False, categories=("public", "de_facto"))
    return dict(found.items())


@cache
def public_holidays(year: int) -> dict[datetime.date, str]:
    """The public holidays of lag (1989:253), Sundays excepted."""
    return dict(holidays.country_holidays("SE", years=year, include_sundays=False).items())


@cache
def shortened_days(year: int) -> dict[datetime.date, str]:
    """Eves that are shortened workdays, derived from the year's public holidays."""
    named = {name: day for day, name in public_holidays(year).items()}
    one = datetime.timedelta(days=1)
    found = {
        datetime.date(year, 1, 5): "Trettondagsafton",
        named["Långfredagen"] - one: "Skärtorsdagen",
        datetime.date(year, 4, 30): "Valborgsmässoafton",
        named["Kristi himmelsfärdsdag"] - one: "Dag före Kristi himmelsfärdsdag",
        datetime.date(year, 6, 5): "Dag före nationaldagen",
        named["Alla helgons dag"] - one: "Allhelgonaafton",
        datetime.date(year, 12, 23): "Dag före julafton",
    }
    return dict(sorted(found.items()))


SPAN_MEMO = 1024


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("business time needs aware datetimes")
    return moment.astimezone(UTC)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=STOCKHOLM)


@dataclass
class Schedule:
    """One calendar's open time: yearly hours plus closures. Cheap to query repeatedly."""

    hours: Iterable[Hours]
    closures: Iterable[Closure] = ()
    _versions: list[Hours] = field(init=False, repr=False)
    _closures: list[Interval] = field(init=False, repr=False)
    _days: dict[datetime.date, tuple[Interval, ...]] = field(init=False, repr=False, default_factory=dict)
    # Spans already measured: a report asks one member's schedule for the same year once
    # per service (a year is some 365 days of intervals each time). At most SPAN_MEMO of
    # them, so that a long-lived schedule (the SLA recompute's) does not grow with its use.
    _spans: dict[Interval, datetime.timedelta] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._versions = sorted(self.hours, key=lambda h: h.year)
        if not self._versions:
            raise NoWorkingTime("a calendar needs the hours of at least one year")
        for version in self._versions:
            if version.problems():
                raise NoWorkingTime(f"the hours of {version.year} are not usable: {version.problems()}")
        merged: list[Interval] = []
        for start, end in sorted((_utc(c.start), _utc(c.end)) for c in self.closures):
            if end <= start:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._closures = merged

    def hours_for(self, year: int) -> Hours:
        """The version in force: the latest one for ``year`` or before it (else the first)."""
        chosen = self._versions[0]
        for version in self._versions:
            if version.year <= year:
                chosen = version
        return chosen

    def day(self, day: datetime.date) -> tuple[DayKind, str]:
        """Whether ``day`` is open, shortened or closed by the calendar (closures aside)."""
        hours = self.hours_for(day.year)
        if hours.closed_on_holidays:
            holiday = closed_days(day.year).get(day)
            if holiday:
                return DayKind.CLOSED, holiday
        if day.weekday() not in hours.workdays:
            return DayKind.CLOSED, ""
        if hours.closed_on_holidays and hours.shortened_closes is not None:
            eve = shortened_days(day.year).get(day)
            if eve:
                return DayKind.SHORTENED, eve
        return DayKind.OPEN, ""

    def intervals(self, day: datetime.date) -> tuple[Interval, ...]:
        """The open intervals of a local date, in UTC, with closures cut out."""
        known = self._days.get(day)
        if known is not None:
            return known
        kind, _reason = self.day(day)
        result: tuple[Interval, ...] = ()
        if kind != DayKind.CLOSED:
            hours = self.hours_for(day.year)
            closes = hours.shortened_closes if kind == DayKind.SHORTENED else hours.closes
            start = datetime.datetime.combine(day, hours.opens, tzinfo=STOCKHOLM).astimezone(UTC)
            if closes is None:
                end = _local_midnight(day + datetime.timedelta(days=1)).astimezone(UTC)
            else:
                end = datetime.datetime.combine(day, closes, tzinfo=STOCKHOLM).astimezone(UTC)
            result = self._cut_closures(start, end)
        self._days[day] = result
        return result

    def _cut_closures(self, start: datetime.datetime, end: datetime.datetime) -> tuple[Interval, ...]:
        pieces: list[Interval] = []
        cursor = start
        for c_start, c_end in self._closures:
            if c_end <= cursor or c_start >= end:
                continue
            if c_start > cursor:
                pieces.append((cursor, c_start))
            cursor = max(cursor, c_end)
            if cursor >= end:
                break
        if cursor < end:
            pieces.append((cursor, end))
        return tuple(pieces)

    def is_open(self, moment: datetime.datetime) -> bool:
        moment = _utc(moment)
        day = moment.astimezone(STOCKHOLM).date()
        return any(start <= moment < end for start, end in self.intervals(day))

    def add(self, start: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """When ``duration`` (> 0) of open time has passed after ``start``.

        The answer always lies in an open interval or at its closing moment, never inside
        a closed period.
        """
        if duration <= datetime.timedelta(0):
            raise ValueError("the duration must be positive")
        start = _utc(start)
        remaining = duration
        day = start.astimezone(STOCKHOLM).date()
        for _ in range(HORIZON_DAYS):
            for open_at, close_at in self.intervals(day):
                if close_at <= start:
                    continue
                begin = max(open_at, start)
                available = close_at - begin
                if available >= remaining:
                    return begin + remaining
                remaining -= available
            day += datetime.timedelta(days=1)
        raise NoWorkingTime(f"no open time within {HORIZON_DAYS} days of {start.isoformat()}")

    def elapsed(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        """Open time between two moments (zero if ``end`` is not after ``start``)."""
        start, end = _utc(start), _utc(end)
        total = datetime.timedelta(0)
        if end <= start:
            return total
        known = self._spans.get((start, end))
        if known is not None:
            return known
        day = start.astimezone(STOCKHOLM).date()
        last = end.astimezone(STOCKHOLM).date()
        while day <= last:
            for open_at, close_at in self.intervals(day):
                overlap = min(close_at, end) - max(open_at, start)
                if overlap > datetime.timedelta(0):
                    total += overlap
            day += datetime.timedelta(days=1)
        if len(self._spans) >= SPAN_MEMO:
            self._spans.clear()
        self._spans[(start, end)] = total
        return total

    def next_open(self, moment: datetime.datetime) -> datetime.datetime:
        """``moment`` if the calendar is open then, else when it next opens."""
        moment = _utc(moment)
        day = moment.astimezone(STOCKHOLM).date()
        for _ in range(HORIZON_DAYS):
            for open_at, close_at in self.intervals(day):
                if close_at > moment:
                    return max(open_at, moment)
            day += datetime.timedelta(days=1)
        raise NoWorkingTime(f"no open time within {HORIZON_DAYS} days of {moment.isoformat()}")
