"""The SLA clock of a ticket.

A ticket with a service gets the service's SLA (the member's override if there is one);
a ticket that names a system with a system-level SLA (``inventory.SystemSLA``) gets that.
Its targets are business hours in the SLA's calendar as it applies to the ticket's member
(``catalog.queries.schedule_for``). The clock is stored on the ticket:

* ``sla_started_at`` — when the running stretch began (empty while paused or stopped);
* ``sla_used_seconds`` — open time used before that stretch;
* ``due_at`` — when the resolution target is reached if the clock keeps running;
* ``sla_at_risk_at`` — when :data:`AT_RISK_SHARE` of the target is used;
* ``response_due_at`` — creation plus the response target (the response clock never
  pauses: it ends with the first public reply from the desk);
* ``sla_state`` — on track, at risk, paused, breached or met; indexed with the times so
  queues sort by due time and the watch job finds what to flag.

:func:`clock_changes` is the one place that moves the clock. Every action that changes a
ticket's status, priority or service asks it for the field changes to save with them.
The time already used is kept when priority or service change; only the target changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samdrift.catalog.businesstime import Schedule
from samdrift.catalog.models import SLA
from samdrift.catalog.queries import agreed_sla, schedule_for
from samdrift.inventory.queries import system_sla

from .choices import OPEN_STATUSES, SLAState

AT_RISK_SHARE = 0.75
ZERO = datetime.timedelta(0)


def sla_for(service_id: int | None, member_id: int | None, system_id: int | None = None) -> SLA | None:
    """The SLA of the system the ticket names, if it has one (the member's override
    first); else the member's own SLA for the service if agreed, else the service's."""
    return system_sla(system_id, member_id) or agreed_sla(service_id, member_id)


@dataclass(frozen=True)
class Clock:
    """A ticket's clock at a moment: the running stretch and the time used before it."""

    started_at: datetime.datetime | None
    used: datetime.timedelta

    def running(self) -> bool:
        return self.started_at is not None

    def used_until(self, schedule: Schedule, now: datetime.datetime) -> datetime.timedelta:
        if self.started_at is None:
            return self.used
        return self.used + schedule.elapsed(self.started_at, now)


def due_times(
    schedule: Schedule, clock: Clock, target: datetime.timedelta
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """``(due, at_risk)`` for a running clock; ``(None, None)`` while it stands still.

    If the time used already exceeds the target, both are the start of the stretch: the
    ticket is overdue from the moment it started running again.
    """
    if clock.started_at is None:
        return None, None
    start = clock.started_at

    def after(share: float) -> datetime.datetime:
        remaining = target * share - clock.used
        return schedule.add(start, remaining) if remaining > ZERO else start

    return after(1.0), after(AT_RISK_SHARE)


def clock_changes(ticket: Any, changes: dict[str, Any], now: datetime.datetime, pausing: set[str]) -> dict[str, Any]:
    """The clock fields to save with ``changes`` (status, priority, service) to ``ticket``.

    ``ticket`` is the row as it is before the change; for a new ticket, pass it unsaved
    with ``created`` set and no clock yet.
    """
    service_id = changes["service"].pk if changes.get("service") else None
    if "service" not in changes:
        service_id = ticket.service_id
    system_id = changes["system"].pk if changes.get("system") else None
    if "system" not in changes:
        system_id = ticket.system_id
    sla = sla_for(service_id, ticket.member_id, system_id)
    if sla is None:
        return {
            "sla": None,
            "sla_state": SLAState.NONE,
            "sla_started_at": None,
            "sla_used_seconds": 0,
            "sla_at_risk_at": None,
            "response_due_at": None,
        }
    schedule = schedule_for(sla.calendar, ticket.member_id)
    status = changes.get("status", ticket.status)
    priority = changes.get("priority", ticket.priority)
    runs = status in OPEN_STATUSES and status not in pausing
    if ticket.sla_id is None:
        # A ticket's first SLA (at registration, or when a service is set later) counts
        # from its creation.
        before = Clock(
            ticket.created if ticket.status in OPEN_STATUSES and ticket.status not in pausing else None, ZERO
        )
        state = SLAState.ON_TRACK
    else:
        before = Clock(ticket.sla_started_at, datetime.timedelta(seconds=ticket.sla_used_seconds))
        state = SLAState(ticket.sla_state)
    target = sla.resolution_target(priority)
    if before.running() and not runs:  # pause or stop: settle the stretch
        after = Clock(None, before.used_until(schedule, now))
    elif not before.running() and runs:  # (re)start
        after = Clock(now, before.used)
    else:
        after = before
    if status not in OPEN_STATUSES:  # resolved or closed: the verdict
        state = SLAState.BREACHED if state == SLAState.BREACHED else _verdict(after.used, target)
    elif not runs and state != SLAState.BREACHED:
        state = SLAState.PAUSED
    due, at_risk = due_times(schedule, after, target)
    if after.running() and state != SLAState.BREACHED:
        state = (
            SLAState.BREACHED
            if due is not None and due <= now
            else SLAState.AT_RISK
            if at_risk is not None and at_risk <= now
            else SLAState.ON_TRACK
        )
    result: dict[str, Any] = {
        "sla": sla,
        "sla_state": state,
        "sla_started_at": after.started_at,
        "sla_used_seconds": int(after.used.total_seconds()),
        "sla_at_risk_at": at_risk,
        "response_due_at": schedule.add(ticket.created, sla.response_target(priority)),
    }
    if after.running() or status in OPEN_STATUSES:
        result["due_at"] = due
    return result


def imported_clock(
    sla: SLA, schedule: Schedule, ticket: Any, now: datetime.datetime, pausing: set[str]
) -> dict[str, Any]:
    """The clock of a ticket imported with its history (no status log): it ran from
    creation to resolution, or runs still; an imported ticket that waits now has been
    paused since its first response (or its creation)."""
    target = sla.resolution_target(ticket.priority)
    fields: dict[str, Any] = {
        "sla": sla,
        "response_due_at": schedule.add(ticket.created, sla.response_target(ticket.priority)),
        "due_at": schedule.add(ticket.created, target),
        "sla_at_risk_at": None,
        "sla_started_at": None,
    }
    if ticket.status not in OPEN_STATUSES:
        used = schedule.elapsed(ticket.created, ticket.resolved_at or now)
        return fields | {"sla_used_seconds": int(used.total_seconds()), "sla_state": _verdict(used, target)}
    if ticket.status in pausing:
        used = schedule.elapsed(ticket.created, ticket.first_response_at or ticket.created)
        state = SLAState.BREACHED if used > target else SLAState.PAUSED
        return fields | {"sla_used_seconds": int(used.total_seconds()), "sla_state": state, "due_at": None}
    clock = Clock(ticket.created, ZERO)
    due, at_risk = due_times(schedule, clock, target)
    state = (
        SLAState.BREACHED
        if due is not None and due <= now
        else SLAState.AT_RISK
        if at_risk is not None and at_risk <= now
        else SLAState.ON_TRACK
    )
    return fields | {
        "sla_started_at": ticket.created,
        "sla_used_seconds": 0,
        "sla_at_risk_at": at_risk,
        "due_at": due,
        "sla_state": state,
    }


def _verdict(used: datetime.timedelta, target: datetime.timedelta) -> SLAState:
    return SLAState.BREACHED if used > target else SLAState.MET
