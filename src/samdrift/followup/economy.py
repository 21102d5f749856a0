"""The economy in follow-up: budget, forecast and outcome per year, and cost per inhabitant
per member over the years — read from finance through its own scoping (``visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from samdrift.finance import statements
from samdrift.finance.models import BudgetLine, Forecast, ForecastLine, OutcomeLine
from samdrift.tenancy.models import Member

ZERO = Decimal("0.00")


@dataclass
class YearFigures:
    year: int
    budget: Decimal
    forecast: Decimal | None
    forecast_name: str
    outcome: Decimal


def budget_forecast_outcome(user: Any, years: list[int]) -> list[YearFigures]:
    """Net cost (costs positive, income negative) per year, of the lines the user may read."""
    budget = dict(
        BudgetLine.objects.visible_to(user)
        .filter(year__in=years)
        .values_list("year")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    outcome = dict(
        OutcomeLine.objects.visible_to(user)
        .filter(year__in=years)
        .values_list("year")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    result = []
    for year in years:
        latest = Forecast.objects.visible_to(user).filter(year=year).order_by("-as_of_month", "-pk").first()
        forecast = None
        if latest is not None:
            total = ForecastLine.objects.visible_to(user).filter(forecast=latest).aggregate(t=Sum("amount"))["t"]
            forecast = total if total is not None else ZERO
        result.append(
            YearFigures(
                year=year,
                budget=budget.get(year) or ZERO,
                forecast=forecast,
                forecast_name=str(latest) if latest else "",
                outcome=outcome.get(year) or ZERO,
            )
        )
    return result


def cost_per_inhabitant(user: Any, years: list[int]) -> tuple[list[Member], dict[int, dict[int, Decimal | None]]]:
    """Per member (those whose statements the user may read) and year: the issued run's
    cost divided by the population that year."""
    members = list(statements.readable_statement_members(user).select_related("collaboration").order_by("name"))
    figures: dict[int, dict[int, Decimal | None]] = {m.pk: {} for m in members}
    by_collaboration: dict[int, list[Member]] = {}
    for member in members:
        by_collaboration.setdefault(member.collaboration_id, []).append(member)
    for collaboration_id, group in by_collaboration.items():
        for year in years:
            run = statements.issued_run(collaboration_id, year)
            if run is None:
                continue
            for member_id, key in statements.cost_figures(group, year, run).items():
                figures[member_id][year] = key.per_inhabitant
    return members, figures
