from decimal import Decimal

from samdrift.finance import actions
from samdrift.finance.models import InvoiceAdjustment
from samdrift.testing.isolation import IsolationCase

YEAR = 2026


def forecast(world):
    return actions.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=YEAR, as_of_month=4, name="April"
    )


def line(world, action):
    return action(
        acting_user=None, collaboration=world.alpha, year=YEAR, month=2, unit=world.unit_alpha, account_group="5",
        member=world.member_b, amount=Decimal("1000"),
    )  # fmt: skip


def investment(world):
    return actions.do_create_investment(
        acting_user=None, collaboration=world.alpha, year=YEAR, name="Trådlöst VGA", member=world.member_b,
        budget=Decimal("1400000"),
    )  # fmt: skip


def model(world):
    return actions.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=YEAR, name="Lika")


def rule(world):
    return actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model(world), label="Lika delar", key_parts=[["equal", 100]]
    )


def run(world):
    made = rule(world).allocation_model
    actions.do_add_budget_line(
        acting_user=None, collaboration=world.alpha, year=YEAR, month=1, unit=world.unit_alpha, account_group="3",
        amount=Decimal("5000"),
    )  # fmt: skip
    return actions.do_prepare_run(acting_user=None, model=made, basis="budget")


OUTSIDERS = ("requester_b1", "requester_c1", "admin_beta", "agent_beta", "nobody")
COMMON = [
    (actions.FinanceSettings, lambda w: actions.do_create_finance_settings(acting_user=None, collaboration=w.alpha)),
    (
        actions.ClosedPeriod,
        lambda w: actions.do_close_period(acting_user=None, collaboration=w.alpha, year=YEAR, month=1),
    ),
    (actions.Forecast, forecast),
    (actions.AllocationModel, model),
    (actions.AllocationRule, rule),
    (actions.AllocationRun, run),
]
SPECIFIC = [
    (actions.BudgetLine, lambda w: line(w, actions.do_add_budget_line)),
    (actions.OutcomeLine, lambda w: line(w, actions.do_add_outcome_line)),
    (
        actions.ForecastLine,
        lambda w: actions.do_add_forecast_line(
            acting_user=None, forecast=forecast(w), unit=w.unit_alpha, account_group="5", member=w.member_b,
            amount=Decimal("1000"),
        ),
    ),
    (actions.Investment, investment),
    (
        actions.InvestmentForecast,
        lambda w: actions.do_forecast_investment(
            acting_user=None, forecast=forecast(w), investment=investment(w), amount=Decimal("1400000")
        ),
    ),
    (
        actions.ReportedCount,
        lambda w: actions.do_report_count(acting_user=None, member=w.member_b, year=YEAR, kind="devices", value=800),
    ),
]  # fmt: skip
ISOLATION_CASES = [IsolationCase(m, make, insider="orderer_b", outsiders=OUTSIDERS) for m, make in COMMON] + [
    # Member-specific figures are not for the other members' orderers.
    IsolationCase(m, make, insider="orderer_b", outsiders=(*OUTSIDERS, "orderer_a"))
    for m, make in SPECIFIC
]


def invoice_adjustment(world):
    return actions.do_add_invoice_adjustment(
        acting_user=None, collaboration=world.alpha, member=world.member_b, year=2026, month=3,
        amount=Decimal("-1234.56"), text="Vite – ”e-post” mars", source="agreements.penaltyrun 1",
    )  # fmt: skip


ISOLATION_CASES += [
    IsolationCase(
        InvoiceAdjustment, invoice_adjustment, insider="orderer_b", outsiders=(*OUTSIDERS, "orderer_a"),
        ui=False, api=False,
        no_pages_reason="shown on the page of the allocation run that carries it (agreements/tests/test_penalties.py)",
    ),
]  # fmt: skip
