"""``samdrift demo``: build (or rebuild) the demo database, print the logins, serve the UI.

Each app's ``demo.py`` builds its own part (``samdrift.core.demo``); this command knows no app.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from samdrift.core import planner
from samdrift.core.demo import Demo, demo_modules


class Command(BaseCommand):
    help = "Build the demo database from scratch (idempotent), print the logins and serve the UI."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Build the data and exit.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Address to serve on.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Ticket volume relative to one ticket per employee and month (default 1.0).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even if the database holds users that are not demo users."
        )

    def handle(
        self,
        *args: Any,
        no_serve: bool = False,
        addr: str = "127.0.0.1:8000",
        force: bool = False,
        scale: float = 1.0,
        **options: Any,
    ) -> None:
        translation.activate("sv")
        call_command("migrate", interactive=False, verbosity=0)
        modules = demo_modules()
        refusals = [why for module in modules if hasattr(module, "guard") and (why := module.guard())]
        if refusals and not force:
            raise CommandError(" ".join(refusals))
        # Rebuilding from empty makes the demo deterministic: two runs give the same data.
        call_command("flush", interactive=False, verbosity=0)
        demo = Demo(today=timezone.localdate(), scale=scale)
        with transaction.atomic():
            for module in modules:
                module.run(demo)
        # A bulk load: the planner needs statistics of the tables as they now are.
        planner.refresh()
        self.stdout.write(", ".join(demo.summary) + ".\n")
        self.stdout.write(self.style.SUCCESS("Demo database ready.\n"))
        for line in demo.epilogue:
            self.stdout.write(line + "\n")
        if not no_serve:
            self.serve(addr)

    def serve(self, addr: str) -> None:
        """The web server, plus the background worker that sends mail (to the console here)."""
        worker = subprocess.Popen([sys.executable, "-m", "samdrift", "worker"])
        try:
            self.stdout.write(f"\nServing Samdrift at http://{addr}/  (Ctrl-C stops)\n")
            call_command("runserver", addr, use_reloader=False, use_threading=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
