"""Lift a login lock (too many failed logins) from the command line; audited like the UI."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samdrift.accounts import actions, lockout


class Command(BaseCommand):
    help = "List locked logins, or unlock a username (from one address with --ip, or all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the username to unlock")
        parser.add_argument("--ip", help="unlock only the lock from this address")
        parser.add_argument("--list", action="store_true", help="list the logins locked now")

    def handle(self, *args: Any, username: str | None, ip: str | None, list: bool, **options: Any) -> None:
        if list:
            for lock in lockout.active_locks().order_by("username", "ip_address"):
                self.stdout.write(
                    f"{lock.username}\t{lock.ip_address}\t{lock.failures_since_start}\t{lock.attempt_time.isoformat()}"
                )
            return
        if not username:
            raise CommandError("Give a username, or --list.")
        count = actions.do_unlock_login(acting_user=None, username=username, ip_address=ip)
        self.stdout.write(f"Unlocked {count} login lock(s) of {username}.")
