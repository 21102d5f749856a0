"""Read-side helpers: what a stage requires, and a member's collaborations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import STAGE_ORDER, Decision, Stage
from .models import Initiative, Participant, Participation

# What each stage asks for before the initiative may move on to the next (seed 004).
STAGE_REQUIRES: dict[str, Any] = {
    Stage.NEED: _("A described need and a need owner."),
    Stage.PREPARATION: _("A pre-study document; the need is then shared with the other members."),
    Stage.FRAMING: _("Each member's decision: at least two members in, with decision references, none undecided."),
    Stage.AGREEMENT: _("The guiding principles and the agreement."),
    Stage.ORGANISING: _("A coordinator and a lead member with the date the lead rotates."),
    Stage.GOVERNING: _("The governing body, or the collaboration in the register."),
    Stage.FOLLOW_UP: _("A follow-up every year that revisits last year's priorities."),
}


@dataclass(frozen=True)
class Step:
    stage: str
    label: str | Promise
    requires: str | Promise
    done: bool
    current: bool


def next_stage(initiative: Initiative) -> str | None:
    index = STAGE_ORDER.index(initiative.stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def missing(initiative: Initiative, participations: list[Participation] | None = None) -> list[str]:
    """What the initiative still lacks to leave its current stage (empty: it may move on)."""
    stage = initiative.stage
    gaps: list[Any] = []
    if stage == Stage.NEED and not initiative.need.strip():
        gaps.append(_("Describe the need."))
    elif stage == Stage.PREPARATION and not initiative.prestudy.strip():
        gaps.append(_("Add the pre-study document."))
    elif stage == Stage.FRAMING:
        rows = participations if participations is not None else list(initiative.participations.all())
        joined = [p for p in rows if p.decision == Decision.IN and p.decision_reference.strip()]
        if len(joined) < 2:
            gaps.append(_("At least two members must have decided to take part."))
        if any(p.decision == Decision.UNDECIDED for p in rows):
            gaps.append(_("Every member that was asked must have decided, in or out."))
    elif stage == Stage.AGREEMENT:
        if not initiative.guiding_principles.strip():
            gaps.append(_("Write the guiding principles."))
        if not initiative.agreement_id and not initiative.agreement_reference.strip():
            gaps.append(_("Link the agreement, or give its reference."))
    elif stage == Stage.ORGANISING:
        if not initiative.coordinator.strip():
            gaps.append(_("Name the coordinator."))
        if not initiative.lead_member_id or not initiative.lead_until:
            gaps.append(_("Choose the lead member and when the lead rotates."))
    elif stage == Stage.GOVERNING and not initiative.body_id and not initiative.cooperation_id:
        gaps.append(_("Link the governing body or the registered collaboration."))
    return [str(g) for g in gaps]


def steps(initiative: Initiative) -> list[Step]:
    index = STAGE_ORDER.index(initiative.stage)
    return [
        Step(value, label, STAGE_REQUIRES[value], i < index, i == index)
        for i, (value, label) in enumerate(Stage.choices)
    ]


@dataclass(frozen=True)
class MemberOverview:
    rows: list[Participant]
    total: Decimal


def member_overview(participants: Any, member_id: int) -> MemberOverview:
    """The collaborations a member is in, with its cost and representatives."""
    rows = list(
        participants.filter(member_id=member_id)
        .select_related("cooperation", "cooperation__host", "cooperation__body", "member")
        .order_by("cooperation__area", "cooperation__name")
    )
    return MemberOverview(rows, sum((p.annual_cost for p in rows), Decimal("0")))
