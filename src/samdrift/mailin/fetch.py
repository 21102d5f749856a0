"""Reading mailboxes over IMAP with TLS (the standard library's ``imaplib``).

New messages are the folder's unseen ones. Each is read without marking it
(``BODY.PEEK[]``), handled by :func:`~.actions.do_receive` (which commits the ticket and
its :class:`~.models.InboundMessage` row together), and only then flagged ``\\Seen``. A
fetch that dies in between leaves the message unseen; the next fetch reads it again and
finds its row, so it flags it without making a second ticket.
"""

from __future__ import annotations

import imaplib
import logging
import ssl
from dataclasses import dataclass

from django.conf import settings

from samdrift.core import secrets
from samdrift.core.background import exclusive

from . import actions
from .choices import Outcome
from .models import Mailbox

logger = logging.getLogger(__name__)

# Messages handled per mailbox and run; the rest wait for the next run.
BATCH = 50


class MailboxError(Exception):
    """The IMAP server refused or failed (login, folder, fetch)."""


@dataclass
class FetchResult:
    seen: int = 0
    tickets: int = 0
    comments: int = 0
    ignored: int = 0
    rejected: int = 0
    failed: int = 0


def tls_context() -> ssl.SSLContext:
    """Certificate and host name verified, against ``SAMDRIFT_MAILIN_CA_FILE`` if set."""
    context = ssl.create_default_context(cafile=getattr(settings, "SAMDRIFT_MAILIN_CA_FILE", None) or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def connect(mailbox: Mailbox) -> imaplib.IMAP4_SSL:
    client = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=tls_context(), timeout=60)
    try:
        client.login(mailbox.username, secrets.decrypt(mailbox.password_encrypted))
    except imaplib.IMAP4.error as exc:
        client.shutdown()
        raise MailboxError(f"login refused: {exc}") from exc
    return client


def _check(answer: tuple[str, list], what: str) -> list:
    status, data = answer
    if status != "OK":
        raise MailboxError(f"{what}: {status} {data!r}")
    return data


def _raw_message(data: list) -> bytes:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise MailboxError("the server sent no message body")


def mark_seen(client: imaplib.IMAP4_SSL, uid: str) -> None:
    _check(client.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "store")


def fetch_mailbox(mailbox: Mailbox, *, batch: int = BATCH) -> FetchResult:
    """Handle up to ``batch`` unseen messages of ``mailbox``; raises ``MailboxError`` (or
    ``OSError``) when the server cannot be used."""
    result = FetchResult()
    client = connect(mailbox)
    try:
        folder = mailbox.folder or "INBOX"
        _check(client.select('"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'), "select")
        uids = [u.decode() for u in _check(client.uid("SEARCH", "UNSEEN"), "search")[0].split()[:batch]]
        for uid in uids:
            raw = _raw_message(_check(client.uid("FETCH", uid, "(BODY.PEEK[])"), "fetch"))
            record = actions.do_receive(mailbox, raw)
            result.seen += 1
            counter = {
                Outcome.TICKET: "tickets",
                Outcome.COMMENT: "comments",
                Outcome.IGNORED: "ignored",
                Outcome.REJECTED: "rejected",
                Outcome.FAILED: "failed",
            }[Outcome(record.outcome)]
            setattr(result, counter, getattr(result, counter) + 1)
            if actions.is_final(record):
                mark_seen(client, uid)
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.debug("IMAP logout failed", exc_info=True)
    return result


def fetch_all() -> int:
    """Fetch every active mailbox, one fetch per mailbox at a time (a lease); the number of
    messages handled. A failing mailbox is recorded on it and does not stop the others."""
    handled = 0
    for mailbox in Mailbox.objects.filter(is_active=True).order_by("pk"):
        with exclusive(f"mailin.fetch.{mailbox.pk}", ttl=900) as mine:
            if not mine:
                continue
            try:
                handled += fetch_mailbox(mailbox).seen
            except (MailboxError, OSError, imaplib.IMAP4.error, secrets.InvalidToken) as exc:
                logger.warning("Fetching mailbox %s failed: %s", mailbox.pk, exc)
                actions.do_record_fetch(mailbox, error=f"{type(exc).__name__}: {exc}")
            else:
                actions.do_record_fetch(mailbox)
    return handled
