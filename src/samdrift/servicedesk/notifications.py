"""In-app notifications and e-mail.

E-mail is queued as django-post-office ``Email`` rows in the same transaction as the
change, so a ticket and its mail commit or roll back together, and no request waits for
the mail server. ``samdrift worker`` sends the queue every few seconds; mail the server
refuses is requeued and retried (``POST_OFFICE["MAX_RETRIES"]``, ``RETRY_INTERVAL``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from post_office.models import PRIORITY, STATUS, Email

from .models import Notification, Ticket

SUBJECTS = {
    "created": "[%(number)s] Vi har tagit emot ditt ärende: %(subject)s",
    "assigned": "[%(number)s] Tilldelat dig: %(subject)s",
    "reply": "[%(number)s] Nytt svar: %(subject)s",
    "status": "[%(number)s] Ny status: %(subject)s",
    "major_incident": "[%(number)s] STOPP I SYSTEMET: %(subject)s",
    "reopened": "[%(number)s] Återöppnat: %(subject)s",
    "sla_at_risk": "[%(number)s] SLA i fara: %(subject)s",
    "sla_breached": "[%(number)s] SLA bruten: %(subject)s",
}


def notify(users: Iterable[Any], ticket: Ticket, kind: str, text: str, *, email: bool = True) -> None:
    """Create in-app notifications and queue e-mail, both inside the caller's transaction."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    Notification.objects.bulk_create(
        [Notification(user=u, ticket=ticket, kind=kind, text=text[:300]) for u in recipients.values()]
    )
    addresses = sorted({u.email for u in recipients.values() if u.email})
    if email and addresses:
        queue_mail(addresses, ticket, kind, text)


def mail_headers(ticket: Ticket) -> dict[str, str]:
    """Headers of a ticket mail: its number, a Message-ID inbound mail recognises in a
    reply's In-Reply-To/References (``mailin.parsing.OWN_MESSAGE_ID``), and the mark of
    an automatic message, so that auto-responders do not answer it (RFC 3834)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "localhost"
    return {
        "X-Samdrift-Ticket": ticket.number,
        "Message-ID": f"<samdrift.{ticket.number}.{uuid.uuid4().hex}@{domain}>",
        "Auto-Submitted": "auto-generated",
    }


def queue_mail(addresses: list[str], ticket: Ticket, kind: str, text: str) -> list[Email]:
    """One message per recipient: requesters must not see each other's addresses."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = SUBJECTS[kind] % {"number": ticket.number, "subject": ticket.subject}
        link = f"{settings.SAMDRIFT_BASE_URL}{reverse('servicedesk:ticket_detail', args=[ticket.pk])}"
        body = "\n\n".join([text, _("Open the ticket: %(link)s") % {"link": link}, "— Samdrift"])
    return Email.objects.bulk_create(
        [
            Email(
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                subject=subject[:989],
                message=body,
                headers=mail_headers(ticket),
                priority=PRIORITY.medium,
                status=STATUS.queued,
            )
            for address in addresses
        ]
    )
