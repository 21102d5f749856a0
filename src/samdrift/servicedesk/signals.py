"""Signals the service desk sends, so apps built on it can follow what happens without the
service desk depending on them (data flows servicedesk ← finance ← agreements ← followup).

* ``tickets_changed``: changes made through the actions save the ticket, comment or time
  entry, and Django's own ``post_save`` / ``post_delete`` tell receivers;
  ``tickets_changed`` covers the bulk paths that bypass them (an import of history). It is
  sent inside the transaction with ``ticket_ids``; what receivers store is committed with
  the change, or not at all. Follow-up keeps its statistics with it.
* ``service_ordered`` is sent inside the transaction of a portal order
  (``do_order_service``), with ``ticket``, ``service`` and ``acting_user``. The agreements
  app proposes a subscription change to the member's orderer.
"""

from django.dispatch import Signal

tickets_changed = Signal()
service_ordered = Signal()
