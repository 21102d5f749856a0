"""Recomputing SLA clocks after a calendar change: the fast arithmetic against
``Schedule.add``, results against ``clock_changes``, coalescing, failure halfway, the job."""

import datetime
import io
import itertools
import threading
import time
import types

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from samdrift.catalog import actions as catalog
from samdrift.catalog.businesstime import STOCKHOLM, Closure, Hours, NoWorkingTime, Schedule
from samdrift.catalog.choices import ServiceLevel
from samdrift.catalog.models import CalendarYear
from samdrift.core.models import AuditEntry
from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions, sla, sla_recompute, tasks
from samdrift.servicedesk.choices import NotificationKind, SLAState, Status
from samdrift.servicedesk.models import Notification, RecomputeState, SLARecompute, Ticket
from samdrift.servicedesk.sla_recompute import OpenTime, request_recompute, retry_recompute, run_pending
from samdrift.testing.world import make_ticket


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


# --- OpenTime.add is Schedule.add ---------------------------------------------------------

HOURS = [
    lambda y: Hours(y),  # 08–17 Mon–Fri, eves to 13
    lambda y: Hours(y, opens=datetime.time(7, 30), closes=datetime.time(16), shortened_closes=None),
    lambda y: Hours(y, workdays=frozenset(range(6)), closes=datetime.time(20), shortened_closes=datetime.time(12)),
    lambda y: Hours(
        y, opens=datetime.time(0), closes=None, shortened_closes=None, workdays=frozenset(range(7)),
        closed_on_holidays=False,
    ),
    # Opens and closes inside the March switch's missing hour on one day a year.
    lambda y: Hours(
        y, opens=datetime.time(2, 30), closes=datetime.time(3, 30), shortened_closes=None,
        workdays=frozenset(range(7)), closed_on_holidays=False,
    ),
    lambda y: Hours(y, opens=datetime.time(22), closes=None, shortened_closes=datetime.time(23), workdays=frozenset({5})),
]  # fmt: skip
NAIVE_MOMENTS = st.datetimes(
    min_value=datetime.datetime(2025, 10, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2028, 4, 1),  # noqa: DTZ001
)
MOMENTS = NAIVE_MOMENTS.map(lambda m: m.replace(tzinfo=datetime.UTC))
CLOSURES = st.builds(
    lambda start, minutes: Closure(start, start + datetime.timedelta(minutes=minutes)),
    MOMENTS,
    st.one_of(st.integers(1, 600), st.integers(600, 90 * 24 * 60), st.just(4 * 366 * 24 * 60)),
)
SCHEDULES = st.builds(
    lambda versions, closures: Schedule([HOURS[i](year) for i, year in versions], closures),
    st.lists(st.tuples(st.integers(0, len(HOURS) - 1), st.sampled_from([2020, 2026, 2027])), min_size=1, max_size=3),
    st.lists(CLOSURES, max_size=4),
)
DURATIONS = st.one_of(
    st.integers(1, 10**6),  # up to a second, to the microsecond
    st.integers(1, 200 * 60).map(lambda m: m * 60_000_000),  # minutes
    st.integers(1, 30_000).map(lambda h: h * 3_600_000_000),  # hours, past the horizon
).map(lambda us: datetime.timedelta(microseconds=us))


def added(schedule: Schedule | OpenTime, start: datetime.datetime, duration: datetime.timedelta) -> object:
    try:
        return schedule.add(start, duration)
    except NoWorkingTime:
        return NoWorkingTime


@settings(max_examples=300, deadline=None)
@given(SCHEDULES, st.dates(datetime.date(2025, 6, 1), datetime.date(2028, 6, 1)), st.data())
def test_open_time_adds_exactly_like_the_schedule(schedule, first, data) -> None:
    fast = OpenTime(schedule, first=first)
    for _ in range(3):  # one OpenTime answers many questions, growing its range as needed
        start, duration = data.draw(MOMENTS), data.draw(DURATIONS)
        assert added(fast, start, duration) == added(schedule, start, duration)


def test_open_time_refuses_what_the_schedule_refuses() -> None:
    fast = OpenTime(Schedule([Hours(2026)]))
    with pytest.raises(ValueError, match="positive"):
        fast.add(local(2026, 3, 2, 9), datetime.timedelta(0))
    with pytest.raises(ValueError, match="aware"):
        fast.add(datetime.datetime(2026, 3, 2, 9), datetime.timedelta(hours=1))  # noqa: DTZ001
    assert fast.add(local(2026, 3, 2, 16), datetime.timedelta(hours=2)) == local(2026, 3, 3, 9)


