"""Inbound mail against a real IMAP server (Dovecot on loopback, TLS) and the local SMTP server."""

from __future__ import annotations

import datetime
from email import message_from_bytes, policy

import pytest
from post_office.models import Email

from samdrift.core.outbox import send_queued_mail
from samdrift.mailin import actions, fetch
from samdrift.mailin.choices import Outcome, UnknownSenders
from samdrift.mailin.models import InboundMessage, Mailbox
from samdrift.servicedesk import actions as desk
from samdrift.servicedesk.models import Attachment, Comment, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def mail(
    sender: str = "requester_a1@example.org",
    subject: str = "Skrivaren på plan två",
    body: str = "Den skriver inte ut.",
    message_id: str = "<m1@example.org>",
    headers: str = "",
) -> bytes:
    text = (
        f"From: Anna Andersson <{sender}>\r\nTo: servicedesk@alpha.example\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nDate: Tue, 01 Dec 2026 10:00:00 +0100\r\n{headers}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"{body}\r\n"
    )
    return text.encode()


def test_a_new_message_becomes_a_ticket_once(world, mailbox, imap_server) -> None:
    imap_server.append(mail())
    result = fetch.fetch_mailbox(mailbox)
    assert (result.seen, result.tickets) == (1, 1)
    ticket = Ticket.objects.get()
    assert ticket.requester == world.requester_a1 and ticket.created_by == world.requester_a1
    assert ticket.subject == "Skrivaren på plan två" and "skriver inte ut" in ticket.description
    assert ticket.unit == world.unit_alpha and ticket.member == world.member_a
    assert imap_server.unseen() == 0, "handled messages are marked read"
    record = InboundMessage.objects.get()
    assert (record.outcome, record.ticket, record.message_id) == (Outcome.TICKET, ticket, "<m1@example.org>")
    # The same message again (e.g. copied back into the folder) makes no second ticket.
    imap_server.append(mail())
    fetch.fetch_mailbox(mailbox)
    assert Ticket.objects.count() == 1 and InboundMessage.objects.count() == 1 and imap_server.unseen() == 0


def test_the_received_mail_list_shows_outcomes_by_label_and_has_no_add_button(
    world, mailbox, imap_server, client_for
) -> None:
    from django.urls import reverse

    imap_server.append(mail())
    fetch.fetch_mailbox(mailbox)
    page = client_for("agent_alpha").get(reverse("mailin:inboundmessage_list"))
    html = page.content.decode()
    assert page.status_code == 200 and "Skrivaren på plan två" in html
    assert "Nytt ärende" in html and ">ticket<" not in html, "the outcome's label, not its stored value"
    assert 'href="/mail/messages/add/"' not in html and "mailin/messages/add" not in html, (
        "only the fetch records messages"
    )


def test_replies_become_comments_by_subject_or_references(world, mailbox, imap_server, smtp_server) -> None:
    imap_server.append(mail())
    fetch.fetch_mailbox(mailbox)
    ticket = Ticket.objects.get()
    send_queued_mail()
    [(rcpt, sent)] = smtp_server.messages
    assert rcpt == ["requester_a1@example.org"] and sent["Auto-Submitted"] == "auto-generated"
    by_subject = mail(subject=f"Re: [{ticket.number}] Skrivaren", body="Nu igen.", message_id="<m2@example.org>")
    by_header = mail(
        subject="Re: något helt annat",
        body="Svar via In-Reply-To.",
        message_id="<m3@example.org>",
        headers=f"In-Reply-To: {sent['Message-ID']}\r\nReferences: <m1@example.org> {sent['Message-ID']}\r\n",
    )
    imap_server.append(by_subject, by_header)
    result = fetch.fetch_mailbox(mailbox)
    assert (result.comments, result.tickets) == (2, 0)
    bodies = list(Comment.objects.filter(ticket=ticket).order_by("pk").values_list("body", flat=True))
    assert bodies == ["Nu igen.", "Svar via In-Reply-To."]
    assert all(c.author == world.requester_a1 for c in Comment.objects.all())


