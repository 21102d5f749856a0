"""Scenarios on a run's inputs: leaving (the exit problem), joining, cutting."""

import datetime
from decimal import Decimal

import pytest

from samdrift.finance import actions, scenarios
from samdrift.finance.allocation import AllocationError
from samdrift.finance.choices import AccountGroup, Basis
from samdrift.tenancy import actions as tenancy

YEAR = 2026


@pytest.fixture
def run(world):
    member_c = tenancy.do_create_member(
        acting_user=None, collaboration=world.alpha, scb_code="1490", joined_on=datetime.date(2020, 1, 1)
    )
    for member, inhabitants in ((world.member_a, 10_000), (world.member_b, 10_000), (member_c, 20_000)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=YEAR, inhabitants=inhabitants, employees=1000,
            reference_date=datetime.date(YEAR - 1, 12, 31),
        )  # fmt: skip
    line = {"acting_user": None, "collaboration": world.alpha, "year": YEAR, "month": 1, "unit": world.unit_alpha}
    actions.do_add_budget_line(**line, account_group=AccountGroup.CAPITAL, amount=Decimal("400000"))
    actions.do_add_budget_line(**line, account_group=AccountGroup.OTHER, amount=Decimal("400000"))
    actions.do_add_budget_line(**line, account_group=AccountGroup.OTHER, member=member_c, amount=Decimal("50000"))
    model = actions.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=YEAR, name="Bef")
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model, label="Bef", key_parts=[["population", 100]]
    )
    made = actions.do_prepare_run(acting_user=None, model=model, basis=Basis.BUDGET)
    made.member_c = member_c
    return made


def by_name(outcome):
    return {row.name: row for row in outcome.rows}


def test_when_a_member_leaves_its_fixed_costs_stay_with_the_others(world, run) -> None:
    leaving = run.member_c  # half the population: it paid 200 000 + 200 000 + its own 50 000
    outcome = scenarios.leaving(run.inputs, {leaving.pk})
    rows = by_name(outcome)
    assert rows[leaving.name].before == Decimal("450000.00") and rows[leaving.name].after is None
    # Capital is fixed: its 200 000 stays. Other costs are 40 % fixed: 80 000 of its 200 000 stays.
    assert outcome.stranded == Decimal("280000.00")
    assert outcome.saved == Decimal("170000.00")  # 120 000 variable + its own 50 000
    assert rows[world.member_a.name].after == Decimal("340000.00")  # 200 000 + 140 000
    assert rows[world.member_a.name].difference == Decimal("140000.00")
    assert outcome.total_after == outcome.total_before - outcome.saved
    everything_fixed = scenarios.leaving(run.inputs, {leaving.pk}, {g: Decimal(100) for g in "13456"})
    assert everything_fixed.total_after == Decimal("800000.00")
    with pytest.raises(AllocationError):
        scenarios.leaving(run.inputs, {world.member_a.pk, world.member_b.pk, leaving.pk})


def test_a_joining_member_lowers_everyones_share(world, run) -> None:
    outcome = scenarios.joining(run.inputs, "Vara", {"population": Decimal(40_000)})
    rows = by_name(outcome)
    assert rows["Vara"].before is None and rows["Vara"].after == Decimal("400000.00")
    assert rows[world.member_a.name].after == Decimal("100000.00")
    assert outcome.total_after == outcome.total_before
    with pytest.raises(AllocationError):
        scenarios.joining(run.inputs, "Vara", {})  # no population for the newcomer


def test_a_member_that_cuts_leaves_the_fixed_part_to_the_others(world, run) -> None:
    outcome = scenarios.cutting(run.inputs, world.member_a.pk, Decimal("100000"))
    rows = by_name(outcome)
    # Herrljunga's 200 000: half capital (fixed), half other costs (40 % fixed) → 70 % fixed.
    assert outcome.stranded == Decimal("70000.00") and outcome.saved == Decimal("30000.00")
    assert rows[world.member_a.name].after == Decimal("100000.00")
    assert sum((row.difference or Decimal(0) for row in outcome.rows), Decimal(0)) == -outcome.saved
    with pytest.raises(AllocationError):
        scenarios.cutting(run.inputs, world.member_a.pk, Decimal("999999"))


def test_the_scenario_page(world, run, client_for) -> None:
    client = client_for("orderer_a")
    page = client.get(f"/finance/scenarios/?run={run.pk}&kind=leave&members={run.member_c.pk}"
                      "&fixed_1=0&fixed_3=70&fixed_4=100&fixed_5=40&fixed_6=100")  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200, html[html.find("error-summary") :][:800]
    assert "280\xa0000,00" in html and "lämnar" in html
    refused = client.get(
        f"/finance/scenarios/?run={run.pk}&kind=cut&fixed_1=0&fixed_3=70&fixed_4=100&fixed_5=40&fixed_6=100"
    )
    assert refused.status_code == 400 and "Välj medlemskommunerna." in refused.content.decode()
    assert client_for("requester_a1").get("/finance/scenarios/").status_code == 403
