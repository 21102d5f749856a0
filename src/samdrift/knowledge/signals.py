"""Receivers: a ticket registered by a requester who had just opened a suggested article
means the suggestion did not deflect it (``SuggestionOpen.ticket``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from samdrift.servicedesk.models import Ticket

from . import actions
from .queries import DEFLECTION_WINDOW


@receiver(post_save, sender=Ticket, dispatch_uid="knowledge.ticket_after_suggestion")
def ticket_created(sender: Any, instance: Ticket, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or not instance.requester_id:
        return
    since = timezone.now() - DEFLECTION_WINDOW
    actions.do_note_ticket_after_suggestion(acting_user=None, ticket=instance, since=since)
