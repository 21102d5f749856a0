"""Sending the mail outbox: django-post-office's queued ``Email`` rows, one at a time.

Actions queue mail in their own transaction (a rolled-back change sends nothing); the
periodic task ``samdrift.core.tasks.send_queued_mail`` sends it. Several workers may send
at once, on several hosts, and none sends a mail another is sending:

* **PostgreSQL**: each mail is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` and sent
  inside that transaction; its status is written and committed right after the SMTP server
  accepted it. Other workers skip the locked row. A worker that dies mid-send loses its
  connection, the server rolls the transaction back and releases the row: the mail is
  still queued, and the next worker sends it.
* **SQLite** (one host): a write transaction would block the whole database while the
  SMTP server answers, so a mail is *leased* instead: a conditional ``UPDATE`` moves its
  ``scheduled_time`` ``LEASE`` into the future, the mail is sent outside any transaction,
  and its status written after. A worker that dies mid-send leaves the lease, and the mail
  is sent again when it passes.

SMTP has no two-phase commit: a worker killed in the instant between the server's
acceptance and the commit of "sent" sends that one mail twice (never none). Failures are
retried as django-post-office does (``POST_OFFICE['MAX_RETRIES']``, ``RETRY_INTERVAL``).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from typing import Any

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from post_office.connections import connections as mail_connections
from post_office.models import STATUS, Email, Log
from post_office.settings import (
    get_default_mailer,
    get_log_level,
    get_max_retries,
    get_retry_timedelta,
    get_sending_order,
)

logger = logging.getLogger(__name__)

# SQLite: how long a leased mail stays out of the queue (longer than any SMTP exchange).
LEASE = datetime.timedelta(minutes=10)


def queued(now: datetime.datetime) -> QuerySet[Email]:
    """Mail due for sending, as django-post-office selects it."""
    due = (Q(scheduled_time__lte=now) | Q(scheduled_time=None)) & (Q(expires_at__gt=now) | Q(expires_at=None))
    return Email.objects.filter(due, status__in=[STATUS.queued, STATUS.requeued]).order_by(*get_sending_order(), "pk")


class Sender:
    """Sends queued mail over as few SMTP connections as possible (one per mailer)."""

    def __init__(self) -> None:
        self.mailers: dict[str, Any] = {}
        self.sent = 0
        self.failed = 0

    def run(self, *, deadline: float | None = None) -> int:
        """Send until the queue is empty or ``deadline`` (monotonic) passed; the count sent."""
        try:
            while deadline is None or time.monotonic() < deadline:
                take = self._send_locked if db_connection.vendor == "postgresql" else self._send_leased
                if not take():
                    break
        finally:
            self.mailers.clear()
            try:
                mail_connections.close()  # closes and forgets this thread's SMTP connections
            except Exception:  # a broken SMTP connection must not hide what was sent
                logger.exception("Closing the mail connection failed")
        return self.sent

    def _send_locked(self) -> bool:
        with transaction.atomic():
            email = queued(timezone.now()).select_for_update(skip_locked=True, of=("self",)).first()
            if email is None:
                return False
            self._deliver(email)
        return True

    def _send_leased(self) -> bool:
        now = timezone.now()
        for pk, scheduled in queued(now).values_list("pk", "scheduled_time")[:20]:
            same = Q(scheduled_time__isnull=True) if scheduled is None else Q(scheduled_time=scheduled)
            leased = Email.objects.filter(same, pk=pk, status__in=[STATUS.queued, STATUS.requeued]).update(
                scheduled_time=now + LEASE
            )
            if leased:
                email = Email.objects.get(pk=pk)
                email.scheduled_time = scheduled
                self._deliver(email)
                return True
        return False

    def _deliver(self, email: Email) -> None:
        """Send one mail and record the outcome (sent, requeued for a retry, or failed)."""
        try:
            email.prepare_email_message()
            alias = email.backend_alias or get_default_mailer()
            mailer = self.mailers.get(alias)
            if mailer is None:
                mailer = self.mailers[alias] = mail_connections[alias]
            email.dispatch(commit=False, disconnect_after_delivery=False, connection=mailer)
        except Exception as exc:  # recorded on the mail: it is retried or marked failed
            logger.warning("Sending mail %s failed: %s", email.pk, exc)
            self._failed(email, exc)
            # A broken connection is opened again for the next mail.
            self.mailers.clear()
            with contextlib.suppress(Exception):  # already broken
                mail_connections.close()
            return
        Email.objects.filter(pk=email.pk).update(status=STATUS.sent, last_updated=timezone.now())
        if get_log_level() >= 2:
            Log.objects.create(email=email, status=STATUS.sent)
        self.sent += 1

    def _failed(self, email: Email, exc: BaseException) -> None:
        now = timezone.now()
        retries = email.number_of_retries or 0
        if retries < get_max_retries():
            changes: dict[str, Any] = {
                "status": STATUS.requeued,
                "number_of_retries": retries + 1,
                "scheduled_time": now + get_retry_timedelta(),
            }
        else:
            changes = {"status": STATUS.failed, "scheduled_time": email.scheduled_time}
        Email.objects.filter(pk=email.pk).update(last_updated=now, **changes)
        if get_log_level() >= 1:
            Log.objects.create(email=email, status=STATUS.failed, message=str(exc), exception_type=type(exc).__name__)
        self.failed += 1


def send_queued_mail(*, deadline: float | None = None) -> int:
    """Send queued mail until none is left (or ``deadline``); returns how many were sent."""
    return Sender().run(deadline=deadline)
