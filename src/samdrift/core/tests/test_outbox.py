"""The mail outbox: several senders at once send every mail exactly once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from post_office import mail
from post_office.models import STATUS, Email

from samdrift.core import outbox


def queue(n: int) -> list[Email]:
    return [
        mail.send(recipients=[f"person{i}@example.org"], sender="sd@example.org", subject=f"Ärende {i} – klart")
        for i in range(n)
    ]


@pytest.mark.django_db(transaction=True)  # each sender on its own connection
def test_concurrent_senders_send_each_mail_once(smtp_server) -> None:
    queue(24)
    start = threading.Barrier(3)
    counts: list[int] = []

    def sender() -> None:
        try:
            start.wait()
            counts.append(outbox.send_queued_mail())
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = sorted(message["Subject"] for _rcpt, message in smtp_server.messages)
    assert subjects == sorted(f"Ärende {i} – klart" for i in range(24)), "each mail once"
    assert sum(counts) == 24 and len(counts) == 3
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


@pytest.mark.django_db
def test_a_mail_another_sender_holds_is_left_to_it(smtp_server) -> None:
    held, free = queue(2)
    # SQLite: what a sender's lease looks like; PostgreSQL: a later retry time looks alike.
    Email.objects.filter(pk=held.pk).update(scheduled_time=timezone.now() + outbox.LEASE)
    assert outbox.send_queued_mail() == 1
    assert [m["Subject"] for _r, m in smtp_server.messages] == [free.subject]
    Email.objects.filter(pk=held.pk).update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox.send_queued_mail() == 1, "sent once the lease of a dead sender passed"
    assert Email.objects.get(pk=held.pk).status == STATUS.sent
