"""Objects the agreements tests share, built on the test world (collaboration Alpha)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.agreements import actions
from samdrift.catalog import actions as catalog
from samdrift.finance import actions as finance

YEAR = 2026
START = datetime.date(2020, 1, 1)


def agreement(world: Any, **changes: Any) -> Any:
    fields = {
        "collaboration": world.alpha, "title": "Samverkansavtal IT", "legal_form": "joint_committee",
        "parties": [world.member_a, world.member_b], "valid_from": START, "notice_months": 12,
        "exit_fixed_cost_years": 2, "exit_fixed_cost_percent": Decimal("50"), "exit_investment_percent": Decimal("100"),
        "depreciation_years": 5, "decision_reference": "KF § 45/2019",
    } | changes  # fmt: skip
    return actions.do_create_agreement(acting_user=None, **fields)


def service(world: Any, name: str = "E-post") -> Any:
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name=f"Dygnet runt {name}")
    catalog.do_set_hours(
        acting_user=None, calendar=calendar, year=2020, opens=datetime.time(0, 0), closes=datetime.time(23, 59, 59),
        shortened_closes=datetime.time(23, 59, 59), workdays="1234567", closed_on_holidays=False,
    )  # fmt: skip
    made = catalog.do_create_service(
        acting_user=None, collaboration=world.alpha, name=name, level="it", owner_unit=world.unit_alpha, orderable=True
    )
    catalog.do_create_sla(acting_user=None, service=made, calendar=calendar, availability_target=Decimal("99.5"))
    catalog.do_set_price(
        acting_user=None, service=made, price_model="fixed", unit_price=Decimal("120000.12"),
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    return made


def subscribed(world: Any, member: Any = None, name: str = "E-post") -> Any:
    made = service(world, name)
    catalog.do_subscribe(
        acting_user=None, member=member or world.member_b, service=made, starts=datetime.date(2020, 1, 1)
    )
    return made


def service_agreement(world: Any, signed: bool = False, **term: Any) -> Any:
    made = subscribed(world)
    drafted = actions.do_draft_service_agreement(acting_user=None, member=world.member_b, year=YEAR)
    actions.do_add_penalty_term(
        acting_user=None, agreement=drafted, service=made,
        **({"percent_per_point": Decimal("5"), "amount_per_p1_breach": Decimal("1000"), "cap": Decimal("8000")} | term),
    )  # fmt: skip
    if signed:
        drafted = actions.do_sign_service_agreement(
            drafted, acting_user=world.orderer_b, expected_version=drafted.version, signed_on=datetime.date(YEAR, 1, 15)
        )
    return drafted


def collaboration_term(world: Any, service: Any = None, **fields: Any) -> Any:
    """A collaboration-wide penalty term for a service, from ``YEAR``."""
    values = {
        "collaboration": world.alpha, "service": service or subscribed(world), "first_year": YEAR,
        "percent_per_point": Decimal("10"), "amount_per_p1_breach": Decimal("500"), "cap": Decimal("5000"),
    } | fields  # fmt: skip
    return actions.do_add_collaboration_penalty_term(acting_user=None, **values)


def outage(world: Any, service: Any, starts: datetime.datetime, hours: float) -> Any:
    return catalog.do_report_disruption(
        acting_user=None, service=service, title="Driftstopp", starts=starts,
        ends=starts + datetime.timedelta(hours=hours), public_text="Avbrott.", kind="unplanned", impact="outage",
    )  # fmt: skip


def penalty_run(world: Any, month: int = 10) -> Any:
    agreement = service_agreement(world, signed=True)
    made = agreement.lines.get().service
    outage(world, made, datetime.datetime(YEAR, month, 5, 8, tzinfo=datetime.UTC), 10)
    return actions.do_compute_penalties(acting_user=None, collaboration=world.alpha, year=YEAR, month=month)


def issued_run(world: Any, year: int = YEAR) -> Any:
    model = finance.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=year, name="Lika")
    finance.do_add_allocation_rule(acting_user=None, allocation_model=model, label="Lika", key_parts=[["equal", 100]])
    for month in range(1, 13):
        finance.do_add_budget_line(
            acting_user=None, collaboration=world.alpha, year=year, month=month, unit=world.unit_alpha,
            account_group="5", amount=Decimal("10000"),
        )  # fmt: skip
    run = finance.do_prepare_run(acting_user=None, model=model, basis="budget")
    return finance.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
