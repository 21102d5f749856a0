"""The service desk's periodic jobs (see ``samdrift.core.jobs``)."""

from __future__ import annotations

from django.conf import settings
from post_office.mail import send_queued_mail_until_done

from . import actions


def send_queued_mail() -> None:
    """Send queued e-mail; mail that fails is requeued and retried (django-post-office)."""
    send_queued_mail_until_done(lockfile=settings.SAMDRIFT_MAIL_LOCKFILE, processes=1)


def close_resolved_tickets() -> None:
    actions.do_close_resolved()


def watch_sla() -> None:
    """Flag tickets whose SLA is at risk or breached, and notify (every minute)."""
    actions.do_watch_sla()
