"""E-mail goes out after commit, through a real SMTP server started by the test."""

from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import Status
from samdrift.testing.world import make_ticket


def test_requester_and_assignee_get_mail_on_the_expected_events(  # type: ignore[no-untyped-def]
    world, smtp_server, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(world, subject="Skrivaren skriver inte ut")
    assert len(smtp_server.messages) == 1
    rcpt, message = smtp_server.messages[0]
    assert rcpt == [world.requester_a1.email]
    assert message["Subject"] == f"[{ticket.number}] Vi har tagit emot ditt ärende: Skrivaren skriver inte ut"
    assert message["X-Samdrift-Ticket"] == ticket.number
    assert f"/servicedesk/tickets/{ticket.pk}/" in message.get_content()

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_assign(
            ticket,
            acting_user=world.lead_alpha,
            expected_version=None,
            unit=world.unit_alpha,
            assignee=world.agent_alpha,
        )
    assert smtp_server.messages[-1][0] == [world.agent_alpha.email]

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Intern", is_internal=True)
    assert len(smtp_server.messages) == 2, "internal notes send no mail"

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=None, status=Status.RESOLVED)
    rcpt, message = smtp_server.messages[-1]
    assert rcpt == [world.requester_a1.email] and "Ny status" in message["Subject"]


def test_no_mail_when_the_transaction_rolls_back(world, smtp_server, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        make_ticket(world, subject="")
    assert callbacks == [] and smtp_server.messages == []


def test_major_incident_mails_the_unit_lead(world, smtp_server, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket(world, acting="agent_alpha", unit=world.unit_alpha, major_incident=True, subject="Växeln är nere")
    to_lead = [m for rcpt, m in smtp_server.messages if rcpt == [world.lead_alpha.email]]
    assert to_lead and "STOPP I SYSTEMET" in to_lead[0]["Subject"]
