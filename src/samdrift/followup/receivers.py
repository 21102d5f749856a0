"""Marks tickets whose statistics must be counted again, in the transaction that changed
them (``StatDirty``; ``followup.stats.refresh`` drains the marks). The service desk does
not know about follow-up: these receivers listen to Django's model signals and to
``servicedesk.signals.tickets_changed``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from samdrift.servicedesk.models import Comment, Ticket, TimeEntry
from samdrift.servicedesk.signals import tickets_changed

from . import stats


@receiver(post_save, sender=Ticket, dispatch_uid="followup_ticket_saved")
def ticket_saved(sender: Any, instance: Ticket, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        stats.mark([instance.pk])


@receiver(post_save, sender=Comment, dispatch_uid="followup_comment_saved")
@receiver(post_save, sender=TimeEntry, dispatch_uid="followup_time_saved")
@receiver(post_delete, sender=TimeEntry, dispatch_uid="followup_time_deleted")
def part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        stats.mark([instance.ticket_id])


@receiver(tickets_changed, dispatch_uid="followup_tickets_changed")
def tickets_bulk_changed(sender: Any, ticket_ids: list[int], **kwargs: Any) -> None:
    stats.mark(ticket_ids)
