"""Recomputing stored SLA clocks after a business calendar changed (docs/sla-recompute.md).

A change to a calendar's hours or closures moves the due times of every open ticket
counted in it. The catalogue's actions call :func:`request_recompute` inside their
transaction; that stores (or joins) a :class:`~.models.SLARecompute` request, and a task
(``samdrift.servicedesk.tasks.recompute_sla``) is enqueued when it commits. The task runs
:func:`run_pending`, which takes requests and recomputes, in batches by ticket id, what
:func:`.sla.clock_changes` would give each open ticket of the calendar with the new
schedule:

* a running clock gets new ``due_at`` / ``sla_at_risk_at`` from its stored stretch
  (``sla_started_at`` plus ``sla_used_seconds`` used before it) and a state from those
  times: breached, at risk or on track. A ticket the old calendar had flagged breached
  returns to at risk or on track when its stored due time has passed but the new one has
  not (the breach came from the old calendar); a breach that the stored due time does not
  explain (one kept from a higher priority, an imported one) stands;
* a paused clock has no due time; its state stays;
* ``response_due_at`` is recomputed while the first response is still awaited;
* resolved and closed tickets keep everything: their verdict was given on the calendar of
  the time, and without a status history nothing better can be computed.

Each batch is written in one transaction together with the request's checkpoint, so every
ticket has either its old or its new values, and a run that fails or stops continues at
the checkpoint. A run holds its request by a lease on the row (``lease_until``, renewed
with every batch) and a token (``attempts``) that every batch checks: any number of
workers may run the task, a run whose worker died is continued by another once its lease
has passed, and a run that was taken over cannot commit another batch. The new state is set directly, as :func:`.sla.clock_changes` does for a
priority change, so the watch job does not notify for tickets a calendar change made at
risk or breached; it notifies again when a ticket's new at-risk or due time passes.

Speed: :class:`OpenTime` turns a :class:`~samdrift.catalog.businesstime.Schedule` into
sorted integer arrays with the cumulative open time, so adding business time is two
bisections instead of a walk over days. On PostgreSQL two connections take turns
(:meth:`Recompute._run_overlapped`): one reads and computes the next batch while the other
writes; batches still commit one by one, in id order.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from samdrift.catalog.businesstime import HORIZON_DAYS, STOCKHOLM, NoWorkingTime, Schedule
from samdrift.catalog.models import SLA, BusinessCalendar, CalendarClosure, CalendarYear
from samdrift.catalog.queries import schedule_for
from samdrift.core import audit

from .choices import OPEN_STATUSES, SLAState
from .models import RecomputeState, SLARecompute, Ticket
from .sla import AT_RISK_SHARE

if TYPE_CHECKING:
    from samdrift.accounts.models import User

logger = logging.getLogger(__name__)

UTC = datetime.UTC
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
ONE_DAY = datetime.timedelta(days=1)
# Tickets per transaction: large enough to amortise the round trips, small enough that a
# batch holds its row locks for well under a second.
BATCH_SIZE = 5000
# A worker turn stops after this many seconds and continues at its next turn, so mail and
# the other jobs of the same worker are not held up by a long recompute.
TIME_SLICE = 30.0
# A request that failed this many turns in a row is marked failed (e.g. a calendar without
# working time); a later calendar change queues a new one.
MAX_FAILURES = 5
# Days added at a time when OpenTime needs to look further ahead.
EXTEND_DAYS = 64
# A run holds its request this long, and renews it with every batch (a batch takes well
# under a second); a request whose lease has passed was interrupted and is continued.
LEASE = datetime.timedelta(seconds=60)
# After a failed run the request waits this long before the next run retries it.
RETRY_AFTER = datetime.timedelta(seconds=30)
# PostgreSQL: read and compute the next batch on a second connection while this one
# writes (Recompute._run_overlapped).
OVERLAP = True


def to_us(moment: datetime.datetime) -> int:
    """Microseconds since the epoch, exactly (aware datetimes only)."""
    return (moment - EPOCH) // MICROSECOND


def from_us(value: int) -> datetime.datetime:
    return EPOCH + datetime.timedelta(microseconds=value)


def duration_us(value: datetime.timedelta) -> int:
    return value // MICROSECOND


# ---------------------------------------------------------------------------------------
# Fast business-time arithmetic
# ---------------------------------------------------------------------------------------


@dataclass
class OpenTime:
    """A schedule's open intervals over a range of local days, as integer microseconds,
    with the open time before each interval. :meth:`add_us` gives exactly what
    :meth:`Schedule.add <samdrift.catalog.businesstime.Schedule.add>` gives, including its
    horizon (:class:`~samdrift.catalog.businesstime.NoWorkingTime`), in O(log n).

    The covered range grows on demand, in both directions.
    """

    schedule: Schedule
    first: datetime.date = field(default_factory=lambda: datetime.datetime.now(STOCKHOLM).date())
    starts: list[int] = field(init=False, default_factory=list)
    ends: list[int] = field(init=False, default_factory=list)
    before: list[int] = field(init=False, default_factory=list)  # open time before interval i
    through: list[int] = field(init=False, default_factory=list)  # open time up to its end
    day_of: list[int] = field(init=False, default_factory=list)  # the interval's local day (ordinal)
    midnights: list[int] = field(init=False, default_factory=list)  # local midnights, first .. last + 1
    last: datetime.date = field(init=False)

    def __post_init__(self) -> None:
        self.last = self.first - ONE_DAY
        self.midnights = [to_us(_local_midnight(self.first))]
        self._extend_forward(self.first + datetime.timedelta(days=EXTEND_DAYS - 1))

    def _extend_forward(self, until: datetime.date) -> None:
        day = self.last + ONE_DAY
        total = self.through[-1] if self.through else 0
        while day <= until:
            ordinal = day.toordinal()
            for start, end in self.schedule.intervals(day):
                start_us, end_us = to_us(start), to_us(end)
                self.starts.append(start_us)
                self.ends.append(end_us)
                self.before.append(total)
                total += end_us - start_us
                self.through.append(total)
                self.day_of.append(ordinal)
            day += ONE_DAY
            self.midnights.append(to_us(_local_midnight(day)))
        self.last = until

    def _extend_back(self, since: datetime.date) -> None:
        """Rebuild from ``since`` (rare: a start before the first covered day)."""
        last = self.last
        self.first = since
        self.last = since - ONE_DAY
        self.starts, self.ends, self.before, self.through, self.day_of = [], [], [], [], []
        self.midnights = [to_us(_local_midnight(since))]
        self._extend_forward(last)

    def _cover(self, start_us: int) -> None:
        if start_us < self.midnights[0]:
            day = from_us(start_us).astimezone(STOCKHOLM).date()
            self._extend_back(day - datetime.timedelta(days=EXTEND_DAYS))
        while start_us >= self.midnights[-1]:
            self._extend_forward(self.last + datetime.timedelta(days=EXTEND_DAYS))

    def add_us(self, start_us: int, duration: int) -> int:
        """When ``duration`` (µs, > 0) of open time has passed after ``start_us``."""
        if duration <= 0:
            raise ValueError("the duration must be positive")
        self._cover(start_us)
        start_day = self.first.toordinal() + bisect_right(self.midnights, start_us) - 1
        limit_day = start_day + HORIZON_DAYS - 1  # Schedule.add looks at HORIZON_DAYS days
        i = bisect_right(self.ends, start_us)  # the first interval that ends after start
        if i < len(self.starts):
            position = self.before[i] + max(0, start_us - self.starts[i])
        else:
            position = self.through[-1] if self.through else 0
        target = position + duration
        while True:
            j = bisect_left(self.through, target)
            if j < len(self.through):
                if self.day_of[j] > limit_day:
                    break
                return self.starts[j] + (target - self.before[j])
            if self.last.toordinal() >= limit_day:
                break
            ahead = min(max(EXTEND_DAYS, (self.last - self.first).days), 366)
            self._extend_forward(min(self.last + datetime.timedelta(days=ahead), datetime.date.fromordinal(limit_day)))
        raise NoWorkingTime(f"no open time within {HORIZON_DAYS} days of {from_us(start_us).isoformat()}")

    def add(self, start: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """:meth:`add_us` on datetimes: the same answer as ``Schedule.add``."""
        if start.tzinfo is None:
            raise ValueError("business time needs aware datetimes")
        return from_us(self.add_us(to_us(start), duration_us(duration)))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=STOCKHOLM)


# ---------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------


def request_recompute(calendar: BusinessCalendar | int, *, acting_user: User | None = None) -> SLARecompute:
    """Ask for the tickets counted in ``calendar`` to be recomputed; returns the request.

    Call it in the transaction that changes the calendar (hours or closures, also a
    member's): the request is stored with the change, or not at all, and the recompute task
    is enqueued when the transaction commits. A request that still waits is joined rather
    than duplicated; a running one is superseded by a new request queued behind it.
    """
    if not any(entry[1] is _enqueue_task for entry in connection.run_on_commit):
        transaction.on_commit(_enqueue_task)  # once per transaction, however many changes
    calendar_id = calendar.pk if isinstance(calendar, BusinessCalendar) else calendar
    user = acting_user if getattr(acting_user, "pk", None) else None
    now = timezone.now()
    waiting = SLARecompute.objects.filter(calendar_id=calendar_id, state=RecomputeState.QUEUED)
    for _attempt in range(3):
        # The UPDATE locks the waiting row until this transaction ends, so a worker cannot
        # take the request before the change that joins it is committed and visible.
        if waiting.update(changes=F("changes") + 1, last_requested_at=now, checkpoint=0):
            return waiting.get()
        try:
            with transaction.atomic():
                return SLARecompute.objects.create(
                    calendar_id=calendar_id, requested_by=user, requested_at=now, last_requested_at=now
                )
        except IntegrityError:  # another transaction queued one first: join it
            continue
    raise RuntimeError(f"could not queue an SLA recompute for calendar {calendar_id}")


def retry_recompute(request: SLARecompute) -> SLARecompute:
    """Give a failed request another go from its checkpoint (after its cause is fixed).

    If a newer request for the calendar waits, that one recomputes everything and this
    one is marked superseded instead."""
    failed = SLARecompute.objects.filter(pk=request.pk, state=RecomputeState.FAILED)
    with transaction.atomic():
        newer = SLARecompute.objects.filter(
            calendar_id=request.calendar_id, pk__gt=request.pk, state=RecomputeState.QUEUED
        ).exists()
        if newer:
            failed.update(state=RecomputeState.SUPERSEDED)
        else:
            # "running" without a runner is what an interrupted run looks like: the next
            # worker turn continues it from the checkpoint.
            failed.update(state=RecomputeState.RUNNING, failures=0, finished_at=None, lease_until=None)
    request.refresh_from_db()
    return request


def _enqueue_task() -> None:
    from .tasks import recompute_sla

    recompute_sla.enqueue()


# ---------------------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------------------


class LostRequest(Exception):
    """Another runner took the request over (its ``attempts`` moved on)."""


class Superseded(Exception):
    """A newer request for the same calendar is queued; it recomputes everything."""


@dataclass
class Outcome:
    """What one batch did."""

    seen: int = 0
    changed: int = 0
    breached: int = 0
    unbreached: int = 0


def _claimable(now: datetime.datetime) -> Q:
    """Waiting requests, and running ones that no run holds (cut short, or their worker died)."""
    unheld = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return Q(state=RecomputeState.QUEUED) | (Q(state=RecomputeState.RUNNING) & unheld)


def busy() -> bool:
    """Whether SLA clocks wait to be recomputed, or are being recomputed now."""
    return SLARecompute.objects.filter(state__in=[RecomputeState.QUEUED, RecomputeState.RUNNING]).exists()


def resumable() -> bool:
    """Whether a request waits that no run holds: another run should start now."""
    return SLARecompute.objects.filter(_claimable(timezone.now())).exists()


def pending() -> list[SLARecompute]:
    """Requests to work on, oldest first: interrupted runs before waiting ones. Requests
    that a live run holds (its lease has not passed) are left to it."""
    order = {RecomputeState.RUNNING: 0, RecomputeState.QUEUED: 1}
    found = list(SLARecompute.objects.select_related("calendar").filter(_claimable(timezone.now())))
    return sorted(found, key=lambda r: (order[RecomputeState(r.state)], r.pk))


def run_pending(*, time_slice: float | None = None, batch_size: int | None = None) -> int:
    """The worker job: work on pending requests for up to ``time_slice`` seconds.

    Returns the number of requests finished. A request cut short stays ``running`` without
    a lease and goes on at the next run; a ``running`` request whose lease has passed was
    interrupted (its worker stopped or died) and continues from its checkpoint. Requests
    that another live run holds are left alone, so several workers may call this at once.
    """
    deadline = time.monotonic() + (TIME_SLICE if time_slice is None else time_slice)
    finished = 0
    for request in pending():
        if time.monotonic() >= deadline:
            break
        try:
            if Recompute(request, batch_size=batch_size or BATCH_SIZE).run(deadline):
                finished += 1
        except Exception:  # recorded on the request; the next one still runs
            logger.exception("SLA recompute %s failed", request.pk)
    return finished


def _targets(calendar_id: int) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(sla id, priority) → (resolution, at-risk share, response) in microseconds."""
    found = {}
    for sla in SLA.objects.filter(calendar_id=calendar_id):
        for priority in (1, 2, 3, 4):
            target = sla.resolution_target(priority)
            found[sla.pk, priority] = (
                duration_us(target),
                duration_us(target * AT_RISK_SHARE),
                duration_us(sla.response_target(priority)),
            )
    return found


class _Lanes:
    """What the two connections of an overlapped run share (``Recompute._run_overlapped``).

    Batch n starts after the last ticket id that batch n-1 read, and commits only after
    batch n-1 committed. Batches 0, 2, 4 … run on one connection, 1, 3, 5 … on the other.
    """

    def __init__(self, checkpoint: int) -> None:
        self.changed = threading.Condition()
        self.starts = {0: checkpoint}  # batch → the ticket id it starts after
        self.last_committed = -1
        self.halted = False  # no new batches: the deadline passed, or no ticket is left
        self.ended = False  # no ticket is left
        self.error: BaseException | None = None
        self.computing = threading.Lock()

    def start_of(self, batch: int) -> int | None:
        """Where ``batch`` starts, once the batch before it has read its tickets; ``None``
        when no more batches are to start."""
        with self.changed:
            self.changed.wait_for(lambda: batch in self.starts or self.halted or self.error is not None)
            return None if self.error is not None else self.starts.get(batch)

    def publish(self, batch: int, after: int) -> None:
        with self.changed:
            self.starts[batch] = after
            self.changed.notify_all()

    def wait_turn(self, batch: int) -> bool:
        """Wait until the batch before ``batch`` has committed; ``False`` if a batch failed."""
        with self.changed:
            self.changed.wait_for(lambda: self.last_committed == batch - 1 or self.error is not None)
            return self.error is None

    def committed(self, batch: int) -> None:
        with self.changed:
            self.last_committed = batch
            self.changed.notify_all()

    def halt(self, *, ended: bool = False) -> None:
        with self.changed:
            self.halted = True
            self.ended = self.ended or ended
            self.changed.notify_all()

    def fail(self, error: BaseException) -> None:
        with self.changed:
            if self.error is None:
                self.error = error
            self.changed.notify_all()


class Recompute:
    """One run over one request (see the module docstring)."""

    def __init__(self, request: SLARecompute, *, batch_size: int = BATCH_SIZE) -> None:
        self.request = request
        self.batch_size = batch_size
        self.token = 0
        self.checkpoint = 0
        self.targets: dict[tuple[int, int], tuple[int, int, int]] = {}
        self.sla_ids: list[int] = []
        self.shared: OpenTime | None = None
        self.own: dict[int, OpenTime] = {}
        self.members_with_own: set[int] = set()

    # -- taking the request ------------------------------------------------------------

    def _claim(self) -> str:
        """running ← queued/interrupted, with a new ``attempts`` as this run's token.

        Returns ``"taken"``, ``"superseded"`` (an interrupted run that a newer request
        makes unnecessary) or ``"gone"`` (someone else changed the request meanwhile)."""
        request = self.request
        now = timezone.now()
        with transaction.atomic():
            newer = SLARecompute.objects.filter(
                calendar_id=request.calendar_id,
                pk__gt=request.pk,
                state__in=[RecomputeState.QUEUED, RecomputeState.RUNNING],
            ).exists()
            if newer and request.state == RecomputeState.RUNNING:
                SLARecompute.objects.filter(pk=request.pk, attempts=request.attempts).update(
                    state=RecomputeState.SUPERSEDED, finished_at=now, lease_until=None
                )
                return "superseded"
            taken = (
                SLARecompute.objects.filter(pk=request.pk, state=request.state, attempts=request.attempts)
                .filter(_claimable(now))
                .update(
                    state=RecomputeState.RUNNING,
                    attempts=F("attempts") + 1,
                    started_at=request.started_at or now,
                    lease_until=now + LEASE,
                )
            )
            if not taken:
                return "gone"
            # Older runs of the calendar are superseded, and fenced: their token changes, so
            # none of their batches can commit after this (the UPDATE waits for one that
            # holds the row). This run then recomputes every ticket with the newest calendar.
            SLARecompute.objects.filter(
                calendar_id=request.calendar_id, pk__lt=request.pk, state=RecomputeState.RUNNING
            ).update(state=RecomputeState.SUPERSEDED, attempts=F("attempts") + 1, finished_at=now, lease_until=None)
            if request.tickets_total is None:
                total = Ticket.objects.filter(
                    sla__calendar_id=request.calendar_id, status__in=sorted(OPEN_STATUSES)
                ).count()
                SLARecompute.objects.filter(pk=request.pk).update(tickets_total=total)
        request.refresh_from_db()
        self.token, self.checkpoint = request.attempts, request.checkpoint
        return "taken"

    def _load(self) -> None:
        """The calendar as it is now (read after the claim committed), per member."""
        calendar = self.request.calendar
        self.targets = _targets(calendar.pk)
        self.sla_ids = sorted({sla_id for sla_id, _priority in self.targets})
        self.members_with_own = set(
            CalendarYear.objects.filter(calendar=calendar, member__isnull=False).values_list("member_id", flat=True)
        ) | set(
            CalendarClosure.objects.filter(calendar=calendar, member__isnull=False).values_list("member_id", flat=True)
        )
        self.shared = None
        self.own = {}

    def open_time(self, member_id: int) -> OpenTime:
        """The member's calendar; members without their own hours or closures share one."""
        if member_id in self.members_with_own:
            found = self.own.get(member_id)
            if found is None:
                found = self.own[member_id] = OpenTime(schedule_for(self.request.calendar, member_id))
            return found
        if self.shared is None:
            self.shared = OpenTime(schedule_for(self.request.calendar, None))
        return self.shared

    # -- the run -----------------------------------------------------------------------

    def run(self, deadline: float) -> bool:
        """Work until done, superseded or the deadline; ``True`` when the request ended."""
        claimed = self._claim()
        if claimed != "taken":
            return claimed == "superseded"
        try:
            self._load()
            ended = self._run_overlapped(deadline) if self._can_overlap() else self._run_serially(deadline)
            if not ended:
                self._release()
                return False
            self._finish()
            return True
        except Superseded:
            self._end(RecomputeState.SUPERSEDED)
            return True
        except LostRequest:
            logger.warning("SLA recompute %s was taken over by another runner", self.request.pk)
            return False
        except Exception as exc:
            self._failed(exc)
            raise

    def _can_overlap(self) -> bool:
        """Two connections need PostgreSQL, and a caller that is not inside a transaction
        (a second connection would not see its uncommitted rows)."""
        return OVERLAP and connection.vendor == "postgresql" and not connection.in_atomic_block

    def _run_serially(self, deadline: float) -> bool:
        """One batch after the other on this connection; ``True`` when no ticket is left."""
        while True:
            if time.monotonic() >= deadline:
                return False
            with transaction.atomic():
                last = self._step()
            if last is None:
                return True
            self.checkpoint = last

    def _step(self) -> int | None:
        """One batch in the caller's transaction; the last ticket id done, or ``None``."""
        now = timezone.now()
        # Written first: on SQLite this takes the write lock before anything is read, and
        # on PostgreSQL it proves the request is still this run's.
        self._check(now)
        rows = self._read(self.checkpoint)
        if not rows:
            return None
        updates, outcome = self.compute(rows, now)
        write_updates(updates)
        last = int(rows[-1][0])
        self._advance(last, outcome)
        return last

    def _run_overlapped(self, deadline: float) -> bool:
        """Batches alternate between this connection and a second one in a helper thread, so
        that one connection reads and computes batch n+1 while the other writes batch n.

        Each batch is still one transaction: lock and read its tickets, compute, write the
        changed ones, then wait until the batch before it has committed, check the request
        (token, superseded), move the checkpoint and commit. Batches therefore commit in id
        order and the checkpoint keeps meaning "done up to here". When a batch fails, the
        batch after it rolls back too (it waits for a commit that never comes) and nothing
        later starts. ``True`` when no ticket is left.
        """
        lanes = _Lanes(self.checkpoint)
        helper = threading.Thread(target=self._helper_lane, args=(lanes, deadline), name="sla-recompute", daemon=True)
        helper.start()
        try:
            self._lane(lanes, 0, deadline)
        finally:
            helper.join()
        if lanes.error is not None:
            raise lanes.error
        return lanes.ended

    def _helper_lane(self, lanes: _Lanes, deadline: float) -> None:
        try:
            self._lane(lanes, 1, deadline)
        finally:
            connection.close()  # the helper thread's own connection

    def _lane(self, lanes: _Lanes, batch: int, deadline: float) -> None:
        """Every second batch, from ``batch`` on, on this thread's connection."""
        try:
            while (start := lanes.start_of(batch)) is not None:
                if time.monotonic() >= deadline:
                    lanes.halt()
                    return
                with transaction.atomic():
                    rows = self._read(start)
                    if not rows:
                        if lanes.wait_turn(batch):
                            self._check(timezone.now())
                            lanes.halt(ended=True)
                        return
                    last = int(rows[-1][0])
                    lanes.publish(batch + 1, last)
                    with lanes.computing:  # OpenTime grows its arrays while computing
                        updates, outcome = self.compute(rows, timezone.now())
                    # Written before the batch's turn, so that both connections can write at
                    # once; the request is checked and the batch committed only in its turn.
                    write_updates(updates)
                    if not lanes.wait_turn(batch):
                        transaction.set_rollback(True)
                        return
                    self._check(timezone.now())
                    self._advance(last, outcome)
                self.checkpoint = last
                lanes.committed(batch)
                batch += 2
        except BaseException as exc:  # recorded; the run raises it once both lanes stopped
            lanes.fail(exc)

    # -- the parts of a batch ------------------------------------------------------------

    def _check(self, now: datetime.datetime) -> None:
        """The request is still this run's (its token), and no newer request waits."""
        request = self.request
        if not SLARecompute.objects.filter(pk=request.pk, attempts=self.token).update(
            progress_at=now, lease_until=now + LEASE
        ):
            raise LostRequest
        if SLARecompute.objects.filter(
            calendar_id=request.calendar_id, pk__gt=request.pk, state=RecomputeState.QUEUED
        ).exists():
            raise Superseded

    def _read(self, after: int) -> list[tuple[Any, ...]]:
        """The next batch of the calendar's open tickets after id ``after``, locked."""
        return list(
            Ticket.objects.filter(sla_id__in=self.sla_ids, status__in=sorted(OPEN_STATUSES), pk__gt=after)
            .order_by("pk")
            .select_for_update(no_key=True)
            .values_list(*READ_FIELDS)[: self.batch_size]
        )

    def _advance(self, last: int, outcome: Outcome) -> None:
        """Move the checkpoint and the counts forward (in the batch's transaction)."""
        SLARecompute.objects.filter(pk=self.request.pk).update(
            checkpoint=last,
            tickets_seen=F("tickets_seen") + outcome.seen,
            tickets_changed=F("tickets_changed") + outcome.changed,
            newly_breached=F("newly_breached") + outcome.breached,
            no_longer_breached=F("no_longer_breached") + outcome.unbreached,
            failures=0,
        )

    def compute(self, rows: list[tuple[Any, ...]], now: datetime.datetime) -> tuple[list[Update], Outcome]:
        """The changed clock fields of a batch of ``READ_FIELDS`` rows."""
        now_us = to_us(now)
        targets = self.targets
        outcome = Outcome(seen=len(rows))
        updates: list[Update] = []
        # Plain strings: the database adapter must not see enum members.
        breached, at_risk, on_track = SLAState.BREACHED.value, SLAState.AT_RISK.value, SLAState.ON_TRACK.value
        paused = SLAState.PAUSED.value
        clocks: dict[int, OpenTime] = {}
        for pk, member_id, sla_id, priority, state, started, used, created, responded, due, risk, respond_by in rows:
            clock = clocks.get(member_id)
            if clock is None:
                clock = clocks[member_id] = self.open_time(member_id)
            target, at_risk_share, response = targets[sla_id, priority]
            if started is None:  # paused: no due time; the state stands (breached or paused)
                new_due = new_risk = None
                new_state = breached if state == breached else paused
            else:
                start = to_us(started)
                used_us = used * 1_000_000
                left = target - used_us
                due_us = clock.add_us(start, left) if left > 0 else start
                left = at_risk_share - used_us
                risk_us = clock.add_us(start, left) if left > 0 else start
                if state == breached and (due is None or to_us(due) > now_us):
                    new_state = breached  # not the old calendar's doing: it stands
                else:
                    new_state = breached if due_us <= now_us else at_risk if risk_us <= now_us else on_track
                new_due, new_risk = from_us(due_us), from_us(risk_us)
            new_respond_by = respond_by
            if responded is None:
                new_respond_by = from_us(clock.add_us(to_us(created), response))
            if new_due != due or new_risk != risk or new_state != state or new_respond_by != respond_by:
                updates.append((pk, new_due, new_risk, new_state, new_respond_by))
                outcome.changed += 1
                if new_state == breached and state != breached:
                    outcome.breached += 1
                elif state == breached and new_state != breached:
                    outcome.unbreached += 1
        return updates, outcome

    # -- endings -----------------------------------------------------------------------

    def _finish(self) -> None:
        request = self.request
        with transaction.atomic():
            now = timezone.now()
            if not SLARecompute.objects.filter(pk=request.pk, attempts=self.token).update(
                state=RecomputeState.DONE, finished_at=now, progress_at=now, error="", lease_until=None
            ):
                raise LostRequest
            request.refresh_from_db()
            counts = {
                "calendar": request.calendar_id,
                "tickets_seen": request.tickets_seen,
                "tickets_changed": request.tickets_changed,
                "newly_breached": request.newly_breached,
                "no_longer_breached": request.no_longer_breached,
            }
            # One audit row for the whole run, as for an import: the request row and this
            # entry say who changed the calendar, when, and what it did to the tickets.
            audit.record("update", request, acting_user=request.requested_by, after=counts)

    def _end(self, state: RecomputeState) -> None:
        now = timezone.now()
        SLARecompute.objects.filter(pk=self.request.pk, attempts=self.token).update(
            state=state, finished_at=now, lease_until=None
        )

    def _release(self) -> None:
        """Cut short by the time slice: the next run continues at once from the checkpoint."""
        SLARecompute.objects.filter(pk=self.request.pk, attempts=self.token).update(lease_until=None)

    def _failed(self, exc: BaseException) -> None:
        """Record the error; the batch that failed was rolled back, so every ticket still
        has its old or its new values. A run ``RETRY_AFTER`` later continues from the checkpoint."""
        text = f"{type(exc).__name__}: {exc}"[:2000]
        mine = SLARecompute.objects.filter(pk=self.request.pk, attempts=self.token)
        with transaction.atomic():
            mine.update(failures=F("failures") + 1, error=text, lease_until=timezone.now() + RETRY_AFTER)
            mine.filter(failures__gte=MAX_FAILURES).update(state=RecomputeState.FAILED, finished_at=timezone.now())


# pk, member, sla, priority, state, started, used s, created, first response, due, at risk, response due
READ_FIELDS = (
    "pk",
    "member_id",
    "sla_id",
    "priority",
    "sla_state",
    "sla_started_at",
    "sla_used_seconds",
    "created",
    "first_response_at",
    "due_at",
    "sla_at_risk_at",
    "response_due_at",
)
Update = tuple[int, datetime.datetime | None, datetime.datetime | None, str, datetime.datetime | None]

# The id range lets PostgreSQL read the batch's rows through the primary key; joined on
# the ids alone it hashes the whole table for every batch.
PG_UPDATE = (
    "UPDATE servicedesk_ticket AS t SET due_at = v.due_at, sla_at_risk_at = v.at_risk, "
    "sla_state = v.state, response_due_at = v.response_due "
    "FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[], %s::varchar[], %s::timestamptz[]) "
    "AS v(id, due_at, at_risk, state, response_due) WHERE t.id = v.id AND t.id BETWEEN %s AND %s"
)
SQLITE_UPDATE = (
    "UPDATE servicedesk_ticket SET due_at = %s, sla_at_risk_at = %s, sla_state = %s, response_due_at = %s WHERE id = %s"
)


def write_updates(updates: list[Update]) -> None:
    """One statement per batch: ``UPDATE … FROM unnest(arrays)`` on PostgreSQL, a prepared
    ``UPDATE`` run for each row on SQLite. ``version`` and ``updated`` stay: a recompute is
    no edit, and must not make an agent's open form stale."""
    if not updates:
        return
    if connection.vendor == "postgresql":
        ids, dues, risks, states, responses = (list(column) for column in zip(*updates, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(PG_UPDATE, [ids, dues, risks, states, responses, min(ids), max(ids)])
        return
    adapt = connection.ops.adapt_datetimefield_value
    rows = [(adapt(due), adapt(risk), state, adapt(respond), pk) for pk, due, risk, state, respond in updates]
    with connection.cursor() as cursor:
        cursor.executemany(SQLITE_UPDATE, rows)


__all__ = [
    "OpenTime",
    "Recompute",
    "busy",
    "request_recompute",
    "resumable",
    "retry_recompute",
    "run_pending",
]
