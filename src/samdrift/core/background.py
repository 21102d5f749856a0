"""Background work on Django's task framework (``django.tasks``) with django-tasks-db.

Tasks are ``@task`` functions in each app's ``tasks.py``; ``samdrift worker`` runs the
django-tasks-db worker loop, which takes one ready task at a time
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite), so
any number of workers on any number of hosts share the queue. Beside it, every worker runs:

* the **scheduler** (:func:`enqueue_due`): periodic tasks (``SAMDRIFT_PERIODIC_TASKS``)
  have a :class:`~.models.ScheduledTask` row with ``next_run_at``. A worker claims a due
  row and enqueues the task in one transaction, so each period enqueues it exactly once
  however many schedulers run. A task whose previous run still waits in the queue is not
  enqueued again (no pile-up while the workers are busy or stopped);
* a **heartbeat** (:class:`~.models.WorkerHeartbeat`); tasks left ``RUNNING`` by a worker
  that is no longer seen are marked failed (:func:`reap_lost`). Every task keeps its state
  in its own durable rows (queued mail, SLA recompute requests and checkpoints), so the next
  periodic run picks up what a lost one left.

:func:`exclusive` is a lease on a database row for tasks that must not run twice at once.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.tasks import Task
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .models import ScheduledTask, TaskLease, WorkerHeartbeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker that ran a task stopped being seen (killed, or its host went down)."""


def periodic_tasks() -> list[tuple[str, int]]:
    return [(path, int(every)) for path, every in settings.SAMDRIFT_PERIODIC_TASKS]


def load_task(path: str) -> Task:
    found = import_string(path)
    if not isinstance(found, Task):
        raise TypeError(f"{path} is not a task (decorate it with django.tasks.task)")
    return found


def ensure_schedule(now: datetime.datetime | None = None) -> None:
    """A schedule row for every configured periodic task; its interval follows the setting."""
    now = now or timezone.now()
    configured = dict(periodic_tasks())
    known = dict(ScheduledTask.objects.values_list("name", "every"))
    for name, every in configured.items():
        if name not in known:
            try:
                with transaction.atomic():
                    ScheduledTask.objects.create(name=name, every=every, next_run_at=now)
            except IntegrityError:  # another worker's scheduler created it first
                pass
        elif known[name] != every:
            ScheduledTask.objects.filter(name=name).update(every=every)


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due, each once; returns the names enqueued.

    The row is claimed and the task enqueued in one transaction: either both happen or
    neither. On PostgreSQL rows another scheduler holds are skipped (``SKIP LOCKED``); on
    both databases the ``UPDATE`` only succeeds if ``next_run_at`` is still what was read.
    """
    now = now or timezone.now()
    ensure_schedule(now)
    configured = dict(periodic_tasks())
    enqueued = []
    with transaction.atomic():
        due = list(
            ScheduledTask.objects.select_for_update(skip_locked=True)
            .filter(name__in=list(configured), next_run_at__lte=now)
            .order_by("next_run_at", "name")
        )
        for row in due:
            claimed = ScheduledTask.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
                next_run_at=now + datetime.timedelta(seconds=configured[row.name])
            )
            if not claimed:
                continue
            if (
                row.last_result_id
                and DBTaskResult.objects.filter(pk=row.last_result_id, status=TaskResultStatus.READY).exists()
            ):
                continue  # the last run has not started yet: one waiting run is enough
            result = load_task(row.name).enqueue()
            ScheduledTask.objects.filter(pk=row.pk).update(last_enqueued_at=now, last_result_id=str(result.id))
            enqueued.append(row.name)
    return enqueued


# ---------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------


def new_worker_id() -> str:
    host = socket.gethostname()[:30]
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def heartbeat(worker_id: str, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        host, pid = worker_id.split(":")[:2]
        with contextlib.suppress(IntegrityError), transaction.atomic():
            WorkerHeartbeat.objects.create(worker_id=worker_id, host=host, pid=int(pid), started_at=now, seen_at=now)


def lost_before(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.SAMDRIFT_WORKER_LOST_AFTER)


def reap_lost(now: datetime.datetime | None = None) -> int:
    """Mark failed the tasks still ``RUNNING`` on workers that are no longer seen; forget
    workers gone for a day. Returns the number of tasks marked."""
    now = now or timezone.now()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=lost_before(now)).values_list("worker_id", flat=True))
    marked = 0
    for pk, workers in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", "worker_ids"):
        last = workers[-1] if workers else ""
        if last in alive:
            continue
        if last and not WorkerHeartbeat.objects.filter(worker_id=last).exists():
            # Not a worker of ours (e.g. `manage.py db_worker`): left alone.
            continue
        marked += DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"WorkerLost: worker {last} stopped while running this task.\n",
        )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return marked


class Scheduler(threading.Thread):
    """The worker's side thread: heartbeat, lost tasks, periodic tasks, every ``tick`` s."""

    def __init__(self, worker_id: str, *, tick: float = 1.0) -> None:
        super().__init__(name="samdrift-scheduler", daemon=True)
        self.worker_id = worker_id
        self.tick = tick
        self.stopping = threading.Event()

    def turn(self) -> None:
        close_old_connections()
        heartbeat(self.worker_id)
        reap_lost()
        enqueue_due()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.turn()
            except Exception:  # a database hiccup must not end the scheduler
                logger.exception("The scheduler's turn failed")
            self.stopping.wait(self.tick)

    def stop(self) -> None:
        self.stopping.set()


# ---------------------------------------------------------------------------------------
# Leases
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def exclusive(name: str, *, ttl: float = 600.0) -> Iterator[bool]:
    """Whether the caller holds the lease ``name`` now (``False``: another holds it).

    A conditional ``UPDATE`` takes it, so it works alike on PostgreSQL and SQLite and
    across hosts. It is released at the end; a holder killed in between loses it after
    ``ttl`` seconds. Use it outside a transaction (the lease must be visible to others)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    with contextlib.suppress(IntegrityError), transaction.atomic():
        TaskLease.objects.get_or_create(name=name)
    free = Q(until__isnull=True) | Q(until__lt=now)
    got = bool(
        TaskLease.objects.filter(free, name=name).update(until=now + datetime.timedelta(seconds=ttl), token=token)
    )
    try:
        yield got
    finally:
        if got:
            TaskLease.objects.filter(name=name, token=token).update(until=None, token="")


def describe(result: Any) -> str:
    """A short text for a task's error: the exception class and its message's first line."""
    path = getattr(result, "exception_class_path", "") or ""
    lines = [line for line in (getattr(result, "traceback", "") or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else path
