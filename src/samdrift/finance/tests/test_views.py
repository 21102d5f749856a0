"""Finance pages and API: the committee's follow-up (seed 001's 2018 table), runs
prepared, explained, issued and compared, and who may do what."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from samdrift.core.formatting import money
from samdrift.core.versions import SYSTEM
from samdrift.finance import actions, demo, queries
from samdrift.finance.choices import Basis, RunState
from samdrift.finance.models import AllocationRun, Forecast

SEED_TABLE = [
    [-2413, -4413, 2000, 0],
    [7558, 7558, 0, 0],
    [7582, 9582, -2000, 0],
    [2472, 2472, 0, 0],
    [15199, 15199, 0, 0],
]
SEED_INVESTMENTS = [[1500, 1500, 0, 0], [1400, 1400, 0, 0], [500, 500, 0, 0], [2000, 2000, 0, 0],
                    [2000, 2000, 0, 0], [7400, 7400, 0, 0]]  # fmt: skip


@pytest.fixture
def seed(world):
    from samdrift.tenancy import actions as tenancy

    for member in (world.member_a, world.member_b):  # members since 2015, as in seed 001
        tenancy.do_update_member(member, acting_user=None, expected_version=SYSTEM, joined_on=datetime.date(2015, 1, 1))
        member.refresh_from_db()
    units = {code: world.unit_alpha for code in ("SD", "KL", "INF", "NÄT", "VX")}
    made = demo.build_seed_year(
        acting_user=None, collaboration=world.alpha, members={"1466": world.member_a, "1442": world.member_b},
        units=units,
    )  # fmt: skip
    for member, inhabitants in ((world.member_a, 9_432), (world.member_b, 11_620)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=2018, inhabitants=inhabitants, employees=900,
            reference_date=datetime.date(2017, 12, 31),
        )  # fmt: skip
    return made


def test_the_seed_table_is_reproduced_figure_for_figure(seed) -> None:
    table = queries.follow_up(seed["forecasts"][4])
    assert [row.label for row in table.rows] == [
        "1 Intäkter", "3 Personalkostnader", "5 Övriga kostnader", "6 Kapitalkostnader",
    ]  # fmt: skip
    assert table.in_thousands() == {"rows": SEED_TABLE, "investments": SEED_INVESTMENTS}
    assert table.previous == seed["forecasts"][3]
    assert [r.member for r in table.investments] == ["Vårgårda"] * 3 + ["Herrljunga"] * 2
    assert any("matchas mot motsvarande intäkter" in c for c in table.rows[2].comments)


def test_the_follow_up_page_and_its_exports(world, seed, client_for) -> None:
    client = client_for("orderer_a")
    april = seed["forecasts"][4]
    page = client.get(f"/finance/followup/?forecast={april.pk}")
    html = page.content.decode()
    assert page.status_code == 200, html
    for figure in ("-2\xa0413", "15\xa0199", "7\xa0400", "9\xa0582", "Nettokostnad/Kommunbidrag"):
        assert figure in html, figure
    xlsx = client.get(f"/finance/followup/?forecast={april.pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    net = next(row for row in values if row[0] == "Nettokostnad/Kommunbidrag")
    assert net[1:5] == [15199, 15199, 0, 0]
    pdf = client.get(f"/finance/followup/?forecast={april.pk}&export=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client_for("requester_a1").get("/finance/followup/").status_code == 403


def test_a_controller_prepares_and_issues_a_run_in_the_ui(world, seed, client_for) -> None:
    population = seed["models"][0]
    april = seed["forecasts"][4]
    controller = client_for("controller_alpha")
    refused = controller.post(
        "/finance/allocationruns/add/", {"allocation_model": population.pk, "basis": "forecast", "first_month": 1,
                                             "last_month": 12},
    )  # fmt: skip
    assert refused.status_code == 400 and "Välj prognosen som ska fördelas." in refused.content.decode()
    made = controller.post(
        "/finance/allocationruns/add/", {"allocation_model": population.pk, "basis": "forecast",
                                             "forecast": april.pk, "first_month": 1, "last_month": 12},
    )  # fmt: skip
    run = AllocationRun.objects.get()
    assert made.status_code == 302 and made["Location"] == run.get_absolute_url()
    page = client_for("orderer_a").get(run.get_absolute_url()).content.decode()
    assert "Varför Herrljunga betalar detta" in page and "Kommunspecifik" in page
    assert client_for("orderer_a").post(f"/finance/allocationruns/{run.pk}/issue/", {"version": 1}).status_code == 403
    controller.post(f"/finance/allocationruns/{run.pk}/issue/", {"version": run.version})
    run.refresh_from_db()
    assert run.state == RunState.ISSUED
    controller.post(f"/finance/allocationruns/{run.pk}/discard/", {"version": run.version})
    assert AllocationRun.objects.filter(pk=run.pk).exists(), "an issued run is never deleted"


def test_a_run_action_on_a_stale_or_missing_version_shows_the_run_again(world, seed, client_for) -> None:
    """Issue and discard are the generic one-action view: a post without its version is
    refused with 400, a stale one with 409, each on the run's own page, and the run stays."""
    population = seed["models"][0]
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=population, basis=Basis.BUDGET)
    controller = client_for("controller_alpha")
    missing = controller.post(f"/finance/allocationruns/{run.pk}/issue/", {})
    assert missing.status_code == 400 and run.digest in missing.content.decode()
    assert 'role="alert"' in missing.content.decode()
    stale = controller.post(f"/finance/allocationruns/{run.pk}/discard/", {"version": run.version + 5})
    assert stale.status_code == 409 and run.digest in stale.content.decode()
    run.refresh_from_db()
    assert run.state == RunState.PREPARED
    assert controller.get("/finance/allocationruns/prepare/").status_code == 301, "the old address still leads on"
    gone = controller.post(f"/finance/allocationruns/{run.pk}/discard/", {"version": run.version})
    assert gone.status_code == 302 and gone["Location"] == "/finance/allocationruns/"
    assert not AllocationRun.objects.filter(pk=run.pk).exists()


