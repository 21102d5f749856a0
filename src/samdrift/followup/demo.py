"""Demo follow-up: the statistics of the demo tickets (two years of history), and goals for
the current year for both collaborations and each member of Herrljunga–Vårgårda."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.core.demo import Demo
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions, stats
from .choices import Direction, Measure

# name, measure, direction, target, tolerance; seed 001 asks "Finns det tydliga målvärden?"
COLLABORATION_GOALS = [
    ("Prio 1 lösta inom SLA", Measure.P1_RESOLUTION, Direction.HIGHER, "90", "5"),
    ("Ärenden lösta inom SLA", Measure.SLA_COMPLIANCE, Direction.HIGHER, "85", "5"),
    ("Lösta vid första kontakt", Measure.FIRST_CONTACT, Direction.HIGHER, "60", "5"),
    ("Ärenden i kö vid årets slut", Measure.BACKLOG, Direction.LOWER, "100", "20"),
    ("Nöjdhet med lösta ärenden", Measure.SATISFACTION, Direction.HIGHER, "4.2", "0.2"),
    ("Kostnad per invånare", Measure.COST_PER_INHABITANT, Direction.LOWER, "700", "50"),
]


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """Count the demo tickets into the statistics and set this year's goals. Returns the
    number of goals."""
    stats.rebuild()
    admin = users.get("admin")
    goals = 0
    for demo in (HERRLJUNGA_VARGARDA, HOGLANDET):
        collaboration = made[demo.name]
        for name, measure, direction, target, tolerance in COLLABORATION_GOALS:
            actions.do_create_goal(
                acting_user=admin, collaboration=collaboration, year=today.year, name=name, measure=measure,
                direction=direction, target=Decimal(target), tolerance=Decimal(tolerance),
            )  # fmt: skip
            goals += 1
    hv = made[HERRLJUNGA_VARGARDA.name]
    for code in HERRLJUNGA_VARGARDA.members:
        member = made[code]
        actions.do_create_goal(
            acting_user=admin, collaboration=hv, member=member, year=today.year,
            name=f"Lösta inom SLA – {member.name}", measure=Measure.SLA_COMPLIANCE, direction=Direction.HIGHER,
            target=Decimal(85), tolerance=Decimal(5),
        )  # fmt: skip
        goals += 1
    actions.do_create_goal(
        acting_user=admin, collaboration=hv, year=today.year, name="Samverkansråd genomförda enligt plan",
        measure=Measure.MANUAL, direction=Direction.HIGHER, target=Decimal(4), manual_actual=Decimal(3),
        tolerance=Decimal(1), description="Seed 004: rapportering i de politiska forumen.",
    )  # fmt: skip
    return goals + 1


def run(demo: Demo) -> None:
    goals = build(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"{goals} goals")
