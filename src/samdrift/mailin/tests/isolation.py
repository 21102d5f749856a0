from samdrift.mailin.models import InboundMessage, Mailbox, MailDomain
from samdrift.testing.isolation import IsolationCase


def mailbox(world):
    from samdrift.mailin import actions

    return actions.do_create_mailbox(
        acting_user=None,
        collaboration=world.alpha,
        name="Servicedesk",
        address="servicedesk@alpha.example",
        host="127.0.0.1",
        username="desk",
        password="secret",
    )


def mail_domain(world):
    from samdrift.mailin import actions

    return actions.do_create_mail_domain(acting_user=None, member=world.member_a, domain="herrljunga.example")


def message(world):
    from samdrift.mailin import actions

    raw = b"From: Requester <requester_a1@example.org>\r\nSubject: Skrivaren\r\nMessage-ID: <iso@x>\r\n\r\nTrasig.\r\n"
    return actions.do_receive(mailbox(world), raw)


ISOLATION_CASES = [
    IsolationCase(
        Mailbox,
        mailbox,
        insider="admin_alpha",
        # A member's administrator (admin_b) reads the collaboration's mailboxes, never edits them.
        outsiders=("admin_beta", "agent_alpha", "requester_a1", "orderer_a"),
        name="mailin.mailbox",
        api=False,
    ),
    IsolationCase(
        MailDomain,
        mail_domain,
        insider="admin_alpha",
        outsiders=("admin_beta", "admin_b", "requester_a1"),
        name="mailin.maildomain",
        api=False,
    ),
    IsolationCase(
        InboundMessage,
        message,
        insider="agent_alpha",
        outsiders=("agent_beta", "admin_beta", "requester_a1", "requester_c1"),
        name="mailin.inboundmessage",
        api=False,
    ),
]
