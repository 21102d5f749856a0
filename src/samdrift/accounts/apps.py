from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samdrift.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .lockout import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="samdrift.accounts.lockout")
