"""Re-encrypt stored secrets with the newest key of ``SAMDRIFT_ENCRYPTION_KEYS``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samdrift.accounts import actions as account_actions
from samdrift.mailin import actions


class Command(BaseCommand):
    help = (
        "Re-encrypt stored secrets (mailbox passwords, client secrets) with the first key of SAMDRIFT_ENCRYPTION_KEYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = actions.do_rotate_mailbox_secrets()
        providers = account_actions.do_rotate_provider_secrets()
        self.stdout.write(f"{changed} mailbox password(s) and {providers} client secret(s) re-encrypted.")
