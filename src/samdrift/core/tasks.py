"""Core background tasks (Django's task framework; see ``samdrift.core.background``)."""

from __future__ import annotations

import datetime
import time

from django.db.models import Q
from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import outbox, planner

# A mail run stops after this long and leaves the rest to the next one (every 5 s), so a
# big outbox does not hold a worker that other tasks wait for.
MAIL_TIME_SLICE = 60.0
# How long finished task results stay visible on the progress page.
KEEP_SUCCEEDED = datetime.timedelta(days=7)
KEEP_FAILED = datetime.timedelta(days=30)


@task(priority=10)
def send_queued_mail() -> int:
    """Send queued e-mail; mail that fails is requeued and retried (every 5 s)."""
    return outbox.send_queued_mail(deadline=time.monotonic() + MAIL_TIME_SLICE)


@task(priority=-10)
def prune_task_results() -> int:
    """Delete old finished task results (daily): 7 days after success, 30 after failure."""
    now = timezone.now()
    old = Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCEEDED) | Q(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    )
    deleted, _by_model = DBTaskResult.objects.filter(old).delete()
    return deleted


@task(priority=-10)
def refresh_planner_statistics() -> bool:
    """Refresh the database planner's statistics (daily; SQLite only, see core.planner)."""
    return planner.refresh()
