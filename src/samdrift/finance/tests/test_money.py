"""Money summed by the database is exact to the öre, and a run's snapshot is the same
bytes on SQLite and PostgreSQL (issue 19: runs with öre were refused on SQLite)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samdrift.finance import actions, queries, runs
from samdrift.finance.choices import AccountGroup, Basis, RunState
from samdrift.finance.models import AllocationLine, BudgetLine, Forecast
from samdrift.finance.money import MoneySum, money_text, to_ore
from samdrift.tenancy import actions as tenancy
from samdrift.tenancy.choices import LegalForm

YEAR = 2026
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


def test_money_text_is_two_decimals_and_never_minus_zero() -> None:
    assert [money_text(v) for v in (Decimal("250000"), 250000, "1.5", Decimal("-0.00"), Decimal("2.5E+5"))] == [
        "250000.00",
        "250000.00",
        "1.50",
        "0.00",
        "250000.00",
    ]
    assert to_ore(Decimal("0.005")) == Decimal("0.01") and to_ore(Decimal("-0.005")) == Decimal("-0.01")


def _population(world) -> None:
    for member, inhabitants in ((world.member_a, 9_459), (world.member_b, 11_728)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=YEAR, inhabitants=inhabitants, employees=inhabitants // 10,
            reference_date=datetime.date(YEAR - 1, 12, 31),
        )  # fmt: skip


def _model(world):
    model = actions.do_create_allocation_model(
        acting_user=None, collaboration=world.alpha, year=YEAR, name="Befolkning", decision_text="Nämnden § 12/2025"
    )
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model, label="Gemensamt efter befolkning", key_parts=[["population", 100]]
    )
    return model


def _line(world, amount: Decimal, *, month: int = 1, group: str = AccountGroup.OTHER, member=None) -> None:
    actions.do_add_budget_line(
        acting_user=None, collaboration=world.alpha, year=YEAR, month=month, unit=world.unit_alpha,
        account_group=group, member=member, amount=amount,
    )  # fmt: skip


@pytest.mark.parametrize("amount", ["123.45", "12345678.91", "0.29", "99999999.99", "0.01"])
def test_a_pool_with_ore_prepares_and_is_exact(world, amount: str) -> None:
    """Regression: on SQLite ``Sum`` gave 123.450000000000 and the run was refused."""
    _population(world)
    _line(world, Decimal(amount))
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=_model(world), basis=Basis.BUDGET)
    run.refresh_from_db()
    assert run.state == RunState.PREPARED
    assert run.total == Decimal(amount)
    assert run.inputs["pools"][0]["amount"] == f"{Decimal(amount):.2f}"
    assert run.output["total"] == f"{Decimal(amount):.2f}"
    assert sum(line.amount for line in AllocationLine.objects.filter(run=run)) == Decimal(amount)


def test_money_sum_is_exact_and_two_decimals_on_this_database(world) -> None:
    """Öre amounts whose float sum drifts (0.1 + 0.2 …): the database sum does not."""
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("12345678.91"), Decimal("-0.29")]
    for index, amount in enumerate(amounts * 3):
        _line(world, amount, month=index % 12 + 1)
    expected = sum(amounts * 3, Decimal(0))
    lines = BudgetLine.objects.filter(collaboration=world.alpha)
    total = lines.aggregate(total=MoneySum("amount"))["total"]
    assert total == expected and str(total) == f"{expected:.2f}"
    assert lines.filter(year=YEAR - 1).aggregate(total=MoneySum("amount"))["total"] == Decimal("0.00")
    (pool,) = queries.cost_pools(world.alpha.pk, YEAR, Basis.BUDGET, None, (1, 12))
    assert pool.amount == expected and str(pool.amount) == f"{expected:.2f}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    costs=st.lists(AMOUNTS, min_size=1, max_size=5),
    income=st.lists(AMOUNTS, max_size=3),
    specific=st.lists(AMOUNTS, max_size=2),
)
def test_property_runs_with_ore_prepare_with_exact_totals(world, costs, income, specific) -> None:
    with transaction.atomic():
        _population(world)
        for month, amount in enumerate(costs, start=1):
            _line(world, amount, month=month)
        for month, amount in enumerate(income, start=1):
            _line(world, -amount, month=month, group=AccountGroup.INCOME)
        for month, amount in enumerate(specific, start=1):
            _line(world, amount, month=month, member=world.member_b)
        run = actions.do_prepare_run(acting_user=world.controller_alpha, model=_model(world), basis=Basis.BUDGET)
        run.refresh_from_db()
        expected = {
            AccountGroup.OTHER: sum(costs, Decimal(0)),
            AccountGroup.INCOME: -sum(income, Decimal(0)),
            "specific": sum(specific, Decimal(0)),
        }
        pools = {
            "specific" if pool["member"] else pool["group"]: pool["amount"]
            for pool in run.inputs["pools"]
        }  # fmt: skip
        assert pools == {group: f"{amount:.2f}" for group, amount in expected.items() if amount}
        assert run.total == sum(expected.values(), Decimal(0))
        totals = [Decimal(v) for v in run.output["totals"].values()]
        assert sum(totals, Decimal(0)) == run.total
        assert all(v == v.quantize(Decimal("0.01")) for v in totals)
        lines = AllocationLine.objects.filter(run=run)
        assert sum((line.amount for line in lines), Decimal(0)) == run.total
        assert runs.reproduces(run)
        transaction.set_rollback(True)


def test_follow_up_sums_are_exact(world) -> None:
    _line(world, Decimal("123.45"))
    _line(world, Decimal("0.10"), month=2)
    _line(world, Decimal("0.20"), month=3)
    forecast = actions.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=YEAR, as_of_month=4, name="April"
    )
    for amount in ("12345678.91", "0.29"):
        actions.do_add_forecast_line(
            acting_user=None, forecast=forecast, unit=world.unit_alpha, account_group=AccountGroup.OTHER,
            amount=Decimal(amount),
        )  # fmt: skip
    table = queries.follow_up(Forecast.objects.get(pk=forecast.pk))
    (row,) = table.rows
    assert (str(row.budget), str(row.forecast), str(row.deviation)) == ("123.75", "12345679.20", "-12345555.45")


# -- The same figures give the same digest on every database ----------------------------------
def _fixed_world():
    """A collaboration with fixed primary keys, so its run's snapshot (which names them)
    is the same bytes on SQLite and PostgreSQL whatever ran before."""
    start = datetime.date(2016, 1, 1)
    collaboration = tenancy.do_create_collaboration(
        acting_user=None, pk=990_001, name="IT-nämnden Herrljunga–Vårgårda", legal_form=LegalForm.JOINT_COMMITTEE,
        start_date=start,
    )  # fmt: skip
    herrljunga = tenancy.do_create_member(
        acting_user=None, pk=990_011, collaboration=collaboration, scb_code="1466", name="Herrljunga", joined_on=start
    )
    vargarda = tenancy.do_create_member(
        acting_user=None, pk=990_012, collaboration=collaboration, scb_code="1442", name="Vårgårda", joined_on=start
    )
    unit = tenancy.do_create_unit(
        acting_user=None, pk=990_021, collaboration=collaboration, name="IT, växel och telefoni", code="IT"
    )
    for member, inhabitants in ((herrljunga, 9_459), (vargarda, 11_728)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=2018, inhabitants=inhabitants, employees=inhabitants // 12,
            reference_date=datetime.date(2017, 12, 31),
        )  # fmt: skip
    figures = [
        (1, AccountGroup.STAFF, None, "250000"),
        (1, AccountGroup.STAFF, None, "380000.00"),
        (2, AccountGroup.OTHER, None, "123.45"),
        (3, AccountGroup.OTHER, None, "12345678.91"),
        (4, AccountGroup.INCOME, None, "-201083.33"),
        (5, AccountGroup.OTHER, vargarda, "200000.50"),
    ]
    for month, group, member, amount in figures:
        actions.do_add_budget_line(
            acting_user=None, collaboration=collaboration, year=2018, month=month, unit=unit, account_group=group,
            member=member, amount=Decimal(amount),
        )  # fmt: skip
    model = actions.do_create_allocation_model(
        acting_user=None, pk=990_031, collaboration=collaboration, year=2018, name="Befolkning",
        decision_text="Nämnden § 12/2017",
    )  # fmt: skip
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model, label="Gemensamt efter befolkning", key_parts=[["population", 100]],
        base_fee=Decimal("1000"),
    )  # fmt: skip
    return model


# The digest of the figures above. The same literal on SQLite and on PostgreSQL: a change
# here means a run's stored inputs no longer mean the same on both databases.
FIXED_DIGEST = "30871da67728210e342343e5d889e2b529a2a6b5ee1eb3ded1f8261825d87e25"


def test_the_same_figures_give_the_same_digest_on_every_database(db) -> None:
    run = actions.do_prepare_run(acting_user=None, model=_fixed_world(), basis=Basis.BUDGET)
    run.refresh_from_db()
    assert [(pool["group"], pool["member"], pool["amount"]) for pool in run.inputs["pools"]] == [
        (AccountGroup.INCOME, None, "-201083.33"),
        (AccountGroup.STAFF, None, "630000.00"),  # "250000" and "380000.00" alike
        (AccountGroup.OTHER, None, "12345802.36"),  # 123.45 + 12 345 678.91
        (AccountGroup.OTHER, 990_012, "200000.50"),  # Vårgårda's own, after the common pool
    ]
    assert run.inputs["rules"][0]["base_fee"] == "1000.00"
    assert run.total == Decimal("12974719.53")
    assert runs.digest(run.inputs, run.output) == run.digest
    assert run.digest == FIXED_DIGEST, runs.canonical(run.inputs).decode()
