"""The ticket status workflow, as pure functions.

new → assigned → in progress ↔ waiting for requester / waiting for supplier → resolved →
closed. A resolved ticket can be reopened (back to in progress) by its requester within
the desk's reopen window, or by desk staff.
"""

from __future__ import annotations

import datetime

from .choices import Status

S = Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.WAITING_REQUESTER, S.WAITING_SUPPLIER, S.RESOLVED}),
    S.ASSIGNED: frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_REQUESTER, S.WAITING_SUPPLIER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.WAITING_REQUESTER, S.WAITING_SUPPLIER, S.RESOLVED}),
    S.WAITING_REQUESTER: frozenset({S.IN_PROGRESS, S.WAITING_SUPPLIER, S.RESOLVED}),
    S.WAITING_SUPPLIER: frozenset({S.IN_PROGRESS, S.WAITING_REQUESTER, S.RESOLVED}),
    S.RESOLVED: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def allowed_targets(current: str) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS.get(current, frozenset())]


def may_reopen(resolved_at: datetime.datetime | None, now: datetime.datetime, reopen_days: int) -> bool:
    """A requester may reopen within ``reopen_days`` of the resolution."""
    return resolved_at is not None and now - resolved_at <= datetime.timedelta(days=reopen_days)


def status_after_requester_reply(current: str) -> str:
    """A reply from the requester puts a ticket that waited for them back in progress."""
    return S.IN_PROGRESS if current == S.WAITING_REQUESTER else current
