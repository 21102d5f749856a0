"""A real IMAP server for the inbound-mail tests: Dovecot on loopback with TLS."""

from __future__ import annotations

import imaplib
import ssl

import pytest

from samdrift.testing.dovecot import Dovecot, dovecot_available, start_dovecot


class Imap:
    """The test's side of the server: put messages in, look at their flags."""

    def __init__(self, server: Dovecot) -> None:
        self.server = server

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.server.ca_file))
        client = imaplib.IMAP4_SSL(self.server.host, self.server.port, ssl_context=context, timeout=60)
        client.login(self.server.username, self.server.password)
        return client

    def append(self, *messages: bytes) -> None:
        client = self.client()
        try:
            for raw in messages:
                status, data = client.append("INBOX", None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def clear(self) -> None:
        client = self.client()
        try:
            _status, data = client.select("INBOX")
            if int(data[0] or 0):
                client.store("1:*", "+FLAGS", "(\\Deleted)")
                client.expunge()
        finally:
            client.logout()

    def unseen(self) -> int:
        client = self.client()
        try:
            client.select("INBOX", readonly=True)
            return len(client.uid("SEARCH", "UNSEEN")[1][0].split())
        finally:
            client.logout()


@pytest.fixture(scope="session")
def _dovecot():
    if not dovecot_available():
        pytest.fail("Dovecot is missing: run scripts/ensure-system-packages (dovecot-imapd)")
    server = start_dovecot()
    yield server
    server.cleanup()


@pytest.fixture
def imap_server(_dovecot, settings):
    """An empty INBOX on the local Dovecot; Samdrift trusts its self-signed certificate."""
    settings.SAMDRIFT_MAILIN_CA_FILE = str(_dovecot.ca_file)
    imap = Imap(_dovecot)
    imap.clear()
    return imap


@pytest.fixture
def mailbox(world, imap_server):
    from samdrift.mailin import actions

    return actions.do_create_mailbox(
        acting_user=world.admin_alpha,
        collaboration=world.alpha,
        name="Servicedesk",
        address="servicedesk@alpha.example",
        unit=world.unit_alpha,
        host=imap_server.server.host,
        port=imap_server.server.port,
        username=imap_server.server.username,
        password=imap_server.server.password,
    )
