"""What the progress page (``core:jobs``) shows: background tasks, and long jobs with progress.

Apps register a function that lists their long jobs for a user (``register``); the
service desk lists its SLA recomputes. Each long job is a :class:`LongJob`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LongJob:
    """One long job as the page shows it: a title, its state, and its progress."""

    key: str  # unique on the page, e.g. "slarecompute-12"
    title: str
    state: str  # queued, running, done, failed, superseded
    state_label: str
    requested_by: str
    requested_at: datetime.datetime | None
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    done: int
    total: int | None
    unit: str  # what is counted, e.g. "tickets checked"
    detail: str = ""
    error: str = ""

    @property
    def active(self) -> bool:
        return self.state in {"queued", "running"}

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == "done" else None
        return min(100, round(100 * self.done / self.total))


Provider = Callable[[Any, bool], list[LongJob]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """``provider(user, is_admin)`` lists the long jobs ``user`` may follow: administrators
    those in their scope, everybody else the ones they started."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def long_jobs(user: Any, *, is_admin: bool) -> list[LongJob]:
    """Running and waiting jobs first, then the rest; newest first within each (as listed)."""
    found = [job for provider in PROVIDERS for job in provider(user, is_admin)]
    return sorted(found, key=lambda job: not job.active)


TASK_LABELS: dict[str, Any] = {}


def label_task(path: str, label: Any) -> None:
    """A readable (translatable) name for a task on the page."""
    TASK_LABELS[path] = label


def task_label(path: str) -> str:
    label = TASK_LABELS.get(path)
    return str(label) if label is not None else path.rsplit(".", 1)[-1].replace("_", " ")
