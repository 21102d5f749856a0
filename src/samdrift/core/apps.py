from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samdrift.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import progress

        progress.label_task("samdrift.core.tasks.send_queued_mail", _("Send queued e-mail"))
        progress.label_task("samdrift.core.tasks.prune_task_results", _("Delete old task results"))
