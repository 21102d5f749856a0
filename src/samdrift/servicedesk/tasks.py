"""The service desk's background tasks (Django's task framework; ``samdrift.core.background``)."""

from __future__ import annotations

from django.tasks import task

from samdrift.core.background import exclusive

from . import actions, sla_recompute


@task()
def close_resolved_tickets() -> int:
    """Close tickets resolved longer ago than their desk's reopen window (hourly)."""
    with exclusive("servicedesk.close_resolved_tickets") as mine:
        return actions.do_close_resolved() if mine else 0


@task()
def watch_sla() -> list[int]:
    """Flag tickets whose SLA is at risk or breached, and notify (every minute).

    One watch at a time (a lease), and none while SLA clocks wait to be recomputed after a
    calendar change: the watch would flag tickets by due times that are about to change."""
    if sla_recompute.busy():
        return [0, 0]
    with exclusive("servicedesk.watch_sla") as mine:
        if not mine:
            return [0, 0]
        at_risk, breached = actions.do_watch_sla()
        return [at_risk, breached]


@task(priority=-5)
def recompute_sla() -> int:
    """Recompute stored SLA clocks after calendar changes, for up to 30 s a run.

    Enqueued when a calendar change commits, and every 30 s by the scheduler (which resumes
    runs whose worker died). A run cut short by its time slice enqueues the next one."""
    finished = sla_recompute.run_pending()
    if sla_recompute.resumable():
        recompute_sla.enqueue()
    return finished