def test_a_reply_from_someone_who_cannot_see_the_ticket_is_a_new_ticket(world, mailbox, imap_server) -> None:
    imap_server.append(mail())
    fetch.fetch_mailbox(mailbox)
    ticket = Ticket.objects.get()
    imap_server.append(mail(sender="requester_b1@example.org", subject=f"Re: [{ticket.number}]", message_id="<x@b>"))
    fetch.fetch_mailbox(mailbox)
    assert Comment.objects.count() == 0
    assert Ticket.objects.filter(requester=world.requester_b1).count() == 1


def test_unknown_senders_are_rejected_once_with_an_automatic_reply(world, mailbox, imap_server, smtp_server) -> None:
    stranger = "okand@elsewhere.example"
    imap_server.append(mail(sender=stranger, message_id="<s1@e>"))
    assert fetch.fetch_mailbox(mailbox).rejected == 1
    assert not Ticket.objects.exists()
    send_queued_mail()
    [(rcpt, reply)] = smtp_server.messages
    assert rcpt == [stranger] and reply["Auto-Submitted"] == "auto-replied"
    assert reply["In-Reply-To"] == "<s1@e>" and "Skrivaren" in reply["Subject"]
    # The stranger's auto-responder answers without any automatic marking: rejected, no new reply.
    loop = mail(sender=stranger, subject=f"Re: {reply['Subject']}", message_id="<s2@e>")
    imap_server.append(loop)
    assert fetch.fetch_mailbox(mailbox).rejected == 1
    send_queued_mail()
    assert len(smtp_server.messages) == 1, "one automatic reply per sender and day: no loop"


def test_unknown_senders_of_a_member_domain_become_requesters(world, mailbox, imap_server) -> None:
    mailbox = actions.do_update_mailbox(
        mailbox, acting_user=world.admin_alpha, expected_version=mailbox.version, unknown_senders=UnknownSenders.CREATE
    )
    actions.do_create_mail_domain(acting_user=world.admin_alpha, member=world.member_b, domain="Vargarda.example")
    imap_server.append(mail(sender="Ny.Person@vargarda.example", message_id="<n1@v>"))
    imap_server.append(mail(sender="someone@unknown.example", message_id="<n2@u>"))
    result = fetch.fetch_mailbox(mailbox)
    assert (result.tickets, result.rejected) == (1, 1)
    ticket = Ticket.objects.get()
    assert ticket.requester.email == "ny.person@vargarda.example" and ticket.member == world.member_b
    assert ticket.requester.role_assignments.get().member == world.member_b
    assert not ticket.requester.has_usable_password()


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied\r\n",
        "Auto-Submitted: auto-generated\r\n",
        "Return-Path: <>\r\n",
        "Precedence: bulk\r\n",
        "Precedence: auto_reply\r\n",
        "X-Samdrift-Ticket: SD-2026-000001\r\n",
    ],
)
def test_automatic_mail_and_bounces_never_make_tickets_or_mail(world, mailbox, imap_server, header) -> None:
    imap_server.append(mail(headers=header, subject="Frånvaro: Skrivaren"))
    imap_server.append(mail(sender="mailer-daemon@example.org", message_id="<b@x>", subject="Undelivered"))
    result = fetch.fetch_mailbox(mailbox)
    assert result.ignored == 2 and not Ticket.objects.exists() and not Email.objects.exists()
    assert imap_server.unseen() == 0


def test_mail_from_our_own_address_is_ignored(world, mailbox, imap_server) -> None:
    imap_server.append(mail(sender="servicedesk@alpha.example"))
    assert fetch.fetch_mailbox(mailbox).ignored == 1 and not Ticket.objects.exists()


