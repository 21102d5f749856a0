"""``samdrift demo``: build (or rebuild) the demo database, print the logins, serve the UI."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from samdrift.accounts import demo as accounts_demo
from samdrift.accounts.models import User
from samdrift.agreements import demo as agreements_demo
from samdrift.catalog import demo as catalog_demo
from samdrift.finance import demo as finance_demo
from samdrift.servicedesk import demo as servicedesk_demo
from samdrift.tenancy import demo as tenancy_demo


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
        demo_names = {spec.username for spec in accounts_demo.USERS}
        others = User.objects.exclude(username__in=demo_names).exclude(username__regex=r"^[0-9]{4}-[0-9]{4}$")
        if not force and others.exists():
            raise CommandError(
                "This database holds users that are not demo users; the demo would erase them. "
                "Point SAMDRIFT_DATA_DIR or DATABASE_URL at a demo database, or pass --force."
            )
        # Rebuilding from empty makes the demo deterministic: two runs give the same data.
        call_command("flush", interactive=False, verbosity=0)
        with transaction.atomic():
            made = tenancy_demo.build(system_user=None)
            users = accounts_demo.build(system_user=None, made=made)
            calendars = catalog_demo.build(system_user=None, made=made, today=timezone.localdate())
            tickets = servicedesk_demo.build(today=timezone.localdate(), scale=scale)
            runs = finance_demo.build(
                made=made, users={spec.username: user for spec, user in users}, today=timezone.localdate()
            )
            agreements = agreements_demo.build(
                made=made, users={spec.username: user for spec, user in users}, today=timezone.localdate()
            )
        self.stdout.write(
            f"{calendars} business calendars, {tickets} tickets of history, {runs} allocation runs, "
            f"{agreements} service agreements.\n"
        )
        self.print_logins(users)
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

    def print_logins(self, users: list[tuple[accounts_demo.DemoUser, Any]]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo database ready.\n"))
        self.stdout.write(f"Demo logins (password for all: {accounts_demo.DEMO_PASSWORD}):\n")
        width = max(len(spec.username) for spec, _ in users)
        for spec, user in users:
            roles = ", ".join(str(a) for a in user.role_assignments.all())
            self.stdout.write(f"  {spec.username.ljust(width)}  {spec.first_name} {spec.last_name} — {roles}\n")
