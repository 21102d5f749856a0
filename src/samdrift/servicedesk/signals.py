"""Signals the service desk sends, so apps that read tickets can follow changes without
the service desk depending on them (data flows servicedesk ← followup).

Changes made through the actions save the ticket, comment or time entry, and Django's own
``post_save`` / ``post_delete`` tell receivers. ``tickets_changed`` covers the bulk paths
that bypass them (an import of history): it is sent inside the transaction with
``ticket_ids``; what receivers store is committed with the change, or not at all.
"""

from django.dispatch import Signal

tickets_changed = Signal()
