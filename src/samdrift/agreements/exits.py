"""A member's exit: the end date from the notice period, and the exit liability from the
agreement's terms, the latest issued allocation run and the investment register.

The liability has two kinds of lines (each rounded to öre once; the total is their sum):

* **fixed costs** — per account group, the member's shared (not member-specific) costs in
  the run, made a full year (× 12 / the run's months), times the part of the group that is
  fixed in the short term (``finance.scenarios.FIXED_PERCENT``, the same figures as the
  leave scenario), times the agreement's number of years and its percentage;
* **undepreciated investments** — each of the collaboration's own investments (not those
  in one member's accounts) up to the end year, written off straight-line over the
  agreement's depreciation period from the end of its year: the value left at the end
  date, times the member's share of the shared costs in the run, times the agreement's
  percentage. The value is the outcome so far, or the budget while no outcome is booked.

:func:`gather` collects every input as JSON; :func:`compute` works from that alone, so a
stored notice can be recomputed and compared (its digest).
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from samdrift.finance.choices import AccountGroup, RunState
from samdrift.finance.models import AllocationLine, AllocationRun, Investment
from samdrift.finance.scenarios import FIXED_PERCENT

from .money import fraction_text, to_ore


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_date(agreement: Any, notice_date: datetime.date) -> datetime.date:
    """The last day of membership: the notice period after the notice, moved to the turn
    of the year when the agreement says so."""
    end = add_months(notice_date, agreement.notice_months)
    return datetime.date(end.year, 12, 31) if agreement.exit_at_year_end else end


def validate_notice(agreement: Any, member: Any, notice_date: datetime.date) -> None:
    errors: dict[str, str] = {}
    if not agreement.parties.filter(pk=member.pk).exists():
        errors["member"] = _("%(member)s is not a party to %(agreement)s.") % {"member": member, "agreement": agreement}
    if notice_date < agreement.valid_from:
        errors["notice_date"] = _("Notice cannot be given before the agreement's start (%(start)s).") % {
            "start": agreement.valid_from.isoformat()
        }
    elif agreement.valid_to and notice_date > agreement.valid_to:
        errors["notice_date"] = _("The agreement version ended on %(end)s; give notice under the version in force.") % {
            "end": agreement.valid_to.isoformat()
        }
    if errors:
        raise ValidationError(errors)


def latest_issued_run(collaboration_id: int, year: int) -> AllocationRun | None:
    return (
        AllocationRun.objects.filter(
            allocation_model__collaboration_id=collaboration_id, state=RunState.ISSUED, allocation_model__year__lte=year
        )
        .select_related("allocation_model")
        .order_by("-allocation_model__year", "-issued_at", "-pk")
        .first()
    )


def gather(agreement: Any, member: Any, notice_date: datetime.date) -> dict[str, Any]:
    """Every input of the liability, as plain JSON."""
    validate_notice(agreement, member, notice_date)
    end = end_date(agreement, notice_date)
    run = latest_issued_run(agreement.collaboration_id, end.year)
    inputs: dict[str, Any] = {
        "agreement": {
            "id": agreement.pk,
            "version": agreement.version,
            "notice_months": agreement.notice_months,
            "exit_at_year_end": agreement.exit_at_year_end,
            "fixed_cost_years": agreement.exit_fixed_cost_years,
            "fixed_cost_percent": str(agreement.exit_fixed_cost_percent),
            "investment_percent": str(agreement.exit_investment_percent),
            "depreciation_years": agreement.depreciation_years,
        },
        "member": {"id": member.pk, "name": member.name},
        "notice_date": notice_date.isoformat(),
        "end_date": end.isoformat(),
        "fixed_percent": {group: str(percent) for group, percent in sorted(FIXED_PERCENT.items())},
        "run": None,
        "investments": [],
    }
    if run is not None:
        groups: dict[str, Decimal] = {}
        member_shared, all_shared = Decimal(0), Decimal(0)
        lines = AllocationLine.objects.filter(run=run).values_list(
            "member_id", "account_group", "amount", "explanation"
        )
        for member_id, group, amount, explanation in lines:
            if explanation.get("specific"):
                continue
            all_shared += amount
            if member_id == member.pk:
                member_shared += amount
                groups[group] = groups.get(group, Decimal(0)) + amount
        inputs["run"] = {
            "id": run.pk,
            "digest": run.digest,
            "year": run.allocation_model.year,
            "months": run.last_month - run.first_month + 1,
            "groups": {group: str(amount) for group, amount in sorted(groups.items())},
            "member_shared": str(member_shared),
            "all_shared": str(all_shared),
        }
    investments = Investment.objects.filter(
        Q(member__isnull=True), collaboration_id=agreement.collaboration_id, year__lte=end.year
    ).order_by("year", "name")
    inputs["investments"] = [
        {"id": i.pk, "name": i.name, "year": i.year, "value": str(i.outcome if i.outcome else i.budget)}
        for i in investments
    ]
    return inputs


def _months_written_off(year: int, end: datetime.date, total: int) -> int:
    """Whole months from the end of ``year`` to the end date, at most ``total``."""
    after = end + datetime.timedelta(days=1)
    months = (after.year - (year + 1)) * 12 + (after.month - 1)
    return max(0, min(total, months))


def compute(inputs: dict[str, Any]) -> dict[str, Any]:
    """The liability, line by line, from the inputs alone."""
    terms = inputs["agreement"]
    years = Fraction(terms["fixed_cost_years"])
    fixed_cost_percent = Fraction(Decimal(terms["fixed_cost_percent"])) / 100
    investment_percent = Fraction(Decimal(terms["investment_percent"])) / 100
    end = datetime.date.fromisoformat(inputs["end_date"])
    lines: list[dict[str, Any]] = []
    run = inputs["run"]
    share = Fraction(0)
    if run is not None:
        all_shared = Fraction(Decimal(run["all_shared"]))
        share = Fraction(Decimal(run["member_shared"])) / all_shared if all_shared else Fraction(0)
        for group, amount_text in run["groups"].items():
            amount = Fraction(Decimal(amount_text))
            annual = amount * 12 / run["months"]
            fixed = Fraction(Decimal(inputs["fixed_percent"].get(group, "100"))) / 100
            value = to_ore(annual * fixed * years * fixed_cost_percent)
            lines.append(
                {
                    "kind": "fixed_costs",
                    "label": str(AccountGroup(group).label),
                    "basis": str(to_ore(annual)),
                    "factors": {
                        "months_in_run": run["months"],
                        "fixed_percent": inputs["fixed_percent"].get(group, "100"),
                        "years": terms["fixed_cost_years"],
                        "percent": terms["fixed_cost_percent"],
                    },
                    "amount": str(value),
                }
            )
    total_months = terms["depreciation_years"] * 12
    for investment in inputs["investments"]:
        written_off = _months_written_off(investment["year"], end, total_months)
        remaining = Fraction(Decimal(investment["value"])) * (total_months - written_off) / total_months
        value = to_ore(remaining * share * investment_percent)
        lines.append(
            {
                "kind": "investment",
                "label": f"{investment['name']} {investment['year']}",
                "basis": investment["value"],
                "factors": {
                    "undepreciated": str(to_ore(remaining)),
                    "months_written_off": written_off,
                    "months_total": total_months,
                    "share": fraction_text(share),
                    "share_percent": str(to_ore(share * 100)),
                    "percent": terms["investment_percent"],
                },
                "amount": str(value),
            }
        )
    total = sum((Decimal(line["amount"]) for line in lines), Decimal("0.00"))
    return {"end_date": inputs["end_date"], "share": fraction_text(share), "lines": lines, "total": str(total)}
