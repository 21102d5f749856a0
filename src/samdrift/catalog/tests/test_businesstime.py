"""Business time: Swedish holidays against the law, dated examples, and properties."""

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from samdrift.catalog.businesstime import (
    SPAN_MEMO,
    STOCKHOLM,
    Closure,
    DayKind,
    Hours,
    NoWorkingTime,
    Schedule,
    closed_days,
    public_holidays,
    shortened_days,
)

H = datetime.timedelta(hours=1)
OFFICE = Schedule([Hours(2020)])  # 08–17 Mon–Fri, shortened days to 13
AROUND_THE_CLOCK = Schedule(
    [Hours(2020, opens=datetime.time(0), closes=None, shortened_closes=None, workdays=frozenset(range(7)),
           closed_on_holidays=False)]
)  # fmt: skip


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


# --- The law: lag (1989:253) om allmänna helgdagar, computed independently -------------


def easter_sunday(year: int) -> datetime.date:
    """The Gregorian Easter (anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def saturday_between(first: datetime.date, days: int = 7) -> datetime.date:
    return next(first + datetime.timedelta(n) for n in range(days) if (first + datetime.timedelta(n)).weekday() == 5)


def law_1989_253(year: int) -> set[datetime.date]:
    """§ 1 as in force since 2005 (nationaldagen added, annandag pingst removed); no Sundays."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1),  # nyårsdagen
        datetime.date(year, 1, 6),  # trettondedag jul
        easter - datetime.timedelta(2),  # långfredagen
        easter,  # påskdagen
        easter + datetime.timedelta(1),  # annandag påsk
        easter + datetime.timedelta(39),  # Kristi himmelsfärdsdag
        datetime.date(year, 5, 1),  # första maj
        easter + datetime.timedelta(49),  # pingstdagen
        datetime.date(year, 6, 6),  # nationaldagen
        saturday_between(datetime.date(year, 6, 20)),  # midsommardagen
        saturday_between(datetime.date(year, 10, 31)),  # alla helgons dag
        datetime.date(year, 12, 25),  # juldagen
        datetime.date(year, 12, 26),  # annandag jul
    }
    return days


@pytest.mark.parametrize("year", range(2005, 2101))
def test_public_holidays_follow_the_law(year: int) -> None:
    assert set(public_holidays(year)) == law_1989_253(year)


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2030])
def test_the_days_off_in_practice_and_the_shortened_eves(year: int) -> None:
    off = set(closed_days(year)) - law_1989_253(year)
    midsommarafton = saturday_between(datetime.date(year, 6, 20)) - datetime.timedelta(1)
    assert off == {midsommarafton, datetime.date(year, 12, 24), datetime.date(year, 12, 31)}
    easter = easter_sunday(year)
    assert set(shortened_days(year)) == {
        datetime.date(year, 1, 5),
        easter - datetime.timedelta(3),  # skärtorsdagen
        datetime.date(year, 4, 30),
        easter + datetime.timedelta(38),  # onsdagen före Kristi himmelsfärd
        datetime.date(year, 6, 5),
        saturday_between(datetime.date(year, 10, 31)) - datetime.timedelta(1),  # allhelgonaafton
        datetime.date(year, 12, 23),
    }


def test_day_kinds_in_2026() -> None:
    assert OFFICE.day(datetime.date(2026, 6, 19)) == (DayKind.CLOSED, "Midsommarafton")
    assert OFFICE.day(datetime.date(2026, 4, 30)) == (DayKind.SHORTENED, "Valborgsmässoafton")
    assert OFFICE.day(datetime.date(2026, 6, 5))[0] == DayKind.SHORTENED  # a Friday before nationaldagen
    assert OFFICE.day(datetime.date(2026, 11, 21)) == (DayKind.CLOSED, "")  # a Saturday
    assert AROUND_THE_CLOCK.day(datetime.date(2026, 12, 24)) == (DayKind.OPEN, "")


# --- Dated examples (docs/catalog.md lists them) ---------------------------------------

