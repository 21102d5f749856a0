"""Follow-up's background task (Django's task framework; ``samdrift.core.background``)."""

from __future__ import annotations

from django.tasks import task

from samdrift.core.background import exclusive

from . import actions, stats


@task()
def refresh_statistics() -> int:
    """Count the tickets changed since the last run into the statistics rollup (every 10 s).

    One refresh at a time (a lease): a ticket's old contribution is subtracted and its new
    one added, which two concurrent refreshes of the same ticket would do twice."""
    with exclusive("followup.refresh_statistics") as mine:
        return stats.refresh() if mine else 0


@task()
def remind_surveys() -> int:
    """Close surveys whose last day has passed and remind those who have not answered
    (hourly). One run at a time (a lease), so nobody gets the same reminder twice."""
    with exclusive("followup.remind_surveys") as mine:
        if not mine:
            return 0
        _closed, reminded = actions.do_send_due_reminders()
        return reminded