# --- The world: a calendar, an SLA, tickets -----------------------------------------------

H = datetime.timedelta(hours=1)


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = local(2026, 3, 2, 15)  # a Monday
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, *args: int) -> None:
        self.now = local(*args)

    def advance(self, by: datetime.timedelta) -> None:
        self.now += by


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def calendar(world):
    made = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    catalog.do_set_hours(acting_user=None, calendar=made, year=2026, opens=datetime.time(8), closes=datetime.time(17))
    # Setting the hours queued a recompute (test_calendar_and_sla_changes_queue_a_recompute);
    # the tests below start from a calendar with nothing waiting.
    SLARecompute.objects.all().delete()
    return made


@pytest.fixture
def service(world, calendar):
    made = catalog.do_create_service(
        acting_user=None,
        collaboration=world.alpha,
        name="Arbetsplats",
        level=ServiceLevel.IT,
        owner_unit=world.unit_alpha,
    )
    targets = {"resolution_p1": 2, "resolution_p2": 8, "resolution_p3": 16, "resolution_p4": 40}
    targets |= {"response_p1": 1, "response_p2": 2, "response_p3": 4, "response_p4": 8}
    catalog.do_create_sla(acting_user=None, service=made, calendar=calendar, **targets)
    return made


def ticket(world, service, requester="requester_a1", **fields):
    return make_ticket(world, requester=requester, acting="agent_alpha", service=service, **fields)


def status(world, t, value):
    return actions.do_change_status(t, acting_user=world.agent_alpha, expected_version=SYSTEM, status=value)


def a_mix_of_tickets(world, service, clock):
    """Open tickets in every clock situation, for two members, and some done ones."""
    made = [ticket(world, service, impact=i, urgency=u) for i in (1, 2, 3) for u in (1, 3)]
    made += [ticket(world, service, requester="requester_b1", impact=2, urgency=2) for _ in range(3)]
    clock.set(2026, 3, 3, 9)
    status(world, made[1], Status.WAITING_REQUESTER)  # paused
    actions.do_add_comment(made[2], acting_user=world.agent_alpha, body="Vi tittar på det.")  # responded
    status(world, made[3], Status.RESOLVED)  # a verdict
    status(world, made[6], Status.IN_PROGRESS)
    clock.set(2026, 3, 4, 10)
    actions.do_watch_sla()  # some are at risk or breached by now
    status(world, made[7], Status.WAITING_REQUESTER)
    status(world, made[1], Status.IN_PROGRESS)  # resumed: a second stretch
    return [Ticket.objects.get(pk=t.pk) for t in made]


def expected(t: Ticket) -> dict[str, object]:
    """What clock_changes computes for the stored ticket now, with the calendar as it is."""
    pausing = set(actions.desk_settings(t.collaboration_id).sla_pause_statuses)
    return sla.clock_changes(t, {}, timezone.now(), pausing)


CLOCK_FIELDS = ("sla_state", "sla_started_at", "sla_used_seconds", "due_at", "sla_at_risk_at", "response_due_at")


def clock_of(t: Ticket) -> dict[str, object]:
    return {name: getattr(t, name) for name in CLOCK_FIELDS}


def assert_recomputed(before: Ticket) -> None:
    """The ticket has the values of a fresh computation (open), or kept its own (done)."""
    after = Ticket.objects.get(pk=before.pk)
    if not before.is_open:
        assert clock_of(after) == clock_of(before), "resolved and closed tickets keep their verdict"
        return
    fresh = expected(before)
    assert after.sla_started_at == before.sla_started_at and after.sla_used_seconds == before.sla_used_seconds
    assert (after.due_at, after.sla_at_risk_at, after.sla_state) == (
        fresh["due_at"],
        fresh["sla_at_risk_at"],
        fresh["sla_state"],
    ), before.number
    if before.first_response_at is None:
        assert after.response_due_at == fresh["response_due_at"]
    else:
        assert after.response_due_at == before.response_due_at, "a response already given keeps its due time"


def change_hours(calendar, **changes):
    hours = CalendarYear.objects.get(calendar=calendar, year=2026, member__isnull=True)
    catalog.do_update_hours(hours, acting_user=None, expected_version=SYSTEM, **changes)
    return request_recompute(calendar)