def test_a_reply_loop_with_an_auto_responder_ends(world, mailbox, imap_server, smtp_server) -> None:
    """The requester's auto-responder answers every mail, with no automatic marking."""
    imap_server.append(mail())
    answered = 0
    for _round in range(5):  # the auto-responder answers every mail it has not answered yet
        fetch.fetch_mailbox(mailbox)
        send_queued_mail()
        to_requester = [m for rcpt, m in smtp_server.messages if rcpt == ["requester_a1@example.org"]]
        for sent in to_requester[answered:]:
            imap_server.append(
                mail(
                    subject=f"Re: {sent['Subject']}",
                    body="Jag är på semester.",
                    message_id=f"<ooo{answered}@example.org>",
                    headers=f"In-Reply-To: {sent['Message-ID']}\r\n",
                )
            )
            answered += 1
    assert answered == 1, "a requester's reply mails the desk, never the requester back: the loop ends"
    assert Ticket.objects.count() == 1 and Comment.objects.count() == 1
    assert InboundMessage.objects.filter(outcome=Outcome.COMMENT).count() == 1


def test_a_malformed_mime_message_still_becomes_a_ticket(world, mailbox, imap_server) -> None:
    raw = (
        b"From: requester_a1@example.org\r\nSubject: =?utf-8?q?Trasig_MIME_=E2=80=93_?= rest\r\n"
        b"Message-ID: <broken@example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
        b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTexten finns kvar.\r\n"
        b"--XYZ\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="trasig.bin"\r\n\r\n@@@not base64@@@\r\n'
    )  # no closing boundary, a broken base64 part
    imap_server.append(raw)
    assert fetch.fetch_mailbox(mailbox).tickets == 1
    ticket = Ticket.objects.get()
    assert ticket.subject.startswith("Trasig MIME – ") and "Texten finns kvar." in ticket.description
    assert "trasig.bin" in ticket.description, "the refused attachment is named on the ticket"
    assert imap_server.unseen() == 0


def test_a_non_utf8_message(world, mailbox, imap_server) -> None:
    raw = (
        "From: =?iso-8859-1?q?=C5sa_=D6berg?= <requester_a1@example.org>\r\n"
        "Subject: =?iso-8859-1?q?Skrivaren_p=E5_plan_tv=E5?=\r\nMessage-ID: <latin@example.org>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Hälsningar från Vårgårda – ”tack”\r\n"
    ).encode("cp1252")
    unknown_charset = (
        b"From: requester_a1@example.org\r\nSubject: R\xe4ksm\xf6rg\xe5s\r\nMessage-ID: <raw8@example.org>\r\n"
        b"Content-Type: text/plain; charset=x-unknown\r\n\r\nS\xe5 h\xe4r\r\n"
    )
    imap_server.append(raw, unknown_charset)
    assert fetch.fetch_mailbox(mailbox).tickets == 2
    first, second = Ticket.objects.order_by("pk")
    assert first.subject == "Skrivaren på plan två" and "Hälsningar från Vårgårda – ”tack”" in first.description
    assert second.subject == "Räksmörgås" and "Så här" in second.description