def test_runs_through_the_api_and_side_by_side(world, seed, api_for, client_for) -> None:
    population, usage = seed["models"]
    april = seed["forecasts"][4]
    body = {"allocation_model": population.pk, "basis": "forecast", "forecast": april.pk}
    assert api_for("orderer_a").post("/api/v1/allocation-runs/prepare/", body, format="json").status_code == 403
    api = api_for("controller_alpha")
    first = api.post("/api/v1/allocation-runs/prepare/", body, format="json")
    assert first.status_code == 201, first.json()
    second = api.post("/api/v1/allocation-runs/prepare/", {**body, "allocation_model": usage.pk}, format="json")
    a, b = first.json(), second.json()
    assert sum(Decimal(v) for v in a["output"]["totals"].values()) == Decimal("15199000.00")
    assert a["output"]["totals"] != b["output"]["totals"]
    issued = api.post(f"/api/v1/allocation-runs/{a['id']}/issue/", headers={"If-Match": '"1"'})
    assert issued.status_code == 200 and issued.json()["state"] == "issued"
    assert api.put(f"/api/v1/allocation-runs/{a['id']}/", {}, format="json").status_code == 405
    assert api.delete(f"/api/v1/allocation-runs/{a['id']}/").status_code == 405
    again = api.post(f"/api/v1/allocation-runs/{a['id']}/issue/", headers={"If-Match": '"2"'})
    assert again.status_code == 400
    page = client_for("orderer_b").get(f"/finance/allocationruns/compare/?runs={a['id']}&runs={b['id']}")
    html = page.content.decode()
    assert page.status_code == 200 and "Skillnad, Användning (köp och sälj)" in html
    rows = queries.compare_runs([AllocationRun.objects.get(pk=a["id"]), AllocationRun.objects.get(pk=b["id"])])
    assert sum((row["differences"][0] for row in rows), Decimal(0)) == 0, "the same total, shared differently"


