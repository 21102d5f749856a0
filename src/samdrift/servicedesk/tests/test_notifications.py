"""E-mail is queued with the change and sent by the worker, through a real SMTP server
started by the test."""

import pytest
from post_office.models import STATUS, Email

from samdrift.core import outbox
from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import Status
from samdrift.testing.world import make_ticket


def send_mail_now() -> None:
    """What the worker's mail task does."""
    outbox.send_queued_mail()


def test_requester_and_assignee_get_mail_on_the_expected_events(world, smtp_server) -> None:
    ticket = make_ticket(world, subject="Skrivaren skriver inte ut")
    assert smtp_server.messages == [], "the request does not wait for the mail server"
    send_mail_now()
    assert len(smtp_server.messages) == 1
    rcpt, message = smtp_server.messages[0]
    assert rcpt == [world.requester_a1.email]
    assert message["Subject"] == f"[{ticket.number}] Vi har tagit emot ditt ärende: Skrivaren skriver inte ut"
    assert message["X-Samdrift-Ticket"] == ticket.number
    assert f"/servicedesk/tickets/{ticket.pk}/" in message.get_content()

    actions.do_assign(
        ticket, acting_user=world.lead_alpha, expected_version=SYSTEM, unit=world.unit_alpha, assignee=world.agent_alpha
    )
    send_mail_now()
    assert smtp_server.messages[-1][0] == [world.agent_alpha.email]

    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Intern", is_internal=True)
    send_mail_now()
    assert len(smtp_server.messages) == 2, "internal notes send no mail"

    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    send_mail_now()
    rcpt, message = smtp_server.messages[-1]
    assert rcpt == [world.requester_a1.email] and "Ny status" in message["Subject"]


def test_no_mail_when_the_transaction_rolls_back(world, smtp_server, monkeypatch) -> None:
    from django.db import transaction

    from samdrift.servicedesk import notifications

    queue_mail = notifications.queue_mail

    def queue_then_fail(*args, **kwargs):
        queue_mail(*args, **kwargs)
        raise RuntimeError("the connection broke")

    monkeypatch.setattr(notifications, "queue_mail", queue_then_fail)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ticket(world, subject="Skrivaren")
    send_mail_now()
    assert not Email.objects.exists() and smtp_server.messages == []


def test_major_incident_mails_the_unit_lead(world, smtp_server) -> None:
    make_ticket(world, acting="agent_alpha", unit=world.unit_alpha, major_incident=True, subject="Växeln är nere")
    send_mail_now()
    to_lead = [m for rcpt, m in smtp_server.messages if rcpt == [world.lead_alpha.email]]
    assert to_lead and "STOPP I SYSTEMET" in to_lead[0]["Subject"]


@pytest.mark.django_db(transaction=True)  # the worker closes the database connection between batches
def test_a_failed_mail_server_loses_neither_ticket_nor_mail(world, smtp_server, settings) -> None:
    import datetime
    import io
    import socket

    from django.core.management import call_command
    from django.utils import timezone

    from samdrift.core.models import ScheduledTask
    from samdrift.servicedesk.models import Ticket

    working = settings.MAILERS
    with socket.socket() as probe:  # a port nobody listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {**working["default"], "OPTIONS": {"host": "127.0.0.1", "port": dead_port, "timeout": 2}}
    }
    ticket = make_ticket(world, subject="Skärmen är svart")
    call_command("worker", once=True, stdout=io.StringIO())
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    mail = Email.objects.get(to=world.requester_a1.email)
    assert mail.status == STATUS.requeued and mail.number_of_retries == 1
    assert mail.logs.get().status == STATUS.failed
    assert smtp_server.messages == []

    # The server is back. The worker sends nothing before the retry time ...
    settings.MAILERS = working
    due = ScheduledTask.objects.filter(name="samdrift.core.tasks.send_queued_mail")
    due.update(next_run_at=timezone.now())  # as when cron starts the worker a minute later
    call_command("worker", once=True, stdout=io.StringIO())
    assert smtp_server.messages == []
    # ... and delivers the mail once it is due.
    Email.objects.filter(pk=mail.pk).update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))
    due.update(next_run_at=timezone.now())
    call_command("worker", once=True, stdout=io.StringIO())
    mail.refresh_from_db()
    assert mail.status == STATUS.sent
    rcpt, message = smtp_server.messages[0]
    assert rcpt == [world.requester_a1.email] and ticket.number in message["Subject"]