def _with_attachment(size: int, message_id: str) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "requester_a1@example.org"
    message["Subject"] = "Stor bilaga"
    message["Message-ID"] = message_id
    message.set_content("Se bifogad logg.")
    message.add_attachment(b"rad\n" * (size // 4), maintype="text", subtype="plain", filename="stor.log")
    return message.as_bytes(policy=policy.SMTP)


def test_a_20_mb_attachment_follows_the_desk_rules(world, mailbox, imap_server) -> None:
    size = 20 * 1024 * 1024
    imap_server.append(_with_attachment(size, "<big1@example.org>"))
    fetch.fetch_mailbox(mailbox)
    refused = Ticket.objects.get()
    assert not Attachment.objects.exists() and "stor.log" in refused.description and "10 MB" in refused.description
    desk.do_configure_desk(world.alpha, acting_user=world.admin_alpha, attachment_max_mb=25)
    imap_server.append(_with_attachment(size, "<big2@example.org>"))
    fetch.fetch_mailbox(mailbox)
    stored = Attachment.objects.get()
    assert stored.size == size and stored.filename == "stor.log" and stored.ticket != refused
    assert stored.file.size == size


class Crash(BaseException):
    """A worker killed mid-fetch (not an error the fetch handles)."""


def test_a_crash_after_the_commit_neither_loses_nor_duplicates(world, mailbox, imap_server, monkeypatch) -> None:
    imap_server.append(mail())

    def crash(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(fetch, "mark_seen", crash)
    with pytest.raises(Crash):
        fetch.fetch_mailbox(mailbox)
    assert Ticket.objects.count() == 1 and imap_server.unseen() == 1
    monkeypatch.undo()
    assert fetch.fetch_mailbox(mailbox).tickets == 1  # counted as handled: its record is found
    assert Ticket.objects.count() == 1 and imap_server.unseen() == 0


def test_a_crash_before_the_commit_loses_nothing(world, mailbox, imap_server, monkeypatch) -> None:
    imap_server.append(mail())
    original = desk.do_create_ticket

    def crash_after_create(**kwargs):
        original(**kwargs)
        raise Crash  # the ticket was written, the transaction never commits

    monkeypatch.setattr(desk, "do_create_ticket", crash_after_create)
    with pytest.raises(Crash):
        fetch.fetch_mailbox(mailbox)
    assert not Ticket.objects.exists() and not InboundMessage.objects.exists() and imap_server.unseen() == 1
    monkeypatch.undo()
    assert fetch.fetch_mailbox(mailbox).tickets == 1 and Ticket.objects.count() == 1


def test_an_error_is_retried_then_kept_as_failed(world, mailbox, imap_server, monkeypatch) -> None:
    imap_server.append(mail())

    def fail(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(desk, "do_create_ticket", fail)
    for attempt in range(1, actions.MAX_ATTEMPTS + 1):
        assert fetch.fetch_mailbox(mailbox).failed == 1
        record = InboundMessage.objects.get()
        assert record.attempts == attempt and "database hiccup" in record.detail
        assert imap_server.unseen() == (0 if attempt == actions.MAX_ATTEMPTS else 1)
    assert not Ticket.objects.exists()


def test_the_periodic_task_fetches_every_active_mailbox_once_at_a_time(world, mailbox, imap_server) -> None:
    from samdrift.core.background import exclusive
    from samdrift.mailin.tasks import fetch_mail

    imap_server.append(mail())
    with exclusive(f"mailin.fetch.{mailbox.pk}") as mine:
        assert mine
        assert fetch_mail.call() == 0, "another fetch of this mailbox holds the lease"
    assert fetch_mail.call() == 1 and Ticket.objects.count() == 1
    mailbox.refresh_from_db()
    assert mailbox.last_fetch_at is not None and mailbox.last_error == ""


def test_a_wrong_password_is_recorded_on_the_mailbox(world, mailbox, imap_server) -> None:
    actions.do_update_mailbox(mailbox, acting_user=world.admin_alpha, expected_version=mailbox.version, password="fel")
    assert fetch.fetch_all() == 0
    mailbox.refresh_from_db()
    assert "login refused" in mailbox.last_error


def test_the_servers_certificate_is_verified(world, mailbox, imap_server, settings) -> None:
    settings.SAMDRIFT_MAILIN_CA_FILE = ""  # the system's trust store does not know the test CA
    imap_server.append(mail())
    assert fetch.fetch_all() == 0
    mailbox.refresh_from_db()
    assert "CERTIFICATE_VERIFY_FAILED" in mailbox.last_error and not Ticket.objects.exists()


def test_old_rejections_allow_a_new_reply(world, mailbox) -> None:
    raw = mail(sender="x@elsewhere.example", message_id="<r1@e>")
    actions.do_receive(mailbox, raw, now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    second = actions.do_receive(mailbox, mail(sender="x@elsewhere.example", message_id="<r2@e>"))
    assert second.auto_replied and Email.objects.count() == 2
    assert Mailbox.objects.get().password_encrypted != "imap-test-secret"
    assert message_from_bytes(raw, policy=policy.default)["From"].addresses[0].username == "x"
