"""Inbound mail's background task (Django's task framework; ``samdrift.core.background``)."""

from __future__ import annotations

from django.tasks import task

from . import fetch


@task()
def fetch_mail() -> int:
    """Read every active mailbox (every minute, ``SAMDRIFT_PERIODIC_TASKS``)."""
    return fetch.fetch_all()
