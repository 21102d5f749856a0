from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from samdrift.accounts.models import User


class ServicedeskConfig(AppConfig):
    name = "samdrift.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from samdrift.catalog.signals import calendar_changed
        from samdrift.core import progress

        calendar_changed.connect(_queue_sla_recompute, dispatch_uid="servicedesk.queue_sla_recompute")
        progress.register(_recompute_jobs)
        progress.label_task("samdrift.servicedesk.tasks.recompute_sla", _("Recompute SLA clocks"))
        progress.label_task("samdrift.servicedesk.tasks.watch_sla", _("Watch SLA clocks"))
        progress.label_task("samdrift.servicedesk.tasks.close_resolved_tickets", _("Close resolved tickets"))


def _queue_sla_recompute(sender: Any, *, calendar_id: int, acting_user: "User | None" = None, **kwargs: Any) -> None:
    """A calendar (or an SLA's targets) changed: recompute the clocks counted in it."""
    from .sla_recompute import request_recompute

    request_recompute(calendar_id, acting_user=acting_user)


def _recompute_jobs(user: Any, is_admin: bool) -> list[Any]:
    """SLA recomputes for the progress page: the 20 latest a user may follow."""
    from django.utils.translation import gettext as _

    from samdrift.core.progress import LongJob

    from .models import SLARecompute

    found = SLARecompute.objects.visible_to(user).select_related("calendar", "requested_by")
    if not is_admin:
        found = found.filter(requested_by=user)
    jobs = []
    for request in found.order_by("-requested_at", "-pk")[:20]:
        detail = _("%(changed)s changed, %(breached)s now breached, %(unbreached)s no longer breached.") % {
            "changed": request.tickets_changed,
            "breached": request.newly_breached,
            "unbreached": request.no_longer_breached,
        }
        jobs.append(
            LongJob(
                key=f"slarecompute-{request.pk}",
                title=_("SLA clocks recomputed for %(calendar)s") % {"calendar": request.calendar},
                state=request.state,
                state_label=request.get_state_display(),
                requested_by=str(request.requested_by or _("system")),
                requested_at=request.requested_at,
                started_at=request.started_at,
                finished_at=request.finished_at,
                done=request.tickets_seen,
                total=request.tickets_total,
                unit=_("tickets checked"),
                detail=detail,
                error=request.error,
            )
        )
    return jobs
