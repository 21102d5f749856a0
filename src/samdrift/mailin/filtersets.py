from __future__ import annotations

import django_filters as filters

from samdrift.core.filtersets import ScopedFilterSet

from .choices import Outcome
from .models import InboundMessage, Mailbox, MailDomain


class MailboxFilterSet(ScopedFilterSet):
    class Meta:
        model = Mailbox
        fields = ["is_active"]


class MailDomainFilterSet(ScopedFilterSet):
    class Meta:
        model = MailDomain
        fields = ["member"]


class InboundMessageFilterSet(ScopedFilterSet):
    outcome = filters.ChoiceFilter(choices=Outcome.choices)

    class Meta:
        model = InboundMessage
        fields = ["mailbox", "outcome"]
