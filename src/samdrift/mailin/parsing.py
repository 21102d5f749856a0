"""Reading a received message: who sent it, what it says, what it refers to, and whether
it is an automatic message that must never become a ticket.

Parsing is lenient: a malformed MIME structure, a missing or unknown charset or raw 8-bit
headers still give a sender, a subject and as much text as can be read (the defects are
noted), because a person wrote it and expects an answer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import parseaddr
from typing import Any

from django.utils.html import strip_tags

# Our own outgoing Message-IDs: <samdrift.{ticket number}.{random}@{host}>.
OWN_MESSAGE_ID = re.compile(r"<samdrift\.(?P<number>[A-Za-z0-9]{1,6}-\d{4}-\d{6})\.[0-9a-f]+@[^>]+>")
# A ticket number in the subject: "Re: [SD-2026-000123] …".
SUBJECT_NUMBER = re.compile(r"\[(?P<number>[A-Za-z0-9]{1,6}-\d{4}-\d{6})\]")
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}
DAEMON_LOCALPARTS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Parsed:
    """What Samdrift needs from one message."""

    message_id: str
    sender: str
    sender_name: str
    subject: str
    body: str
    references: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""  # why the message is an automatic one ("" for a person's mail)
    defects: list[str] = field(default_factory=list)

    def ticket_numbers(self) -> list[str]:
        """Ticket numbers this message refers to: our Message-IDs first, then the subject."""
        found = [m.group("number") for ref in self.references for m in OWN_MESSAGE_ID.finditer(ref)]
        found += [m.group("number") for m in SUBJECT_NUMBER.finditer(self.subject)]
        return list(dict.fromkeys(n.upper() for n in found))


def clean_text(value: Any) -> str:
    """Text without unpaired surrogates (raw 8-bit headers) or NUL characters."""
    text = str(value or "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace").replace("\ufffd", "?")
    return text.replace("\x00", "")


def _raw_header(message: Message, name: str) -> str | None:
    return next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the policy cannot parse: take its raw form
        value = _raw_header(message, name)
    if value is not None and "\ufffd" in str(value):
        # Raw 8-bit bytes in the header (not RFC 2047): decode them ourselves.
        value = _raw_header(message, name)
    return " ".join(clean_text(value).split())


def _decode_part(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = clean_text(part.get_payload()).encode()
    charset = part.get_content_charset() or "utf-8"
    # Mail programs that say Latin-1 (or ASCII) mostly send Windows-1252 (– ” €), as
    # browsers assume too (WHATWG Encoding).
    if charset.lower() in LATIN1_LABELS:
        charset = "cp1252"
    for candidate in (charset, "utf-8", "cp1252", "latin-1"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", "replace")  # pragma: no cover - cp1252 decodes nearly all bytes


def _body(message: EmailMessage) -> str:
    part: Message | None
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        # No text part found (or a broken structure): the first text/* leaf, else the raw payload.
        part = next((p for p in message.walk() if p.get_content_maintype() == "text"), None)
    if part is None:
        payload = message.get_payload()
        return clean_text(payload) if isinstance(payload, str) else ""
    text = _decode_part(part)
    if part.get_content_subtype() == "html":
        text = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text))
    text = text.replace("\r\n", "\n").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    try:
        parts = list(message.iter_attachments()) if message.is_multipart() else []
    except Exception:
        parts = []
    for part in parts:
        if part.is_multipart():
            continue
        name = clean_text(part.get_filename() or "")
        if not name:
            if part.get_content_type() == "message/rfc822":
                name = "bifogat-meddelande.eml"
            else:
                continue
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):
            continue
        found.append(Attachment(name.replace("/", "_").replace("\\", "_"), part.get_content_type(), content))
    return found


def automatic_reason(message: Message, sender: str) -> str:
    """Why ``message`` is an automatic one (RFC 3834 and common practice), or ""."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    return_path = _header(message, "Return-Path")
    if "Return-Path" in message and return_path.strip() in ("", "<>"):
        return "Return-Path: <>"
    precedence = _header(message, "Precedence").lower()
    if precedence in AUTOMATIC_PRECEDENCE:
        return f"Precedence: {precedence}"
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return "X-Autoreply"
    if _header(message, "X-Samdrift-Ticket"):
        return "X-Samdrift-Ticket (our own notification)"
    if message.get_content_type() == "multipart/report":
        return "multipart/report (delivery status)"
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "mailing list"
    if not sender:
        return "no sender"
    if sender.split("@", 1)[0].lower() in DAEMON_LOCALPARTS:
        return f"sender {sender}"
    return ""


def parse(raw: bytes) -> Parsed:
    message = message_from_bytes(raw, policy=policy.default, _class=EmailMessage)
    defects = [type(d).__name__ for d in message.defects]
    name, address = parseaddr(_header(message, "Reply-To") or _header(message, "From"))
    from_name, from_address = parseaddr(_header(message, "From"))
    sender = (from_address or address).strip().lower()
    if "@" not in sender:
        sender = ""
    message_id = _header(message, "Message-ID")[:255]
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    raw_refs = _header(message, "In-Reply-To") + " " + _header(message, "References")
    references = re.findall(r"<[^<>\s]+>", raw_refs)
    try:
        body = _body(message)
    except Exception as exc:  # nothing readable: keep what there is
        defects.append(type(exc).__name__)
        body = raw.decode("utf-8", "replace")[:100_000]
    return Parsed(
        message_id=message_id,
        sender=sender,
        sender_name=clean_text(from_name or name),
        subject=_header(message, "Subject"),
        body=body,
        references=list(dict.fromkeys(references)),
        attachments=_attachments(message),
        automatic=automatic_reason(message, sender),
        defects=defects,
    )
