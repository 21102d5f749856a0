"""In-app notifications and e-mail, sent after the action's transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification, Ticket

SUBJECTS = {
    "created": "[%(number)s] Vi har tagit emot ditt ärende: %(subject)s",
    "assigned": "[%(number)s] Tilldelat dig: %(subject)s",
    "reply": "[%(number)s] Nytt svar: %(subject)s",
    "status": "[%(number)s] Ny status: %(subject)s",
    "major_incident": "[%(number)s] STOPP I SYSTEMET: %(subject)s",
    "reopened": "[%(number)s] Återöppnat: %(subject)s",
}


def notify(users: Iterable[Any], ticket: Ticket, kind: str, text: str, *, email: bool = True) -> None:
    """Create in-app notifications now; send e-mail once the transaction has committed."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    Notification.objects.bulk_create(
        [Notification(user=u, ticket=ticket, kind=kind, text=text[:300]) for u in recipients.values()]
    )
    addresses = sorted({u.email for u in recipients.values() if u.email})
    if email and addresses:
        transaction.on_commit(lambda: _send(addresses, ticket.pk, kind, text))


def _send(addresses: list[str], ticket_id: int, kind: str, text: str) -> None:
    ticket = Ticket.objects.get(pk=ticket_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = SUBJECTS[kind] % {"number": ticket.number, "subject": ticket.subject}
        link = f"{settings.SAMDRIFT_BASE_URL}{reverse('servicedesk:ticket_detail', args=[ticket.pk])}"
        body = "\n\n".join([text, _("Open the ticket: %(link)s") % {"link": link}, "— Samdrift"])
    # One message per recipient: requesters must not see each other's addresses.
    for address in addresses:
        EmailMessage(subject=subject, body=body, to=[address], headers={"X-Samdrift-Ticket": ticket.number}).send()
