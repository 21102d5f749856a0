"""Goals' actual values and status: computed from the statistics rollup, the SLA report
(availability), ratings and the finances, or entered by hand.

The figures are those of the goal's own scope (its member, or the whole collaboration),
whoever reads them: a reader who may see the goal may see its actual value. For the
current year the actual is the year so far.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from samdrift.servicedesk.models import Rating
from samdrift.tenancy.models import Member

from .choices import Direction, GoalStatus, Measure, StatKind
from .models import Goal, TicketStat
from .queries import percent


@dataclass
class Actual:
    goal: Goal
    value: Decimal | None
    status: str
    basis: str = ""  # e.g. "123 of 130 tickets"

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label)


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _year_rows(goal: Goal, kind: str = StatKind.UNIT, value: int | None = None):  # type: ignore[no-untyped-def]
    rows = TicketStat.objects.filter(collaboration_id=goal.collaboration_id, kind=kind)
    if goal.member_id:
        rows = rows.filter(member_id=goal.member_id)
    if value is not None:
        rows = rows.filter(value=value)
    return rows


def _sums(rows, *names: str) -> list[int]:  # type: ignore[no-untyped-def]
    from django.db.models import Sum

    found = rows.aggregate(**{n: Sum(n) for n in names})
    return [found[n] or 0 for n in names]


def compute(goal: Goal, today: datetime.date | None = None) -> tuple[Decimal | None, str]:
    """The goal's actual value for its year, and what it is based on."""
    first, last = datetime.date(goal.year, 1, 1), datetime.date(goal.year, 12, 1)
    measure = goal.measure
    if measure == Measure.MANUAL:
        return goal.manual_actual, ""
    in_year = {"month__gte": first, "month__lte": last}
    if measure in (Measure.P1_RESOLUTION, Measure.SLA_COMPLIANCE):
        kind, value = (StatKind.PRIORITY, 1) if measure == Measure.P1_RESOLUTION else (StatKind.SERVICE, None)
        if goal.service_id and measure == Measure.SLA_COMPLIANCE:
            value = goal.service_id
        met, total = _sums(_year_rows(goal, kind, value).filter(**in_year), "sla_met", "sla_resolved")
        return percent(met, total), f"{met}/{total}"
    if measure == Measure.FIRST_CONTACT:
        kind, value = (StatKind.SERVICE, goal.service_id) if goal.service_id else (StatKind.UNIT, None)
        fcr, resolved = _sums(_year_rows(goal, kind, value).filter(**in_year), "first_contact", "resolved")
        return percent(fcr, resolved), f"{fcr}/{resolved}"
    if measure == Measure.BACKLOG:
        kind, value = (StatKind.SERVICE, goal.service_id) if goal.service_id else (StatKind.UNIT, None)
        opened, resolved = _sums(_year_rows(goal, kind, value).filter(month__lte=last), "opened", "resolved")
        return Decimal(opened - resolved), ""
    if measure == Measure.SATISFACTION:
        return _satisfaction(goal)
    if measure == Measure.AVAILABILITY:
        return _availability(goal, today)
    if measure == Measure.COST_PER_INHABITANT:
        return _cost_per_inhabitant(goal)
    return None, ""


def _satisfaction(goal: Goal) -> tuple[Decimal | None, str]:
    """One KPI from two sources, every 1–5 score counting once: the ratings of the tickets
    resolved in the year and the scale answers of the year's satisfaction surveys (not for
    a goal of one service: surveys are not asked per service)."""
    from .surveys import satisfaction_scores

    ratings = Rating.objects.filter(
        ticket__collaboration_id=goal.collaboration_id,
        ticket__resolved_at__year=goal.year,
    )
    if goal.member_id:
        ratings = ratings.filter(ticket__member_id=goal.member_id)
    if goal.service_id:
        ratings = ratings.filter(ticket__service_id=goal.service_id)
    found = ratings.aggregate(total=Sum("score"), n=Count("pk"))
    total, n = int(found["total"] or 0), int(found["n"] or 0)
    survey_total, survey_n = (
        (0, 0) if goal.service_id else satisfaction_scores(goal.collaboration_id, goal.year, goal.member_id)
    )
    if not n + survey_n:
        return None, "0"
    basis = str(n) if not survey_n else f"{n} + {survey_n}"
    return _q2(Decimal(total + survey_total) / (n + survey_n)), basis


def _availability(goal: Goal, today: datetime.date | None) -> tuple[Decimal | None, str]:
    from samdrift.servicedesk import slareport

    today = today or timezone.localdate()
    end = min(datetime.date(goal.year, 12, 31), today)
    start = datetime.date(goal.year, 1, 1)
    if end < start or goal.service is None:
        return None, ""
    members = [goal.member] if goal.member else list(Member.objects.filter(collaboration_id=goal.collaboration_id))
    report = slareport.build(None, start, end, members=members, services=[goal.service])
    figures = [r.availability.percent for r in report.rows if r.availability and r.availability.percent is not None]
    if not figures:
        return None, ""
    return _q2(sum(figures, Decimal(0)) / len(figures)), str(len(figures))


def _cost_per_inhabitant(goal: Goal) -> tuple[Decimal | None, str]:
    from samdrift.finance import statements

    run = statements.issued_run(goal.collaboration_id, goal.year)
    if run is None:
        return None, ""
    members = [goal.member] if goal.member else list(Member.objects.filter(collaboration_id=goal.collaboration_id))
    figures = statements.cost_figures(members, goal.year, run)
    cost = sum((f.cost for f in figures.values()), Decimal(0))
    inhabitants = sum(f.inhabitants or 0 for f in figures.values())
    if not inhabitants:
        return None, ""
    return _q2(cost / inhabitants), run.name if hasattr(run, "name") else str(run)


def status(goal: Goal, value: Decimal | None) -> str:
    if value is None:
        return GoalStatus.UNKNOWN
    better = value >= goal.target if goal.direction == Direction.HIGHER else value <= goal.target
    if better:
        return GoalStatus.MET
    if abs(value - goal.target) <= (goal.tolerance or 0):
        return GoalStatus.NEAR
    return GoalStatus.NOT_MET


def actual(goal: Goal, today: datetime.date | None = None) -> Actual:
    value, basis = compute(goal, today)
    return Actual(goal=goal, value=value, status=status(goal, value), basis=basis)


def actuals(goals: list[Goal], today: datetime.date | None = None) -> list[Actual]:
    return [actual(goal, today) for goal in goals]