def test_finance_lists_run_a_fixed_number_of_queries(world, seed, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("controller_alpha")
    urls = ["/finance/budgetlines/", "/finance/forecastlines/", "/finance/investments/", "/finance/allocationruns/",
            "/finance/allocationrules/", "/finance/outcomelines/"]  # fmt: skip

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found[url] = len(ctx)
        return found

    actions.do_prepare_run(
        acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=seed["forecasts"][4]
    )
    before = counts()
    actions.do_prepare_run(
        acting_user=None, model=seed["models"][1], basis=Basis.FORECAST, forecast=seed["forecasts"][3]
    )
    more = Forecast.objects.create(collaboration=world.alpha, year=2018, as_of_month=8, name="Augusti")
    actions.do_add_forecast_line(acting_user=None, forecast=more, unit=world.unit_alpha, account_group="5",
                                 member=world.member_a, amount=Decimal(5))  # fmt: skip
    assert counts() == before


def test_cost_per_inhabitant_needs_only_the_run_and_the_population(world, seed, django_assert_num_queries) -> None:
    """Goals and the economy page divide the run's cost by the population: one query (the
    population), none of the statement's ticket, hour and rating sums over a year."""
    from samdrift.finance import statements
    from samdrift.followup import economy

    run = actions.do_prepare_run(
        acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=seed["forecasts"][4]
    )
    actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    members = [world.member_a, world.member_b]
    with django_assert_num_queries(1):
        costs = statements.cost_figures(members, 2018, run)
    full = statements.key_figures(members, 2018, run)
    for member in members:
        assert costs[member.pk].cost == full[member.pk].cost == Decimal(run.output["totals"][str(member.pk)])
        assert costs[member.pk].per_inhabitant == full[member.pk].per_inhabitant is not None
    readers, figures = economy.cost_per_inhabitant(world.controller_alpha, [2017, 2018])
    assert {m.pk for m in readers} >= {world.member_a.pk, world.member_b.pk}
    assert figures[world.member_b.pk] == {2018: full[world.member_b.pk].per_inhabitant}


def test_the_member_statement_and_who_reads_it(world, seed, client_for) -> None:
    from samdrift.finance import statements

    population = seed["models"][0]
    run = actions.do_prepare_run(
        acting_user=None, model=population, basis=Basis.FORECAST, forecast=seed["forecasts"][4]
    )
    actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    statement = statements.member_statement(world.member_b, 2018)
    assert statement.run == run
    total = sum((amount for _label, amount in statement.by_group), Decimal(0))
    assert total == statement.figures.cost == Decimal(run.output["totals"][str(world.member_b.pk)])
    assert statement.figures.per_inhabitant == (total / 11_620).quantize(Decimal("0.01"))
    assert [o.member for o in statement.others] == [world.member_a] and statement.collaboration_total == Decimal(
        "15199000.00"
    )
    orderer = client_for("orderer_a")
    own = orderer.get("/finance/statement/?year=2018")
    assert own.status_code == 200 and "Vad fick vi för pengarna? — Herrljunga 2018" in own.content.decode()
    assert orderer.get(f"/finance/statement/?member={world.member_b.pk}&year=2018").status_code == 200
    pdf = orderer.get(f"/finance/statement/?member={world.member_a.pk}&year=2018&export=pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = orderer.get(f"/finance/statement/?member={world.member_a.pk}&year=2018&export=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active["B1"].value == "Herrljunga"
    # A collaboration that keeps statements to each member: Vårgårda's is no longer Herrljunga's to read.
    actions.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)
    assert orderer.get(f"/finance/statement/?member={world.member_b.pk}&year=2018").status_code == 400
    closed = orderer.get("/finance/statement/?year=2018").content.decode()
    assert "Vårgårda" not in closed.split("Jämförelse med de andra medlemskommunerna")[1]
    assert (
        client_for("controller_alpha").get(f"/finance/statement/?member={world.member_b.pk}&year=2018").status_code
        == 200
    )
    assert client_for("requester_a1").get("/finance/statement/").status_code == 403


def test_follow_up_statement_and_invoices_through_the_api(world, seed, api_for) -> None:
    april = seed["forecasts"][4]
    api = api_for("orderer_a")
    table = api.get(f"/api/v1/reports/followup/?forecast={april.pk}").json()
    assert table["thousands"]["rows"] == SEED_TABLE and table["rows"][0]["name"] == "1 Intäkter"
    assert table["total"]["budget"] == "15199000.00" and table["previous"] == seed["forecasts"][3].pk
    assert api.get("/api/v1/reports/followup/").status_code == 400
    assert api_for("requester_a1").get(f"/api/v1/reports/followup/?forecast={april.pk}").status_code == 403
    run = actions.do_prepare_run(acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=april)
    statement = api.get(f"/api/v1/reports/statement/?member={world.member_a.pk}&year=2018").json()
    assert statement["run"] is None and statement["cost"] == "0.00", "no run is issued yet"
    assert api.get(f"/api/v1/allocation-runs/{run.pk}/invoices/").status_code == 400
    actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    statement = api.get(f"/api/v1/reports/statement/?member={world.member_a.pk}&year=2018").json()
    assert Decimal(statement["cost"]) == Decimal(run.output["totals"][str(world.member_a.pk)])
    assert [o["name"] for o in statement["others"]] == ["Vårgårda"]
    sie_file = api.get(f"/api/v1/allocation-runs/{run.pk}/invoices/?kind=sie")
    assert sie_file.status_code == 200 and b"#SIETYP 4" in sie_file.content


def test_statement_without_an_issued_run_shows_the_expected_cost(world, seed, client_for) -> None:
    from samdrift.finance.statements import member_statement

    april = seed["forecasts"][4]
    run = actions.do_prepare_run(acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=april)
    statement = member_statement(world.member_a, 2018)
    expected = Decimal(run.output["totals"][str(world.member_a.pk)])
    assert statement.provisional and statement.run is None and statement.prepared_run == run
    assert statement.expected_from_run == expected and statement.figures.cost == Decimal("0.00")
    page = client_for("orderer_a").get(f"/finance/statement/?member={world.member_a.pk}&year=2018").content.decode()
    assert "Förväntad kostnad – ännu inte fastställd" in page
    assert money(expected) in page
    actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    issued = member_statement(world.member_a, 2018)
    assert not issued.provisional and issued.figures.cost == expected


def test_the_follow_up_opens_on_the_current_year(world, seed, client_for) -> None:
    from django.utils import timezone

    this_year = timezone.localdate().year
    client = client_for("controller_alpha")
    older = seed["forecasts"][4]
    assert client.get("/finance/followup/").context["form"]["forecast"].value() == str(older.pk)
    current = actions.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=this_year, as_of_month=1, name="Prognos – ”nu”"
    )
    actions.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=this_year + 3, as_of_month=12, name="Plan"
    )
    page = client.get("/finance/followup/")
    assert page.status_code == 200
    assert page.context["form"]["forecast"].value() == str(current.pk)
