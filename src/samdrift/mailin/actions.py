"""The only way mailboxes, mail domains and received messages change.

:func:`do_receive` turns one raw message into a ticket or a comment through the service
desk's own actions, and writes the :class:`~.models.InboundMessage` row in the same
transaction: the row exists exactly when the ticket (or comment) was committed.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from post_office.models import PRIORITY, STATUS, Email

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.accounts.models import User
from samdrift.core import audit, secrets
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion
from samdrift.servicedesk import actions as desk
from samdrift.servicedesk.attachments import validate_upload
from samdrift.servicedesk.choices import Status
from samdrift.servicedesk.models import Ticket

from .choices import Outcome, UnknownSenders
from .models import InboundMessage, Mailbox, MailDomain
from .parsing import Parsed, parse

logger = logging.getLogger(__name__)

# A message whose handling raised is tried this many times, then kept as failed.
MAX_ATTEMPTS = 3
# At most one automatic rejection per sender in this time: two auto-responders cannot loop.
REJECT_REPLY_INTERVAL = datetime.timedelta(hours=24)


# ---------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------


def do_create_mailbox(*, acting_user: User | None, password: str = "", **fields: Any) -> Mailbox:
    return create_object(Mailbox, acting_user=acting_user, password_encrypted=secrets.encrypt(password), **fields)


def do_update_mailbox(
    mailbox: Mailbox, *, acting_user: User | None, expected_version: ExpectedVersion, password: str = "", **changes: Any
) -> Mailbox:
    """Change a mailbox; an empty ``password`` keeps the stored one. A new password is
    audited as changed, never with its value (not even encrypted)."""
    with transaction.atomic():
        updated = update_object(mailbox, acting_user=acting_user, expected_version=expected_version, **changes)
        if password:
            Mailbox.objects.filter(pk=updated.pk).update(
                password_encrypted=secrets.encrypt(password), version=F("version") + 1
            )
            audit.record(
                "update", updated, acting_user=acting_user, before={"password": "***"}, after={"password": "changed"}
            )
            updated.refresh_from_db()
    return updated


def do_delete_mailbox(mailbox: Mailbox, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(mailbox, acting_user=acting_user, expected_version=expected_version)


def do_create_mail_domain(*, acting_user: User | None, **fields: Any) -> MailDomain:
    return create_object(MailDomain, acting_user=acting_user, **fields)


def do_update_mail_domain(
    domain: MailDomain, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> MailDomain:
    return update_object(domain, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_mail_domain(domain: MailDomain, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(domain, acting_user=acting_user, expected_version=expected_version)


def do_record_fetch(mailbox: Mailbox, *, error: str = "", now: datetime.datetime | None = None) -> None:
    """Bookkeeping after a fetch (no audit row: not a change anyone made)."""
    Mailbox.objects.filter(pk=mailbox.pk).update(last_fetch_at=now or timezone.now(), last_error=error[:2000])


def do_rotate_mailbox_secrets() -> int:
    """Re-encrypt every stored mailbox password with the newest key; the count changed."""
    changed = 0
    for mailbox in Mailbox.objects.exclude(password_encrypted=""):
        if secrets.needs_rotation(mailbox.password_encrypted):
            Mailbox.objects.filter(pk=mailbox.pk).update(password_encrypted=secrets.rotate(mailbox.password_encrypted))
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------
# Receiving
# ---------------------------------------------------------------------------------------


def is_final(record: InboundMessage | None) -> bool:
    """Whether the message is handled for good (the fetcher may mark it read)."""
    return record is not None and (record.outcome != Outcome.FAILED or record.attempts >= MAX_ATTEMPTS)


def do_receive(mailbox: Mailbox, raw: bytes, *, now: datetime.datetime | None = None) -> InboundMessage:
    """Handle one raw message from ``mailbox``, once: a ticket, a comment, or a recorded
    refusal. A message already handled returns its record and changes nothing.

    An error while handling it rolls everything back and is recorded as a failed attempt;
    it is tried again on the next fetch, up to ``MAX_ATTEMPTS`` times.
    """
    now = now or timezone.now()
    parsed = parse(raw)
    existing = InboundMessage.objects.filter(mailbox=mailbox, message_id=parsed.message_id).first()
    if existing is not None and is_final(existing):
        return existing
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            outcome, detail, ticket, replied = _handle(mailbox, parsed, now)
            values = {
                "sender": parsed.sender[:254],
                "subject": parsed.subject[:255],
                "received_at": now,
                "outcome": outcome,
                "detail": detail,
                "ticket": ticket,
                "size": len(raw),
                "auto_replied": replied,
            }
            if existing is None:
                return InboundMessage.objects.create(mailbox=mailbox, message_id=parsed.message_id, **values)
            InboundMessage.objects.filter(pk=existing.pk).update(attempts=existing.attempts + 1, **values)
            return InboundMessage.objects.get(pk=existing.pk)
    except IntegrityError:
        # Another fetch of the same mailbox recorded it first (the unique Message-ID).
        found = InboundMessage.objects.filter(mailbox=mailbox, message_id=parsed.message_id).first()
        if found is not None:
            return found
        raise
    except Exception as exc:
        logger.warning("Inbound message %s in mailbox %s failed: %s", parsed.message_id, mailbox.pk, exc)
        return _record_failure(mailbox, parsed, existing, exc, len(raw), now)


def _record_failure(
    mailbox: Mailbox, parsed: Parsed, existing: InboundMessage | None, exc: Exception, size: int, now: datetime.datetime
) -> InboundMessage:
    detail = f"{type(exc).__name__}: {exc}"[:2000]
    if existing is None:
        return InboundMessage.objects.create(
            mailbox=mailbox,
            message_id=parsed.message_id,
            sender=parsed.sender[:254],
            subject=parsed.subject[:255],
            received_at=now,
            outcome=Outcome.FAILED,
            detail=detail,
            size=size,
        )
    InboundMessage.objects.filter(pk=existing.pk).update(attempts=existing.attempts + 1, detail=detail)
    return InboundMessage.objects.get(pk=existing.pk)


def _own_addresses(mailbox: Mailbox) -> set[str]:
    others = Mailbox.objects.values_list("address", flat=True)
    return {a.lower() for a in [mailbox.address, settings.DEFAULT_FROM_EMAIL, *others] if a}


def _handle(mailbox: Mailbox, parsed: Parsed, now: datetime.datetime) -> tuple[str, str, Ticket | None, bool]:
    """(outcome, detail, ticket, auto-replied) for one message, inside the transaction."""
    if parsed.automatic:
        return Outcome.IGNORED, parsed.automatic, None, False
    if parsed.sender in _own_addresses(mailbox):
        return Outcome.IGNORED, _("Sent from one of Samdrift's own addresses."), None, False
    user = _sender_user(mailbox, parsed)
    if user is None:
        replied = _reject(mailbox, parsed, now)
        return Outcome.REJECTED, _("No user has the address %(address)s.") % {"address": parsed.sender}, None, replied
    if user.member_id is None and user.collaboration_id != mailbox.collaboration_id:
        replied = _reject(mailbox, parsed, now)
        return Outcome.REJECTED, _("%(user)s does not belong to this collaboration.") % {"user": user}, None, replied
    uploads, refused = _uploads(mailbox, parsed)
    body = parsed.body.strip()
    if refused:
        body += "\n\n" + _("Attachments that were not accepted:") + "\n" + "\n".join(f"- {r}" for r in refused)
    ticket = _referenced_ticket(mailbox, parsed, user)
    if ticket is not None:
        comment_body = body or _("(The reply was empty.)")
        desk.do_add_comment(ticket, acting_user=user, body=comment_body, attachments=uploads)
        return Outcome.COMMENT, "", ticket, False
    if user.member_id is None:
        replied = _reject(mailbox, parsed, now)
        return Outcome.REJECTED, _("%(user)s belongs to no member municipality.") % {"user": user}, None, replied
    subject = parsed.subject.strip() or _("(no subject)")
    ticket = desk.do_create_ticket(
        acting_user=user,
        requester=user,
        subject=subject[:200],
        description=body or _("(The message was empty.)"),
        attachments=uploads,
        unit=mailbox.unit,
    )
    detail = _("Parsed with defects: %(defects)s") % {"defects": ", ".join(parsed.defects)} if parsed.defects else ""
    return Outcome.TICKET, detail, ticket, False


def _sender_user(mailbox: Mailbox, parsed: Parsed) -> User | None:
    if not parsed.sender:
        return None
    candidates = User.objects.filter(email__iexact=parsed.sender, is_active=True)
    # Prefer someone of this collaboration; then a member's person over staff; then the oldest.
    user = (
        candidates.filter(collaboration=mailbox.collaboration).order_by(F("member").asc(nulls_last=True), "pk").first()
        or candidates.order_by("pk").first()
    )
    if user is not None or mailbox.unknown_senders != UnknownSenders.CREATE:
        return user
    domain = parsed.sender.rsplit("@", 1)[-1]
    match = (
        MailDomain.objects.filter(domain=domain, member__collaboration=mailbox.collaboration)
        .select_related("member")
        .first()
    )
    if match is None:
        return None
    return _create_requester(parsed, match)


def _create_requester(parsed: Parsed, match: MailDomain) -> User:
    username = parsed.sender[:150]
    if User.objects.filter(username=username).exists():
        username = f"{parsed.sender[:140]}.{uuid.uuid4().hex[:8]}"
    first, _sep, last = parsed.sender_name.partition(" ")
    user = account_actions.do_create_user(
        acting_user=None,
        username=username,
        email=parsed.sender,
        first_name=first[:150],
        last_name=last[:150],
        member=match.member,
    )
    account_actions.do_grant_role(
        acting_user=None,
        user=user,
        role=Role.REQUESTER,
        collaboration=match.member.collaboration,
        member=match.member,
    )
    return user


def _referenced_ticket(mailbox: Mailbox, parsed: Parsed, user: User) -> Ticket | None:
    """The open ticket the message replies to, if the sender may read it."""
    for number in parsed.ticket_numbers():
        ticket = Ticket.objects.visible_to(user).filter(collaboration=mailbox.collaboration, number=number).first()
        if ticket is not None and ticket.status != Status.CLOSED:
            return ticket
    return None


def _uploads(mailbox: Mailbox, parsed: Parsed) -> tuple[list[SimpleUploadedFile], list[str]]:
    """The attachments the desk accepts (its size and type rules), and why others were not."""
    rules = desk.desk_settings(mailbox.collaboration_id)
    accepted, refused = [], []
    for attachment in parsed.attachments:
        upload = SimpleUploadedFile(attachment.filename[:200], attachment.content, attachment.content_type[:100])
        try:
            validate_upload(upload, rules)
        except ValidationError as exc:
            refused.append(f"{attachment.filename}: {' '.join(exc.messages)}")
            continue
        accepted.append(upload)
    return accepted, refused


def _reject(mailbox: Mailbox, parsed: Parsed, now: datetime.datetime) -> bool:
    """Queue the automatic "we cannot register this" reply, at most once a day per sender."""
    if not parsed.sender:
        return False
    recent = InboundMessage.objects.filter(
        sender=parsed.sender, auto_replied=True, received_at__gte=now - REJECT_REPLY_INTERVAL
    )
    if recent.exists():
        return False
    subject = _("Your message was not registered: %(subject)s") % {"subject": parsed.subject or _("(no subject)")}
    body = "\n\n".join(
        [
            _(
                "Your address is not known to the service desk, so your message was not registered "
                "as a ticket. Please sign in to Samdrift and register it there: %(link)s"
            )
            % {"link": settings.SAMDRIFT_BASE_URL + "/"},
            _("This is an automatic reply. Replies to it are not read."),
            "— Samdrift",
        ]
    )
    domain = mailbox.address.rsplit("@", 1)[-1]
    headers = {
        "Auto-Submitted": "auto-replied",
        "Message-ID": f"<samdrift.reject.{uuid.uuid4().hex}@{domain}>",
        "X-Auto-Response-Suppress": "All",
    }
    if parsed.message_id.startswith("<"):
        headers |= {"In-Reply-To": parsed.message_id, "References": parsed.message_id}
    Email.objects.create(
        from_email=mailbox.address,
        to=[parsed.sender],
        subject=subject[:989],
        message=body,
        headers=headers,
        priority=PRIORITY.medium,
        status=STATUS.queued,
    )
    return True