EXAMPLES = [
    # Thursday before midsommar, 15:00, 4 h: 2 h left that day, the rest after the weekend
    # (midsommarafton is off): Monday 10:00.
    ("day before midsommarafton", OFFICE, local(2026, 6, 18, 15), 4 * H, local(2026, 6, 22, 10)),
    # On midsommarafton itself nothing runs until Monday 08:00.
    ("midsommarafton", OFFICE, local(2026, 6, 19, 10), 4 * H, local(2026, 6, 22, 12)),
    # 23 December closes at 13:00, so at 15:00 it is already closed; 24–27 December are
    # julafton, juldagen, annandag jul and a Sunday: Monday 28 December 12:00.
    ("23 December 15:00", OFFICE, local(2026, 12, 23, 15), 4 * H, local(2026, 12, 28, 12)),
    # 23 December 11:00: 2 h until 13:00, 2 h on the 28th.
    ("23 December 11:00", OFFICE, local(2026, 12, 23, 11), 4 * H, local(2026, 12, 28, 10)),
    # Across New Year: 30 December 15:00, 8 h. 2 h that day; nyårsafton and nyårsdagen are
    # off, then a weekend: 4 January 2027 14:00.
    ("across New Year", OFFICE, local(2026, 12, 30, 15), 8 * H, local(2027, 1, 4, 14)),
    # DST starts 29 March 2026 (a Sunday): office hours do not notice.
    ("DST March, office", OFFICE, local(2026, 3, 27, 16), 4 * H, local(2026, 3, 30, 11)),
    # Around the clock, the March day has 23 hours: 24 h from Saturday noon is Sunday 13:00.
    ("DST March, 24/7", AROUND_THE_CLOCK, local(2026, 3, 28, 12), 24 * H, local(2026, 3, 29, 13)),
    # The October day has 25 hours: 24 h from Saturday noon is Sunday 11:00.
    ("DST October, 24/7", AROUND_THE_CLOCK, local(2026, 10, 24, 12), 24 * H, local(2026, 10, 25, 11)),
    # A ticket on the day of the switch itself, office hours: Monday 12:00.
    ("DST day, office", OFFICE, local(2026, 10, 25, 9), 4 * H, local(2026, 10, 26, 12)),
]


