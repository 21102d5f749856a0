"""Every finance file answers with a file, whatever the names hold, or with a clear 4xx:
SIE 4 budget and outcome, SIE 4I and CSV invoices (page and API), the follow-up and the
member statement as XLSX and PDF, budget and outcome lines as CSV and XLSX (issue 19: the
demo's "IT-nämnden Herrljunga–Vårgårda" made every SIE export a 500)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from samdrift.core.versions import SYSTEM
from samdrift.finance import actions, demo, ledger, sie
from samdrift.finance.choices import AccountGroup, Basis
from samdrift.finance.models import BudgetLine
from samdrift.tenancy import actions as tenancy

D = datetime.date
DEMO_NAME = "IT-nämnden Herrljunga–Vårgårda"
# Names as people type (and paste) them: the dashes and quotes of issue 19, Swedish letters,
# and any other Unicode (but NUL and lone surrogates, which no request carries and PostgreSQL
# text cannot hold).
NAMES = st.text(
    st.sampled_from("aZ0 -–—”“„’‘…\u00a0åäöÅÄÖéü§€\t")
    | st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda name: name.strip())


@pytest.fixture
def seed(world):
    """Seed 001's 2018 figures in the world's collaboration, renamed like the demo's."""
    for member, inhabitants in ((world.member_a, 9_432), (world.member_b, 11_620)):
        tenancy.do_update_member(member, acting_user=None, expected_version=SYSTEM, joined_on=D(2015, 1, 1))
        tenancy.do_record_population(
            acting_user=None, member=member, year=2018, inhabitants=inhabitants, employees=900,
            reference_date=D(2017, 12, 31),
        )  # fmt: skip
    tenancy.do_update_collaboration(world.alpha, acting_user=None, expected_version=SYSTEM, name=DEMO_NAME)
    tenancy.do_update_unit(
        world.unit_alpha, acting_user=None, expected_version=SYSTEM, code="KL", name="IT, växel – telefoni ”Nätet”"
    )
    return demo.build_seed_year(
        acting_user=None, collaboration=world.alpha, members={"1466": world.member_a, "1442": world.member_b},
        units={code: world.unit_alpha for code in ("SD", "KL", "INF", "NÄT", "VX")},
    )  # fmt: skip


@pytest.fixture
def issued(world, seed):
    run = actions.do_prepare_run(
        acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=seed["forecasts"][4]
    )
    return actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)


def _read_sie(response) -> sie.SieFile:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/plain; charset=cp437"
    return sie.read(response.content)


def test_budget_and_outcome_as_sie_for_the_demo_name(world, seed, client_for) -> None:
    """Regression: the en dash in the collaboration's name answered 500."""
    client = client_for("controller_alpha")
    budget = _read_sie(client.get("/finance/export/budget/?format=sie&year=2018"))
    assert budget.company == "IT-nämnden Herrljunga-Vårgårda"
    assert sum((row.amount for row in budget.period_budgets), Decimal(0)) == Decimal("15199000")
    assert budget.objects[("1", "KL")] == 'IT, växel - telefoni "Nätet"'
    assert budget.objects[("20", "1442")] == "Vårgårda"
    outcome = _read_sie(client.get("/finance/export/outcome/?format=sie&year=2018"))
    assert outcome.company in ("IT-nämnden Herrljunga-Vårgårda", "")  # no outcome yet: an empty, valid file
    assert outcome.fiscal_year == (D(2018, 1, 1), D(2018, 12, 31))


def test_a_year_without_figures_is_an_empty_sie_file(world, client_for) -> None:
    empty = _read_sie(client_for("controller_alpha").get("/finance/export/budget/?format=sie&year=2031"))
    assert empty.period_budgets == [] and empty.fiscal_year == (D(2031, 1, 1), D(2031, 12, 31))


@pytest.mark.parametrize("year", ["", "x", "1066", "99999"])
def test_sie_without_a_valid_year_is_a_clear_400(world, client_for, year: str) -> None:
    answer = client_for("controller_alpha").get(f"/finance/export/budget/?format=sie&year={year}")
    assert answer.status_code == 400 and "Välj ett år att exportera som SIE." in answer.content.decode()


def test_an_unknown_export_is_404(world, issued, client_for) -> None:
    client = client_for("controller_alpha")
    assert client.get("/finance/export/everything/").status_code == 404
    assert client.get(f"/finance/allocationruns/{issued.pk}/invoices.pdf").status_code == 404