# --- Results -------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 4, 1000])
def test_recompute_gives_what_clock_changes_gives(world, service, calendar, clock, batch_size) -> None:
    tickets = a_mix_of_tickets(world, service, clock)
    # The collaboration opens earlier and closes later; member B is also closed one morning.
    catalog.do_add_closure(
        acting_user=None,
        calendar=calendar,
        member=world.member_b,
        starts=local(2026, 3, 5, 8),
        ends=local(2026, 3, 5, 12),
        reason="Flytt",
    )
    request = change_hours(calendar, opens=datetime.time(7), closes=datetime.time(18))
    assert request.state == RecomputeState.QUEUED
    clock.set(2026, 3, 4, 11)
    assert run_pending(batch_size=batch_size) == 1
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE and request.error == ""
    assert request.tickets_seen == sum(t.is_open for t in tickets)
    assert 0 < request.tickets_changed <= request.tickets_seen
    for t in tickets:
        assert_recomputed(t)
    audit = AuditEntry.objects.get(content_type__model="slarecompute", object_id=str(request.pk))
    assert audit.after is not None
    assert audit.after["tickets_changed"] == request.tickets_changed
    assert audit.scope_collaboration == world.alpha.pk


def test_nothing_changes_when_nothing_moved(world, service, calendar, clock) -> None:
    tickets = a_mix_of_tickets(world, service, clock)
    before = {t.pk: (clock_of(t), t.version, t.updated) for t in tickets}
    request = request_recompute(calendar)
    run_pending()
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE and request.tickets_changed == 0
    assert {t.pk: (clock_of(t), t.version, t.updated) for t in Ticket.objects.filter(pk__in=before)} == before


def test_other_calendars_are_left_alone(world, service, calendar, clock) -> None:
    mine = ticket(world, service)
    other = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Dygnet runt")
    catalog.do_set_hours(acting_user=None, calendar=other, year=2026, opens=datetime.time(0), closes=None)
    request_recompute(other)
    CalendarYear.objects.filter(calendar=calendar).update(opens=datetime.time(6))  # unannounced: not recomputed
    run_pending()
    assert clock_of(Ticket.objects.get(pk=mine.pk)) == clock_of(mine)


# --- States and notifications --------------------------------------------------------------


def test_a_breach_of_the_old_calendar_is_lifted_and_flagged_again_once(world, service, calendar, clock) -> None:
    t = ticket(world, service, impact=2, urgency=2)  # priority 3, 16 h: due Wednesday 13:00
    actions.do_assign(
        t, acting_user=world.lead_alpha, expected_version=SYSTEM, unit=world.unit_alpha, assignee=world.agent_alpha
    )
    clock.set(2026, 3, 4, 13, 30)
    assert actions.do_watch_sla() == (0, 1)
    breaches = Notification.objects.filter(kind=NotificationKind.SLA_BREACHED)
    assert breaches.count() == 2, "the assignee and the lead"
    # The desk was in fact closed on Tuesday morning: the ticket had time left.
    catalog.do_add_closure(
        acting_user=None,
        calendar=calendar,
        starts=local(2026, 3, 3, 8),
        ends=local(2026, 3, 3, 12),
        reason="Strömavbrott",
    )
    request = request_recompute(calendar)
    run_pending()
    t.refresh_from_db()
    assert (t.due_at, t.sla_at_risk_at) == (local(2026, 3, 4, 17), local(2026, 3, 4, 13))
    assert t.sla_state == SLAState.AT_RISK, "12 of 16 hours used: at risk, no longer breached"
    request.refresh_from_db()
    assert (request.no_longer_breached, request.newly_breached) == (1, 0)
    assert actions.do_watch_sla() == (0, 0), "no second warning for the same at-risk time"
    clock.set(2026, 3, 4, 17)
    assert actions.do_watch_sla() == (0, 1), "the new due time passes: flagged again, once"
    assert breaches.count() == 4
    assert actions.do_watch_sla() == (0, 0)


def test_a_breach_the_calendar_did_not_cause_stands(world, service, calendar, clock) -> None:
    t = ticket(world, service, major_incident=True)  # priority 1, 2 h: due Tuesday 09:00
    clock.set(2026, 3, 3, 9, 30)
    actions.do_watch_sla()
    lowered = actions.do_update_ticket(
        t, acting_user=world.agent_alpha, expected_version=SYSTEM, major_incident=False, impact=3, urgency=3
    )
    assert lowered.due_at is not None
    assert lowered.sla_state == SLAState.BREACHED and lowered.due_at > timezone.now(), "kept from priority 1"
    change_hours(calendar, opens=datetime.time(9))
    run_pending()
    after = Ticket.objects.get(pk=t.pk)
    assert after.sla_state == SLAState.BREACHED and after.due_at != lowered.due_at
    assert_recomputed(lowered)


