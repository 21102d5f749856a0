"""Read-side helpers: quorum, representation per member, the notice board."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from . import dates
from .choices import MembershipRole, MinutesState, Presence
from .models import Attendance, Body, Meeting, Membership, Minutes


@dataclass(frozen=True)
class Quorum:
    seats: int
    serving: int  # ordinary members present plus substitutes serving for one

    @property
    def needed(self) -> int:
        """More than half of the seats."""
        return self.seats // 2 + 1

    @property
    def reached(self) -> bool:
        return self.serving >= self.needed


def quorum_of(seats: int, presences: Sequence[tuple[str, str]]) -> Quorum:
    """Pure: ``presences`` is (membership role, presence) per attendance row."""
    serving = sum(
        1
        for role, presence in presences
        if (role == MembershipRole.MEMBER and presence == Presence.PRESENT) or presence == Presence.SERVING
    )
    return Quorum(seats=seats, serving=serving)


def quorum(meeting: Meeting) -> Quorum:
    rows = list(Attendance.objects.filter(meeting=meeting).values_list("membership__role", "presence"))
    return quorum_of(meeting.body.seats, rows)


@dataclass(frozen=True)
class Representation:
    member: str
    members: int
    substitutes: int


def representation(body: Body, day: datetime.date) -> list[Representation]:
    """Current ledamöter and ersättare per member municipality, to show equal representation."""
    counts: dict[str, list[int]] = {}
    for m in Membership.objects.filter(body=body).select_related("member"):
        if not m.current_on(day) or m.role == MembershipRole.SECRETARY:
            continue
        name = m.member.name if m.member else "—"
        slot = counts.setdefault(name, [0, 0])
        slot[0 if m.role == MembershipRole.MEMBER else 1] += 1
    return [Representation(name, a, b) for name, (a, b) in sorted(counts.items())]


def is_equal(rows: list[Representation]) -> bool:
    return len({(r.members, r.substitutes) for r in rows}) <= 1


def notice_board(today: datetime.date) -> QuerySet[Minutes]:
    """Posted minutes, newest first (public: no login, no scope; content is filtered by
    the public views, which never show confidential items)."""
    return (
        Minutes.objects.filter(state=MinutesState.POSTED)
        .select_related("meeting__body__collaboration")
        .order_by("-posted_on", "-pk")
    )


def appeal_state(minutes: Minutes, today: datetime.date) -> dict[str, Any]:
    if not minutes.posted_on:
        return {}
    return {
        "posted_on": minutes.posted_on,
        "appeal_ends": dates.appeal_ends(minutes.posted_on),
        "appeal_open": dates.appeal_open(minutes.posted_on, today),
    }
