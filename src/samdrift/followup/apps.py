from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samdrift.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the service desk's signals)