def test_a_calendar_change_that_makes_tickets_late_sends_no_burst_of_warnings(world, service, calendar, clock) -> None:
    made = [ticket(world, service, impact=2, urgency=2) for _ in range(3)]  # due Wednesday 13:00
    clock.set(2026, 3, 3, 17, 30)
    assert actions.do_watch_sla() == (0, 0)
    change_hours(calendar, opens=datetime.time(6), closes=datetime.time(20))  # due Tuesday 17:00 instead
    run_pending()
    states = {t.sla_state for t in Ticket.objects.filter(pk__in=[t.pk for t in made])}
    assert states == {SLAState.BREACHED}, "set by the recompute, as a priority change would"
    assert (
        actions.do_watch_sla() == (0, 0)
        and not Notification.objects.filter(
            kind__in=[NotificationKind.SLA_AT_RISK, NotificationKind.SLA_BREACHED]
        ).exists()
    )


# --- Requests: coalescing, superseding -------------------------------------------------------


def test_changes_coalesce_while_a_request_waits(world, calendar) -> None:
    first = request_recompute(calendar, acting_user=world.admin_alpha)
    second = request_recompute(calendar, acting_user=world.admin_alpha)
    assert first.pk == second.pk and second.changes == 2 and second.requested_by == world.admin_alpha
    assert SLARecompute.objects.filter(calendar=calendar).count() == 1
    assert SLARecompute.objects.visible_to(world.admin_alpha).filter(pk=first.pk).exists()
    assert not SLARecompute.objects.visible_to(world.admin_beta).exists()


def test_a_change_during_a_run_queues_a_new_request_that_supersedes_it(
    world, service, calendar, clock, monkeypatch
) -> None:
    tickets = [ticket(world, service) for _ in range(5)]
    first = change_hours(calendar, opens=datetime.time(7))
    # The first run is cut short after one batch (its time slice ends) ...
    monkeypatch.setattr(sla_recompute.time, "monotonic", iter([0.0, 0.0, 0.0, 99.0, 99.0, 99.0]).__next__)
    assert run_pending(batch_size=2, time_slice=10.0) == 0
    monkeypatch.undo()
    clock.__init__(monkeypatch)  # undo() also removed the frozen clock
    first.refresh_from_db()
    assert first.state == RecomputeState.RUNNING and first.checkpoint == tickets[1].pk
    # ... and the calendar changes again: a new request, not joined to the running one.
    second = change_hours(calendar, opens=datetime.time(6))
    assert second.pk != first.pk and second.state == RecomputeState.QUEUED
    assert run_pending() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (RecomputeState.SUPERSEDED, RecomputeState.DONE)
    assert second.tickets_seen == 5
    for t in tickets:
        assert_recomputed(t)


# --- Failure halfway ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # real commits and rollbacks
def test_a_run_that_fails_halfway_leaves_old_or_new_values_and_a_retry_finishes(
    world, service, calendar, clock, monkeypatch
) -> None:
    tickets = [ticket(world, service, impact=2, urgency=u) for u in (1, 2, 3, 1, 2)]
    old = {t.pk: clock_of(t) for t in tickets}
    request = change_hours(calendar, opens=datetime.time(7), closes=datetime.time(16))
    real_advance = sla_recompute.Recompute._advance

    def second_batch_fails(self, last, outcome):
        real_advance(self, last, outcome)  # written, then the transaction fails: rolled back
        if last == tickets[3].pk:
            raise OSError("the database connection was lost")

    # On PostgreSQL the third batch runs on the second connection meanwhile: it rolls back too.
    monkeypatch.setattr(sla_recompute.Recompute, "_advance", second_batch_fails)
    assert run_pending(batch_size=2) == 0
    request.refresh_from_db()
    assert request.state == RecomputeState.RUNNING and request.failures == 1
    assert "connection was lost" in request.error and request.checkpoint == tickets[1].pk
    for t in tickets[:2]:
        assert_recomputed(t)
    for t in tickets[2:]:
        assert clock_of(Ticket.objects.get(pk=t.pk)) == old[t.pk], "the failed batch left the old values"

    monkeypatch.setattr(sla_recompute.Recompute, "_advance", real_advance)
    assert run_pending(batch_size=2) == 0, "a failed run is retried after a pause"
    clock.advance(sla_recompute.RETRY_AFTER + datetime.timedelta(seconds=1))
    assert run_pending(batch_size=2) == 1, "the next run continues from the checkpoint"
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE and request.tickets_seen == 5 and request.attempts == 2
    for t in tickets:
        assert_recomputed(t)