def test_invoices_as_sie_and_csv_for_the_demo_name(world, issued, client_for, api_for) -> None:
    """Regression: the invoice page and the API answered 500."""
    page = _read_sie(client_for("controller_alpha").get(f"/finance/allocationruns/{issued.pk}/invoices.sie"))
    api = _read_sie(api_for("controller_alpha").get(f"/api/v1/allocation-runs/{issued.pk}/invoices/?kind=sie"))
    for invoices in (page, api):
        assert invoices.sie_type == "4I" and invoices.company == "IT-nämnden Herrljunga-Vårgårda"
        assert len(invoices.vouchers) == 2 and all(v.is_balanced() for v in invoices.vouchers)
        assert sorted(v.text.split(" 2018")[0] for v in invoices.vouchers) == ["Herrljunga", "Vårgårda"]
    rows = list(csv.reader(io.StringIO(client_for("controller_alpha").get(
        f"/finance/allocationruns/{issued.pk}/invoices.csv").content.decode()), delimiter=";"))  # fmt: skip
    assert rows[0][0] == "member" and {row[0] for row in rows[1:]} == {"Herrljunga", "Vårgårda"}
    assert sum(Decimal(row[4]) for row in rows[1:]) == Decimal("15199000.00")


def test_invoices_for_part_of_a_year_name_the_period_with_a_plain_dash(world, seed) -> None:
    """The period "2018-01–2018-04" held an en dash too."""
    run = actions.do_prepare_run(acting_user=None, model=seed["models"][0], basis=Basis.BUDGET, last_month=4)
    run = actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    back = sie.read(ledger.invoices_sie(run, D(2018, 5, 1)))
    assert all("2018-01-2018-04" in voucher.text for voucher in back.vouchers)


