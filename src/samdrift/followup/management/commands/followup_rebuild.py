"""``samdrift followup_rebuild``: count every ticket into the statistics rollup again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from samdrift.followup import actions


class Command(BaseCommand):
    help = "Rebuild the service-desk statistics rollup from the tickets."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counted = actions.do_rebuild_statistics()
        self.stdout.write(f"{counted} tickets counted in {time.monotonic() - started:.1f} s.\n")
