"""Background work: the scheduler enqueues each periodic task once per period, whatever
the number of workers; lost workers' tasks are marked failed; leases exclude."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samdrift.core import background
from samdrift.core.models import ScheduledTask, TaskLease, WorkerHeartbeat

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task()
def noted() -> str:
    CALLS.append("noted")
    return "ok"


PATH = f"{__name__}.noted"


@pytest.fixture
def one_task(settings):
    settings.SAMDRIFT_PERIODIC_TASKS = [(PATH, 60)]
    CALLS.clear()


def results() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=PATH))


def test_a_due_task_is_enqueued_once_per_period(one_task) -> None:
    now = timezone.now()
    assert background.enqueue_due(now) == [PATH]
    assert background.enqueue_due(now) == [], "claimed: not due again in the same period"
    assert len(results()) == 1
    row = ScheduledTask.objects.get(name=PATH)
    assert row.next_run_at == now + datetime.timedelta(seconds=60) and row.last_result_id == str(results()[0].pk)


def test_a_run_still_waiting_is_not_enqueued_again(one_task) -> None:
    now = timezone.now()
    background.enqueue_due(now)
    later = now + datetime.timedelta(seconds=61)
    assert background.enqueue_due(later) == [], "the first run has not started: no pile-up"
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert background.enqueue_due(later + datetime.timedelta(seconds=61)) == [PATH]
    assert len(results()) == 2


def test_the_interval_follows_the_setting(one_task, settings) -> None:
    background.enqueue_due()
    settings.SAMDRIFT_PERIODIC_TASKS = [(PATH, 5)]
    background.ensure_schedule()
    assert ScheduledTask.objects.get(name=PATH).every == 5


def test_the_shipped_periodic_tasks_are_tasks() -> None:
    for path, every in background.periodic_tasks():
        assert background.load_task(path).name and every > 0


@pytest.mark.django_db(transaction=True)  # several schedulers, each on its own connection
def test_many_schedulers_at_once_enqueue_each_task_exactly_once(one_task) -> None:
    now = timezone.now()
    background.ensure_schedule(now)
    start = threading.Barrier(4)
    enqueued: list[list[str]] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            start.wait()
            enqueued.append(background.enqueue_due(now))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(len(names) for names in enqueued) == [0, 0, 0, 1]
    assert len(results()) == 1


@pytest.mark.django_db(transaction=True)  # the worker closes the connection
def test_worker_once_runs_what_is_due(one_task) -> None:
    import io

    from django.core.management import call_command

    call_command("worker", once=True, stdout=io.StringIO())
    assert CALLS == ["noted"]
    (result,) = results()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "ok"
    assert WorkerHeartbeat.objects.count() == 1


def test_tasks_of_a_lost_worker_are_marked_failed(settings) -> None:
    now = timezone.now()
    alive, lost = "host:1:aaaa", "host:2:bbbb"
    background.heartbeat(alive, now)
    background.heartbeat(lost, now - datetime.timedelta(seconds=settings.SAMDRIFT_WORKER_LOST_AFTER + 1))
    running = []
    for worker in (alive, lost):
        result = noted.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, worker_ids=[worker])
        running.append(result.id)
    assert background.reap_lost(now) == 1
    states = {str(pk): state for pk, state in DBTaskResult.objects.values_list("pk", "status")}
    assert states == {running[0]: TaskResultStatus.RUNNING, running[1]: TaskResultStatus.FAILED}
    failed = DBTaskResult.objects.get(pk=running[1])
    assert failed.exception_class_path.endswith("WorkerLost") and "host:2:bbbb" in failed.traceback


def test_a_lease_excludes_until_released_or_expired(monkeypatch) -> None:
    with background.exclusive("job", ttl=60) as first, background.exclusive("job", ttl=60) as second:
        assert first and not second
    with background.exclusive("job", ttl=60) as again:
        assert again, "released at the end"
    # A holder that died keeps it only until the lease passes.
    TaskLease.objects.filter(name="job").update(until=timezone.now() + datetime.timedelta(seconds=60), token="dead")
    with background.exclusive("job") as blocked:
        assert not blocked
    later = timezone.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with background.exclusive("job") as taken:
        assert taken
