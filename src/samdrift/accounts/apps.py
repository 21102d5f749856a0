from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from samdrift.core import access


class AccountsConfig(AppConfig):
    name = "samdrift.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        """Install the access policy for every layer, then load each app's rules.

        ``samdrift.core.access`` is the interface every queryset, view and viewset checks
        through; the policy that answers is ``samdrift.accounts.policy``. Each Samdrift app
        declares the rules of its own models in ``<app>/access.py`` (imported here, in
        INSTALLED_APPS order, so an app may reuse a role set of an app below it).
        """
        from . import policy  # imports the models: only once the registry is ready

        access.install(policy)
        for config in apps.get_app_configs():
            rules = config.name.startswith("samdrift.") and config.name != "samdrift.core"
            if rules and module_has_submodule(config.module, "access"):
                import_module(f"{config.name}.access")

        from axes.signals import user_locked_out

        from .lockout import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="samdrift.accounts.lockout")
