"""The agreements app's background task (Django's task framework; ``samdrift.core.background``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from post_office import mail

from samdrift.core.background import exclusive

from . import actions
from .models import SupplierContract

# How long before the notice date the contract owner is reminded.
REMIND_DAYS = 90


def contracts_to_remind(today: datetime.date) -> list[SupplierContract]:
    return list(
        SupplierContract.objects.filter(
            notice_date__isnull=False,
            notice_date__gte=today,
            notice_date__lte=today + datetime.timedelta(days=REMIND_DAYS),
            reminded_on__isnull=True,
            owner__isnull=False,
        )
        .exclude(owner__email="")
        .select_related("supplier", "owner")
        .order_by("notice_date", "pk")
    )


def send_contract_reminders() -> int:
    """E-mail each contract owner once, ``REMIND_DAYS`` before the contract's last day to give
    notice; the mail goes through the outbox (django-post-office) with the record of it."""
    today = timezone.localdate()
    sent = 0
    for contract in contracts_to_remind(today):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            subject = _("Notice date %(date)s: %(contract)s") % {
                "date": contract.notice_date.isoformat() if contract.notice_date else "",
                "contract": contract,
            }
            body = _(
                "The contract %(contract)s ends on %(end)s. The last day to give notice is %(date)s. "
                "Extension options: %(options)s.\n\n%(url)s"
            ) % {
                "contract": contract,
                "end": contract.ends.isoformat(),
                "date": contract.notice_date.isoformat() if contract.notice_date else "",
                "options": contract.extension_options or "–",
                "url": settings.SAMDRIFT_BASE_URL + contract.get_absolute_url(),
            }
            owner: Any = contract.owner
            mail.send([owner.email], settings.DEFAULT_FROM_EMAIL, subject=subject, message=body)
            actions.do_mark_reminded(contract, day=today)
        sent += 1
    return sent


@task()
def notify_contract_notices() -> int:
    """Remind contract owners before their notice dates (hourly). One run at a time (a
    lease), so two workers never both mail the same owner."""
    with exclusive("agreements.notify_contract_notices") as mine:
        return send_contract_reminders() if mine else 0
