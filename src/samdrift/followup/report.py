"""The delivery report to the committee (leveransrapport) for a period: volumes and backlog,
major deviations (disruptions, major incidents), SLA per service and member, goals against
targets, the benefits followed up in the period (or overdue), and the economy (the committee's follow-up table for a chosen forecast).

Every part comes from its owner's read side with the reader's scope: the statistics
rollup, ``catalog`` disruptions, ``servicedesk.slareport``, goals, ``finance.queries``.
Survey results: every sent survey whose time overlaps the period (sent before its end,
closing on or after its start), each with the results the reader may read
(``followup.surveys.results``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from samdrift.accounts import policy
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.catalog.models import Disruption
from samdrift.finance.access import FINANCE_READERS
from samdrift.servicedesk import slareport
from samdrift.servicedesk.models import Ticket

from . import goals, queries
from .choices import BenefitKind, Dimension
from .models import Benefit, Goal, Survey
from .surveys import SurveyResults
from .surveys import results as survey_results


@dataclass
class BenefitTotal:
    """Expected and realised benefits of one kind (of the benefits in the report)."""

    kind: str
    label: str
    expected: Decimal
    realised: Decimal


@dataclass
class DeliveryReport:
    start: datetime.date
    end: datetime.date  # first day of the last month
    statistics: queries.Statistics
    per_member: queries.Statistics
    disruptions: list[Disruption]
    major_incidents: int
    sla: slareport.Report
    goals: list[goals.Actual]
    benefits: list[Benefit] = field(default_factory=list)
    benefit_totals: list[BenefitTotal] = field(default_factory=list)
    surveys: list[SurveyResults] = field(default_factory=list)
    follow_up: Any = None  # finance.queries.FollowUp
    generated_at: datetime.datetime | None = None


def last_day(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def build(user: Any, start: datetime.date, end: datetime.date, forecast: Any = None) -> DeliveryReport:
    statistics = queries.statistics(user, start, end, Dimension.SERVICE)
    per_member = queries.statistics(user, start, end, Dimension.MEMBER)
    since = datetime.datetime.combine(start, datetime.time(0), STOCKHOLM)
    until = datetime.datetime.combine(last_day(end) + datetime.timedelta(days=1), datetime.time(0), STOCKHOLM)
    disruptions = list(
        Disruption.objects.visible_to(user)
        .filter(starts__lt=until)
        .filter(Q(ends__isnull=True) | Q(ends__gte=since))
        .select_related("service")
        .order_by("starts")[:200]
    )
    majors = Ticket.objects.filter(policy.report_scope_q(user, Ticket)).filter(
        major_incident=True, created__gte=since, created__lt=until
    )
    # The figures only (the report lists no tickets): for exactly the members the reader may
    # report on, without the breached-ticket list of the SLA report page.
    sla = slareport.build(None, start, last_day(end), members=list(slareport.reportable_members(user)))
    years = sorted({start.year, end.year})
    goal_list = list(
        Goal.objects.visible_to(user)
        .filter(year__in=years)
        .select_related("member", "service")
        .order_by("year", "name")
    )
    benefit_list = list(
        Benefit.objects.visible_to(user)
        .filter(
            Q(follow_up_on__gte=start, follow_up_on__lte=last_day(end))
            | Q(follow_up_on__lte=last_day(end), realised_value__isnull=True)
        )
        .select_related("member", "service")
        .order_by("follow_up_on", "title", "pk")[:200]
    )
    survey_list = list(
        Survey.objects.visible_to(user)
        .filter(sent_at__lt=until, closes_on__gte=start)
        .select_related("collaboration")
        .order_by("sent_at", "pk")[:20]
    )
    follow_up = None
    if forecast is not None and policy.has_any_role(user, FINANCE_READERS):
        from samdrift.finance import queries as finance

        follow_up = finance.follow_up(forecast)
    return DeliveryReport(
        start=start,
        end=end,
        statistics=statistics,
        per_member=per_member,
        disruptions=disruptions,
        major_incidents=majors.count(),
        sla=sla,
        goals=goals.actuals(goal_list),
        benefits=benefit_list,
        benefit_totals=benefit_totals(benefit_list),
        surveys=[survey_results(user, s) for s in survey_list],
        follow_up=follow_up,
        generated_at=timezone.now(),
    )


def benefit_totals(benefits: list[Benefit]) -> list[BenefitTotal]:
    """Per kind, in the order of the choices: the expected and the realised values summed."""
    totals = []
    for kind, label in BenefitKind.choices:
        chosen = [b for b in benefits if b.kind == kind]
        if chosen:
            totals.append(
                BenefitTotal(
                    kind=kind,
                    label=str(label),
                    expected=sum((b.expected_value for b in chosen), Decimal(0)),
                    realised=sum((b.realised_value or Decimal(0) for b in chosen), Decimal(0)),
                )
            )
    return totals