@pytest.mark.django_db(transaction=True)  # outside a transaction: PostgreSQL overlaps batches
def test_batches_commit_in_id_order_and_a_run_cut_short_keeps_its_checkpoint(
    world, service, calendar, clock, monkeypatch
) -> None:
    tickets = [ticket(world, service, impact=2, urgency=u) for u in (1, 2, 3, 1, 2, 3, 1)]
    old = {t.pk: clock_of(t) for t in tickets}
    request = change_hours(calendar, opens=datetime.time(7), closes=datetime.time(16))
    overlapped: list[bool] = []
    real_overlap, real_advance = sla_recompute.Recompute._can_overlap, sla_recompute.Recompute._advance
    advanced: list[int] = []

    def can_overlap(self):
        overlapped.append(real_overlap(self))
        return overlapped[-1]

    def advance(self, last, outcome):
        advanced.append(last)
        real_advance(self, last, outcome)

    monkeypatch.setattr(sla_recompute.Recompute, "_can_overlap", can_overlap)
    monkeypatch.setattr(sla_recompute.Recompute, "_advance", advance)
    # The time slice ends after two batches have started (both connections check it, in
    # batch order, before a batch reads its tickets).
    # Calls: run_pending's deadline and its own check, then one check per batch.
    calls = itertools.count()
    clock_of_the_run = types.SimpleNamespace(monotonic=lambda: 0.0 if next(calls) < 4 else 99.0)
    monkeypatch.setattr(sla_recompute, "time", clock_of_the_run)
    assert run_pending(batch_size=2, time_slice=10.0) == 0
    monkeypatch.setattr(sla_recompute, "time", time)
    assert overlapped == [connection.vendor == "postgresql"]
    request.refresh_from_db()
    assert advanced == [tickets[1].pk, tickets[3].pk]
    assert request.state == RecomputeState.RUNNING and request.checkpoint == tickets[3].pk
    assert request.tickets_seen == 4 and request.failures == 0
    for t in tickets[:4]:
        assert_recomputed(t)
    for t in tickets[4:]:
        assert clock_of(Ticket.objects.get(pk=t.pk)) == old[t.pk], "after the checkpoint: not started"

    assert run_pending(batch_size=2) == 1
    request.refresh_from_db()
    assert advanced == sorted(advanced) and advanced[-1] == tickets[-1].pk, "committed in id order"
    assert request.state == RecomputeState.DONE and request.tickets_seen == 7
    for t in tickets:
        assert_recomputed(t)
    assert not [t for t in threading.enumerate() if t.name == "sla-recompute"], "the helper thread ended"


def test_a_request_that_keeps_failing_is_marked_failed_and_can_be_retried(
    world, service, calendar, clock, monkeypatch
) -> None:
    t = ticket(world, service)
    request = change_hours(calendar, opens=datetime.time(7))

    def broken(self, rows, now):
        raise NoWorkingTime("no open time within 1098 days")

    with monkeypatch.context() as patched:
        patched.setattr(sla_recompute.Recompute, "compute", broken)
        for _turn in range(sla_recompute.MAX_FAILURES):
            run_pending()
            clock.advance(sla_recompute.RETRY_AFTER + datetime.timedelta(seconds=1))
    request.refresh_from_db()
    assert request.state == RecomputeState.FAILED and "NoWorkingTime" in request.error
    assert run_pending() == 0, "a failed request waits for a retry or a new change"
    assert clock_of(Ticket.objects.get(pk=t.pk)) == clock_of(t)
    retry_recompute(request)
    assert run_pending() == 1
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE
    assert_recomputed(t)


# --- The worker --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # real commits
def test_a_calendar_change_enqueues_the_recompute_task_once_when_it_commits(world, calendar) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    hours = CalendarYear.objects.get(calendar=calendar, year=2026, member__isnull=True)
    with transaction.atomic():
        catalog.do_update_hours(hours, acting_user=None, expected_version=SYSTEM, closes=datetime.time(15))
        request_recompute(calendar)  # a second change in the same transaction joins the request
        assert not DBTaskResult.objects.exists(), "nothing runs before the change is committed"
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "samdrift.servicedesk.tasks.recompute_sla"
    ]


