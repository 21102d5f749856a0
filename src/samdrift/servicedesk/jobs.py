"""The service desk's periodic jobs (see ``samdrift.core.jobs``)."""

from __future__ import annotations

from django.conf import settings
from post_office.mail import send_queued_mail_until_done

from . import actions, sla_recompute


def send_queued_mail() -> None:
    """Send queued e-mail; mail that fails is requeued and retried (django-post-office)."""
    send_queued_mail_until_done(lockfile=settings.SAMDRIFT_MAIL_LOCKFILE, processes=1)


def close_resolved_tickets() -> None:
    actions.do_close_resolved()


def watch_sla() -> None:
    """Flag tickets whose SLA is at risk or breached, and notify (every minute).

    Skipped for a turn while another worker recomputes SLA clocks after a calendar change
    (``recompute_sla``): the watch reads due times that the recompute is rewriting."""
    with sla_recompute.runner_lock() as free:
        if free:
            actions.do_watch_sla()


def recompute_sla() -> None:
    """Recompute stored SLA clocks after calendar changes (every 10 s, up to 30 s a turn)."""
    sla_recompute.run_pending()
