"""``samdrift worker``: run the periodic background jobs (mail, closing tickets, ...).

Run one worker per installation, e.g. as a systemd service. ``--once`` runs every job
once and exits, for hosts that prefer cron."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from samdrift.core import jobs


class Command(BaseCommand):
    help = "Run the periodic background jobs (SAMDRIFT_PERIODIC_JOBS) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--tick", type=float, default=1.0, help="Seconds between checks (default 1).")

    def handle(self, *args: Any, once: bool = False, tick: float = 1.0, **options: Any) -> None:
        configured = jobs.configured_jobs()
        if once:
            failed = jobs.run_due(configured)
            self.stdout.write(f"Ran {len(configured)} jobs, {len(failed)} failed.")
            if failed:
                raise SystemExit(1)
            return
        self.stdout.write(f"Worker running {len(configured)} jobs (Ctrl-C stops).")
        try:
            while True:
                close_old_connections()  # a long-lived process: drop broken or expired connections
                jobs.run_due(configured)
                time.sleep(tick)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
