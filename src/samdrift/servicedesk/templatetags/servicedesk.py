"""Template filters and tags of the service desk."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samdrift.servicedesk.choices import OPEN_STATUSES, SLAState
from samdrift.servicedesk.queries import status_label as label

register = template.Library()

# A symbol beside the colour, so the state never rests on colour alone.
SYMBOLS = {
    SLAState.ON_TRACK: "●",
    SLAState.AT_RISK: "▲",
    SLAState.BREACHED: "✖",
    SLAState.PAUSED: "❚❚",
    SLAState.MET: "✔",
}


@register.filter
def status_label(value: Any) -> str:
    """A ticket status value as its label (for timeline entries read from the audit log)."""
    return label(value)


def duration(delta: datetime.timedelta) -> str:
    """ "2 d 3 h", "3 h 15 min", "12 min" (whole minutes, at most two parts)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": mins}
    return _("%(minutes)s min") % {"minutes": mins}


def sla_view(ticket: Any, now: datetime.datetime | None = None) -> dict[str, Any] | None:
    """The SLA state as of ``now`` (the stored state may lag the watch job by a minute),
    with the time left or over. Tickets without an SLA are judged by their due time."""
    now = now or timezone.now()
    due = ticket.due_at
    state = ticket.sla_state
    if state == SLAState.NONE:
        if ticket.status not in OPEN_STATUSES or due is None:
            return None
        state = SLAState.BREACHED if due <= now else SLAState.ON_TRACK
    elif state in (SLAState.ON_TRACK, SLAState.AT_RISK) and due is not None:
        if due <= now:
            state = SLAState.BREACHED
        elif ticket.sla_at_risk_at is not None and ticket.sla_at_risk_at <= now:
            state = SLAState.AT_RISK
    names = {
        SLAState.ON_TRACK: _("On track"),
        SLAState.AT_RISK: _("At risk"),
        SLAState.BREACHED: _("Breached"),
        SLAState.PAUSED: _("Paused"),
        SLAState.MET: _("Met"),
    }
    detail = ""
    if due is not None and ticket.status in OPEN_STATUSES and state != SLAState.PAUSED:
        if due > now:
            detail = _("%(time)s left") % {"time": duration(due - now)}
        else:
            detail = _("%(time)s over") % {"time": duration(now - due)}
    return {
        "state": str(state),
        "name": names.get(state, str(state)),
        "symbol": SYMBOLS.get(state, ""),
        "detail": detail,
        "due": due,
    }


@register.simple_tag
def sla_badge(ticket: Any) -> SafeString | str:
    """The ticket's SLA as a badge: symbol, state and time left, in the state's colour."""
    view = sla_view(ticket)
    if view is None:
        return "—"
    return render_to_string("servicedesk/sla_badge.html", {"sla": view})
