"""Periodic background jobs, run by ``samdrift worker``.

Each job is a dotted path to a function without arguments and the number of seconds
between runs (``SAMDRIFT_PERIODIC_JOBS``). Apps add their own jobs there. A job that fails
is logged and tried again at its next turn; it never stops the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass
class Job:
    path: str
    every: float
    next_run: float = 0.0
    function: Callable[[], object] = field(init=False)

    def __post_init__(self) -> None:
        self.function = import_string(self.path)


def configured_jobs() -> list[Job]:
    return [Job(path, float(every)) for path, every in settings.SAMDRIFT_PERIODIC_JOBS]


def run_due(jobs: list[Job], now: float | None = None) -> list[str]:
    """Run every job whose time has come; return the paths of those that failed."""
    now = time.monotonic() if now is None else now
    failed = []
    for job in jobs:
        if job.next_run > now:
            continue
        try:
            job.function()
        except Exception:  # a failing job must not stop the worker or the other jobs
            logger.exception("Background job %s failed", job.path)
            failed.append(job.path)
        finally:
            job.next_run = now + job.every
    return failed
