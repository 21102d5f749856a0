"""``samdrift close_resolved_tickets``: close tickets whose reopen window has passed.

Run it daily from the host's scheduler (cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from samdrift.servicedesk import actions


class Command(BaseCommand):
    help = "Close resolved tickets older than their desk's reopen window."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = actions.do_close_resolved()
        self.stdout.write(f"Closed {closed} tickets.")
