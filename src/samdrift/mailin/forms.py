from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm

from .models import Mailbox, MailDomain


class MailboxForm(VersionedForm):
    """A mailbox's settings. The password is write-only: empty on edit keeps the stored one."""

    password = forms.CharField(
        label=_("password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted. Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "collaboration",
            "name",
            "address",
            "unit",
            "host",
            "port",
            "username",
            "password",
            "folder",
            "unknown_senders",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = _("Stored encrypted.")

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        changes["password"] = self.cleaned_data.get("password") or ""
        return changes


class MailDomainForm(VersionedForm):
    class Meta:
        model = MailDomain
        fields = ["member", "domain"]
