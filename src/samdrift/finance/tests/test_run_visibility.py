"""Who reads an allocation run: its inputs and output hold every member's figures.

A run's snapshot (inputs, output, lines, invoices) names what each member pays and each
member's own costs. Collaboration-wide finance roles (controller, administrator,
committee member, unit lead) read every run of their collaboration. A member's people
(an orderer, a member administrator) read runs only when the collaboration has the
"members see each other's statements" switch on; otherwise they read their own member's
part through the member statement. Hidden runs answer 404, like missing ones, on every
path: run page, comparison, invoice files and the API.
"""

import datetime
from decimal import Decimal

import pytest

from samdrift.finance import actions
from samdrift.finance.choices import AccountGroup, Basis
from samdrift.tenancy import actions as tenancy

YEAR = 2026
SECRET = "Vårgårdas eget – trådlöst nät"


@pytest.fixture
def run(world):
    """An issued run of Alpha that carries a cost specific to member B."""
    for member, inhabitants in ((world.member_a, 9_459), (world.member_b, 11_728)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=YEAR, inhabitants=inhabitants, employees=inhabitants // 10,
            reference_date=datetime.date(YEAR - 1, 12, 31),
        )  # fmt: skip
    line = {"acting_user": None, "collaboration": world.alpha, "year": YEAR, "month": 3, "unit": world.unit_alpha}
    actions.do_add_budget_line(**line, account_group=AccountGroup.OTHER, amount=Decimal("100000"))
    actions.do_add_budget_line(
        **line, account_group=AccountGroup.OTHER, member=world.member_b, amount=Decimal("200000.50"), text=SECRET
    )
    model = actions.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=YEAR, name="Bef.")
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model, label="Bef.", key_parts=[["population", 100]]
    )
    prepared = actions.do_prepare_run(acting_user=world.controller_alpha, model=model, basis=Basis.BUDGET)
    return actions.do_issue_run(prepared, acting_user=world.controller_alpha, expected_version=prepared.version)


@pytest.fixture
def closed(world):
    """Alpha keeps each member's statement to that member."""
    return actions.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)


def paths(run) -> list[str]:
    return [
        f"/finance/allocationruns/{run.pk}/",
        f"/finance/allocationruns/{run.pk}/invoices.sie",
        f"/finance/allocationruns/{run.pk}/invoices.csv",
        f"/finance/allocationruns/compare/?runs={run.pk}&runs={run.pk}",
    ]


@pytest.mark.parametrize("username", ["orderer_a", "admin_b"])
def test_with_transparency_off_a_member_reads_no_run(world, run, closed, client_for, api_for, username) -> None:
    client = client_for(username)
    for path in paths(run):
        assert client.get(path).status_code == 404, path
    listing = client.get("/finance/allocationruns/")
    assert listing.status_code == 200 and f"/finance/allocationruns/{run.pk}/" not in listing.content.decode()
    api = api_for(username)
    assert api.get(f"/api/v1/allocation-runs/{run.pk}/").status_code == 404
    assert api.get(f"/api/v1/allocation-runs/{run.pk}/invoices/?kind=sie").status_code == 404
    assert api.get(f"/api/v1/allocation-runs/{run.pk}/invoices/?kind=csv").status_code == 404
    assert api.get("/api/v1/allocation-runs/").json()["count"] == 0
    assert api.get(f"/api/v1/allocation-models/{run.allocation_model_id}/").status_code == 200, "the model is public"


def test_with_transparency_off_the_orderer_reads_their_part_in_the_statement(world, run, closed, client_for) -> None:
    page = client_for("orderer_a").get(f"/finance/statement/?member={world.member_a.pk}&year={YEAR}")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert client_for("orderer_b").get(f"/finance/statement/?member={world.member_b.pk}&year={YEAR}").status_code == 200


def test_with_transparency_off_collaboration_wide_finance_roles_read_the_run(
    world, run, closed, client_for, api_for
) -> None:
    for username in ("controller_alpha", "admin_alpha", "lead_alpha"):
        client = client_for(username)
        for path in paths(run)[:3]:
            assert client.get(path).status_code == 200, (username, path)
        assert api_for(username).get(f"/api/v1/allocation-runs/{run.pk}/").status_code == 200
    # Other collaborations never do.
    assert client_for("admin_beta").get(paths(run)[0]).status_code == 404
    assert api_for("admin_beta").get(f"/api/v1/allocation-runs/{run.pk}/").status_code == 404


def test_with_transparency_on_members_read_every_run(world, run, client_for, api_for) -> None:
    client = client_for("orderer_a")
    for path in paths(run)[:3]:
        assert client.get(path).status_code == 200, path
    detail = api_for("orderer_a").get(f"/api/v1/allocation-runs/{run.pk}/")
    assert detail.status_code == 200 and str(world.member_b.pk) in detail.json()["output"]["totals"]
    # …but never as requesters, and never another collaboration's.
    assert client_for("requester_a1").get(paths(run)[0]).status_code == 404
    assert client_for("requester_c1").get(paths(run)[0]).status_code == 404
