"""Signals the catalogue sends, so apps that read it can follow changes without the
catalogue depending on them (data flows catalog ← servicedesk).

``calendar_changed`` is sent inside the transaction of any change that moves a
calendar's open time (hours, closures) or an SLA's targets or calendar, with
``calendar_id`` and ``acting_user``. Receivers run in that transaction: what they store is
committed with the change, or not at all. The service desk queues an SLA recompute.
"""

from django.dispatch import Signal

calendar_changed = Signal()
