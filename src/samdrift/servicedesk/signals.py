"""Signals the service desk sends, so apps built on it can follow what happens without the
service desk depending on them (data flows servicedesk ← finance ← agreements).

``service_ordered`` is sent inside the transaction of a portal order
(``do_order_service``), with ``ticket``, ``service`` and ``acting_user``. What receivers
store is committed with the order, or not at all. The agreements app proposes a
subscription change to the member's orderer.
"""

from django.dispatch import Signal

service_ordered = Signal()