@pytest.mark.parametrize(("name", "schedule", "start", "duration", "due"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_dated_examples(name, schedule, start, duration, due) -> None:
    assert schedule.add(start, duration) == due
    assert schedule.elapsed(start, due) == duration


def test_closures_are_skipped_and_can_be_per_member() -> None:
    staff_day = Closure(local(2026, 9, 10, 8), local(2026, 9, 11, 0), "Personaldag")
    schedule = Schedule([Hours(2026)], [staff_day])
    assert schedule.add(local(2026, 9, 9, 16), 2 * H) == local(2026, 9, 11, 9)
    assert schedule.next_open(local(2026, 9, 10, 12)) == local(2026, 9, 11, 8)


def test_hours_are_versioned_per_year() -> None:
    schedule = Schedule([Hours(2026), Hours(2027, opens=datetime.time(7, 30), closes=datetime.time(16, 30))])
    assert schedule.next_open(local(2026, 12, 1, 7, 45)) == local(2026, 12, 1, 8)
    assert schedule.next_open(local(2027, 12, 1, 7, 45)) == local(2027, 12, 1, 7, 45)
    assert schedule.hours_for(2030).opens == datetime.time(7, 30)
    assert schedule.hours_for(2019).year == 2026, "before its first version a calendar uses that version"


def test_unusable_calendars_are_refused() -> None:
    with pytest.raises(NoWorkingTime):
        Schedule([Hours(2026, workdays=frozenset())])
    with pytest.raises(NoWorkingTime):
        Schedule([Hours(2026, opens=datetime.time(17), closes=datetime.time(8))])
    with pytest.raises(NoWorkingTime):
        Schedule([])
    closed_for_ever = Schedule([Hours(2026)], [Closure(local(2026, 1, 1), local(2031, 1, 1))])
    with pytest.raises(NoWorkingTime):
        closed_for_ever.add(local(2026, 3, 1), H)
    with pytest.raises(ValueError, match="positive"):
        OFFICE.add(local(2026, 3, 2, 9), datetime.timedelta(0))
    with pytest.raises(ValueError, match="aware"):
        OFFICE.add(datetime.datetime(2026, 3, 2, 9), H)  # noqa: DTZ001


def test_measured_spans_are_remembered_within_a_bound(monkeypatch) -> None:
    schedule = Schedule([Hours(2020)])
    year = (local(2026, 1, 1), local(2027, 1, 1))
    first = schedule.elapsed(*year)
    assert first == Schedule([Hours(2020)]).elapsed(*year) and schedule.elapsed(*year) == first
    assert schedule.elapsed(local(2027, 1, 1), local(2026, 1, 1)) == datetime.timedelta(0)
    for day in range(SPAN_MEMO + 10):  # a long-lived schedule does not grow with its use
        start = local(2026, 1, 1) + datetime.timedelta(hours=day)
        schedule.elapsed(start, start + H)
    assert len(schedule._spans) <= SPAN_MEMO
    assert schedule.elapsed(*year) == first


# --- Properties --------------------------------------------------------------------------

SCHEDULES = st.sampled_from(
    [
        OFFICE,
        AROUND_THE_CLOCK,
        Schedule([Hours(2020, opens=datetime.time(7, 30), closes=datetime.time(16, 0), shortened_closes=None)]),
        Schedule(
            [Hours(2020, workdays=frozenset({0, 1, 2, 3, 4, 5}), closes=datetime.time(20, 0))],
            [Closure(local(2026, 2, 2, 12), local(2026, 2, 20, 9)), Closure(local(2027, 7, 1), local(2027, 8, 1))],
        ),
    ]
)
# hypothesis takes naive bounds and attaches the time zone itself.
MOMENTS = st.datetimes(
    min_value=datetime.datetime(2025, 10, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2028, 4, 1),  # noqa: DTZ001
    timezones=st.just(datetime.UTC),
)
DURATIONS = st.integers(min_value=1, max_value=200 * 60).map(lambda m: datetime.timedelta(minutes=m))
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(SCHEDULES, MOMENTS, MOMENTS, DURATIONS)
def test_due_time_is_monotonic_in_the_start(schedule, a, b, duration) -> None:
    early, late = sorted([a, b])
    assert schedule.add(early, duration) <= schedule.add(late, duration)


@PROPERTY
@given(SCHEDULES, MOMENTS, DURATIONS, DURATIONS)
def test_due_time_is_monotonic_in_the_duration(schedule, start, d1, d2) -> None:
    short, long = sorted([d1, d2])
    assert schedule.add(start, short) <= schedule.add(start, long)


@PROPERTY
@given(SCHEDULES, MOMENTS, DURATIONS)
def test_elapsed_undoes_add_and_due_is_never_in_a_closed_period(schedule, start, duration) -> None:
    due = schedule.add(start, duration)
    assert schedule.elapsed(start, due) == duration
    # The due moment ends open time: the instant before it is open.
    assert schedule.is_open(due - datetime.timedelta(microseconds=1))


@PROPERTY
@given(SCHEDULES, MOMENTS, DURATIONS, DURATIONS)
def test_adding_in_two_steps_is_adding_once(schedule, start, d1, d2) -> None:
    assert schedule.add(schedule.add(start, d1), d2) == schedule.add(start, d1 + d2)


@PROPERTY
@given(SCHEDULES, MOMENTS, DURATIONS, st.data())
def test_pause_and_resume(schedule, start, target, data) -> None:
    """A ticket paused from p to q is due as if the open time of the pause were added."""
    due = schedule.add(start, target)
    paused = data.draw(st.datetimes(min_value=start.replace(tzinfo=None), max_value=due.replace(tzinfo=None)))
    paused = paused.replace(tzinfo=datetime.UTC)
    resumed = paused + data.draw(DURATIONS)
    used = schedule.elapsed(start, paused)
    assume(used < target)
    after = schedule.add(resumed, target - used)
    assert after == schedule.add(start, target + schedule.elapsed(paused, resumed))
    assert after >= due
    if schedule.elapsed(paused, resumed) == datetime.timedelta(0):
        assert after == due, "a pause in closed time changes nothing"


@PROPERTY
@given(SCHEDULES, MOMENTS, MOMENTS, MOMENTS)
def test_elapsed_is_additive(schedule, a, b, c) -> None:
    a, b, c = sorted([a, b, c])
    assert schedule.elapsed(a, c) == schedule.elapsed(a, b) + schedule.elapsed(b, c)
