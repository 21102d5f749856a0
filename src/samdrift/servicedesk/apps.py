from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "samdrift.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from samdrift.catalog.signals import calendar_changed

        calendar_changed.connect(_queue_sla_recompute, dispatch_uid="servicedesk.queue_sla_recompute")


def _queue_sla_recompute(sender: Any, calendar_id: int, acting_user: Any = None, **kwargs: Any) -> None:
    """A calendar (or an SLA's targets) changed: recompute the clocks counted in it."""
    from .sla_recompute import request_recompute

    request_recompute(calendar_id, acting_user)
