"""Filling in a reply template's placeholders for one ticket.

Safe by construction: only a fixed set of ``{name}`` placeholders is replaced, by plain
string replacement of values (never a template language), so a requester's subject such
as ``{{ secret }}`` or ``{agent}`` is inserted as text and never expanded again.
Unknown placeholders are left visible and reported, so the agent can fix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Ticket

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")

# Each placeholder's names (Swedish and English) and the ticket value it stands for.
NAMES: dict[str, str] = {
    "ärendenummer": "number",
    "number": "number",
    "beställare": "requester",
    "requester": "requester",
    "handläggare": "agent",
    "agent": "agent",
    "rubrik": "subject",
    "subject": "subject",
    "enhet": "unit",
    "unit": "unit",
}


@dataclass
class Rendered:
    """A filled-in reply text and the placeholders that were not recognised."""

    text: str
    unknown: list[str] = field(default_factory=list)


def ticket_values(ticket: Ticket, agent: Any) -> dict[str, str]:
    """The placeholder values for ``ticket`` replied to by ``agent``."""
    requester = ticket.requester
    handler = agent if agent is not None and getattr(agent, "pk", None) else ticket.assignee
    return {
        "number": ticket.number,
        "requester": str(requester) if requester else "",
        "agent": str(handler) if handler else "",
        "subject": ticket.subject,
        "unit": ticket.unit.name if ticket.unit_id and ticket.unit else "",
    }


def fill(body: str, values: dict[str, str]) -> Rendered:
    """Replace the known placeholders of ``body`` in one pass; report the unknown ones."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = NAMES.get(match.group(1).casefold())
        if key is None:
            if match.group(0) not in unknown:
                unknown.append(match.group(0))
            return match.group(0)
        return values.get(key, "")

    # One pass with re.sub: a value containing "{agent}" is not expanded again.
    return Rendered(text=PLACEHOLDER.sub(replace, body), unknown=unknown)


def render_for_ticket(template: Any, ticket: Ticket, agent: Any) -> Rendered:
    return fill(template.body, ticket_values(ticket, agent))


def templates_for(ticket: Ticket, user: Any) -> Any:
    """The active templates ``user`` may use on ``ticket``: its unit's and the collaboration-wide ones."""
    from django.db.models import Q

    from .models import ReplyTemplate

    unit_q = Q(unit__isnull=True)
    if ticket.unit_id:
        unit_q |= Q(unit_id=ticket.unit_id)
    return (
        ReplyTemplate.objects.visible_to(user)
        .filter(unit_q, collaboration_id=ticket.collaboration_id, is_active=True)
        .order_by("title")
    )