@pytest.mark.django_db(transaction=True)  # the worker closes the database connection
def test_worker_once_recomputes(world, service, calendar, clock) -> None:
    from django.core.management import call_command

    tickets = [ticket(world, service, impact=2, urgency=u) for u in (1, 2, 3)]
    request = change_hours(calendar, closes=datetime.time(15))
    call_command("worker", once=True, stdout=io.StringIO())
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE and request.tickets_total == 3
    for t in tickets:
        assert_recomputed(t)


def test_the_watch_waits_while_clocks_are_recomputed(world, service, calendar, clock) -> None:
    t = ticket(world, service, major_incident=True)
    clock.set(2026, 3, 3, 12)
    request = request_recompute(calendar)  # e.g. another worker is about to recompute
    SLARecompute.objects.filter(pk=request.pk).update(
        state=RecomputeState.RUNNING, lease_until=timezone.now() + datetime.timedelta(seconds=60)
    )
    assert tasks.watch_sla.call() == [0, 0]
    assert run_pending() == 0, "a run another worker holds is left to it"
    assert Ticket.objects.get(pk=t.pk).sla_state == SLAState.ON_TRACK, "skipped this turn"
    SLARecompute.objects.filter(pk=request.pk).update(state=RecomputeState.DONE, lease_until=None)
    assert tasks.watch_sla.call() == [0, 1]
    assert Ticket.objects.get(pk=t.pk).sla_state == SLAState.BREACHED


def test_a_run_whose_worker_died_is_continued_once_its_lease_passes(world, service, calendar, clock) -> None:
    tickets = [ticket(world, service, impact=2, urgency=u) for u in (1, 2, 3)]
    request = change_hours(calendar, closes=datetime.time(15))
    # A worker took the request and died: running, its lease still held.
    SLARecompute.objects.filter(pk=request.pk).update(
        state=RecomputeState.RUNNING, attempts=1, lease_until=timezone.now() + sla_recompute.LEASE
    )
    assert not sla_recompute.resumable() and run_pending() == 0
    clock.advance(sla_recompute.LEASE + datetime.timedelta(seconds=1))
    assert sla_recompute.resumable()
    assert run_pending() == 1
    request.refresh_from_db()
    assert request.state == RecomputeState.DONE and request.attempts == 2 and request.tickets_seen == 3
    for t in tickets:
        assert_recomputed(t)


def test_a_new_request_fences_an_older_run_of_the_same_calendar(world, service, calendar, clock) -> None:
    ticket(world, service)
    first = change_hours(calendar, opens=datetime.time(7))
    SLARecompute.objects.filter(pk=first.pk).update(state=RecomputeState.RUNNING, attempts=3, lease_until=None)
    second = change_hours(calendar, opens=datetime.time(6))
    older = sla_recompute.Recompute(SLARecompute.objects.get(pk=first.pk))
    older.token = 3
    newer = sla_recompute.Recompute(SLARecompute.objects.get(pk=second.pk))
    assert newer._claim() == "taken"
    first.refresh_from_db()
    assert first.state == RecomputeState.SUPERSEDED and first.attempts == 4
    with pytest.raises(sla_recompute.LostRequest):
        older._check(timezone.now())  # the older run cannot commit another batch


def test_calendar_and_sla_changes_queue_a_recompute(world) -> None:
    import datetime as dt

    from samdrift.catalog import actions as catalog
    from samdrift.servicedesk.models import SLARecompute

    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    assert not SLARecompute.objects.exists(), "a new calendar has no tickets to recompute"
    hours = catalog.do_set_hours(acting_user=world.admin_alpha, calendar=calendar, year=2026)
    queued = SLARecompute.objects.get()
    assert queued.calendar_id == calendar.pk and queued.requested_by == world.admin_alpha
    starts = dt.datetime(2026, 9, 10, 8, tzinfo=dt.UTC)
    catalog.do_add_closure(
        acting_user=None, calendar=calendar, starts=starts, ends=starts + dt.timedelta(hours=4), reason="Personaldag"
    )
    catalog.do_update_hours(hours, acting_user=None, expected_version=hours.version, opens=dt.time(7))
    assert SLARecompute.objects.count() == 1, "changes join the request that still waits"
    assert SLARecompute.objects.get().changes == 3