def test_an_export_error_is_a_clear_422_page_and_json(world, issued, client_for, api_for, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> bytes:
        raise sie.SieError("voucher F 1 does not balance")

    monkeypatch.setattr(ledger, "invoices_sie", refuse)
    monkeypatch.setattr(ledger, "figures_sie", refuse)
    client = client_for("controller_alpha")
    for url in (f"/finance/allocationruns/{issued.pk}/invoices.sie", "/finance/export/budget/?format=sie&year=2018"):
        page = client.get(url)
        assert page.status_code == 422
        assert "Filen kunde inte skapas: voucher F 1 does not balance" in page.content.decode()
    client.cookies["django_language"] = "en"  # the language switch
    english = client.get(f"/finance/allocationruns/{issued.pk}/invoices.sie")
    assert english.status_code == 422 and "The file could not be made" in english.content.decode()
    api = api_for("controller_alpha")
    url = f"/api/v1/allocation-runs/{issued.pk}/invoices/?kind=sie"
    answer = api.get(url)
    assert answer.status_code == 422 and answer["Content-Type"] == "application/json"
    assert answer.json() == {
        "detail": "Filen kunde inte skapas: voucher F 1 does not balance",
        "code": "export_failed",
    }
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["detail"].startswith("The file could not be made: ")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(collaboration=NAMES, member=NAMES, unit=NAMES, code=NAMES.map(lambda name: name[:20]))
def test_property_any_names_give_readable_sie(world, issued, collaboration, member, unit, code) -> None:
    with transaction.atomic():
        tenancy.do_update_collaboration(world.alpha, acting_user=None, expected_version=SYSTEM, name=collaboration)
        tenancy.do_update_member(world.member_b, acting_user=None, expected_version=SYSTEM, name=member)
        tenancy.do_update_unit(world.unit_alpha, acting_user=None, expected_version=SYSTEM, name=unit, code=code)
        issued.allocation_model.collaboration.refresh_from_db()
        invoices = sie.read(ledger.invoices_sie(issued, D(2018, 6, 1)))
        assert invoices.company == sie.pc8_text(collaboration)
        assert any(v.text.startswith(sie.pc8_text(member)) for v in invoices.vouchers)
        assert all(v.is_balanced() for v in invoices.vouchers)
        lines = BudgetLine.objects.filter(year=2018).select_related("unit", "member")
        try:
            budget = sie.read(
                ledger.figures_sie(lines, kind="PBUDGET", company=collaboration, year=2018, generated=D(2018, 1, 5))
            )
        except sie.SieError as error:  # a cost-centre code that is nothing in PC8 (e.g. only "\u200b")
            assert "must not be empty" in str(error) and not sie.pc8_text(code)
        else:
            assert (ledger.UNIT_DIMENSION, sie.pc8_text(code)) in budget.objects
            assert sum((row.amount for row in budget.period_budgets), Decimal(0)) == Decimal("15199000")
        transaction.set_rollback(True)


def test_csv_invoices_keep_any_name_exactly(world, issued, api_for) -> None:
    name = "Vårgårda – ”Sjuhärad” ’24… 中文 😀"
    tenancy.do_update_member(world.member_b, acting_user=None, expected_version=SYSTEM, name=name)
    answer = api_for("controller_alpha").get(f"/api/v1/allocation-runs/{issued.pk}/invoices/")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8")), delimiter=";"))
    assert name in {row[0] for row in rows}


# -- XLSX and PDF ----------------------------------------------------------------------------
TRICKY = "=SUM(A1:A9) – ”tänk” \x0bpå\x01 😀"


def test_follow_up_xlsx_and_pdf_with_any_text(world, seed, client_for) -> None:
    """A comment pasted with a control character made the XLSX a 500 (openpyxl refuses it),
    and a text starting with = became a formula."""
    april = seed["forecasts"][4]
    line = april.lines.first()
    actions.do_update_forecast_line(line, acting_user=None, expected_version=SYSTEM, comment=TRICKY)
    client = client_for("controller_alpha")
    xlsx = client.get(f"/finance/followup/?forecast={april.pk}&export=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == DEMO_NAME
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("=SUM(A1:A9) – ”tänk” på 😀" in text for text in texts)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    pdf = client.get(f"/finance/followup/?forecast={april.pk}&export=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_follow_up_of_a_forecast_without_lines(world, client_for) -> None:
    empty = actions.do_create_forecast(acting_user=None, collaboration=world.alpha, year=2030, as_of_month=1, name="–")
    client = client_for("controller_alpha")
    assert client.get(f"/finance/followup/?forecast={empty.pk}").status_code == 200
    xlsx = client.get(f"/finance/followup/?forecast={empty.pk}&export=xlsx")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content)).active["A1"].value == "Alpha IT-nämnd"
    pdf = client.get(f"/finance/followup/?forecast={empty.pk}&export=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_statement_xlsx_and_pdf_with_and_without_a_run(world, seed, client_for) -> None:
    tenancy.do_update_member(
        world.member_a, acting_user=None, expected_version=SYSTEM, name="Herrljunga – ”Hjärtat” 😀"
    )
    client = client_for("controller_alpha")
    base = f"/finance/statement/?member={world.member_a.pk}&year=2018"
    for issue in (True, False):  # first without an issued run, then with one
        xlsx = client.get(f"{base}&export=xlsx")
        assert xlsx.status_code == 200
        assert load_workbook(io.BytesIO(xlsx.content)).active["B1"].value == "Herrljunga – ”Hjärtat” 😀"
        pdf = client.get(f"{base}&export=pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        if issue:
            run = actions.do_prepare_run(
                acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=seed["forecasts"][4]
            )
            actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    assert "Herrljunga – ”Hjärtat” 😀" in client.get(base).content.decode()


def test_lines_as_csv_and_xlsx_with_any_text_round_trip(world, client_for) -> None:
    actions.do_add_budget_line(
        acting_user=None, collaboration=world.alpha, year=2031, month=1, unit=world.unit_alpha,
        account_group=AccountGroup.OTHER, amount=Decimal("12345678.91"), text=TRICKY, project="P–1",
    )  # fmt: skip
    client = client_for("controller_alpha")
    as_csv = client.get("/finance/export/budget/?format=csv&year=2031")
    assert as_csv.status_code == 200
    (row,) = ledger.read_csv(as_csv.content)
    assert (row["text"], row["project"], row["amount"]) == (TRICKY, "P–1", "12345678.91")
    as_xlsx = client.get("/finance/export/budget/?format=xlsx&year=2031")
    assert as_xlsx.status_code == 200
    (cells,) = ledger.read_xlsx(as_xlsx.content)
    assert cells["text"] == "=SUM(A1:A9) – ”tänk” på 😀" and Decimal(str(cells["amount"])) == Decimal("12345678.91")
    empty = client.get("/finance/export/outcome/?format=xlsx&year=2031")
    assert empty.status_code == 200 and ledger.read_xlsx(empty.content) == []
    assert ledger.read_csv(client.get("/finance/export/outcome/?year=2031").content) == []
