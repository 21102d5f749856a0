"""A controller issues an allocation run; an orderer reads what the member got for its money."""

import datetime

import pytest

from samdrift.core.versions import SYSTEM
from samdrift.finance import actions, demo, runs
from samdrift.finance.choices import RunState
from samdrift.finance.models import AllocationRun
from samdrift.tenancy import actions as tenancy
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def seed_year(world):
    for member, inhabitants in ((world.member_a, 9_432), (world.member_b, 11_620)):
        tenancy.do_update_member(member, acting_user=None, expected_version=SYSTEM, joined_on=datetime.date(2015, 1, 1))
        tenancy.do_record_population(
            acting_user=None, member=member, year=2018, inhabitants=inhabitants, employees=900,
            reference_date=datetime.date(2017, 12, 31),
        )  # fmt: skip
    return demo.build_seed_year(
        acting_user=None, collaboration=world.alpha, members={"1466": world.member_a, "1442": world.member_b},
        units={code: world.unit_alpha for code in ("SD", "KL", "INF", "NÄT", "VX")},
    )  # fmt: skip


def test_controller_issues_a_run_and_an_orderer_reads_the_statement(page, live_server, live_world) -> None:
    seed_year(live_world)
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ekonomisk uppföljning (nämndens tabell)").click()
    page.get_by_role("combobox", name="Prognos").select_option(label="Prognos april 2018")
    page.get_by_role("button", name="Visa").click()
    net = page.get_by_role("row", name="Nettokostnad/Kommunbidrag").first
    assert "15\xa0199" in net.inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/finance/")
    page.get_by_role("link", name="Förbered en fördelningskörning").click()
    page.get_by_label("Fördelningsmodell").select_option(label="Befolkningsandel 2018")
    page.get_by_label("Siffror").select_option(label="Prognos")
    page.get_by_role("button", name="Förbered").click()
    assert "Välj prognosen som ska fördelas." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_role("combobox", name="Prognos", exact=True).select_option(label="Prognos april 2018")
    page.get_by_role("button", name="Förbered").click()
    page.wait_for_url("**/finance/allocationruns/*/")
    assert page.get_by_role("heading", name="Varför Vårgårda betalar detta").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Fastställ körningen").click()
    assert "Körningen är fastställd" in page.get_by_role("status").inner_text()
    assert AllocationRun.objects.get().state == RunState.ISSUED

    page.context.clear_cookies()
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    page.get_by_role("link", name="Vad fick vi för pengarna? (medlemsredovisning)").click()
    page.get_by_role("spinbutton", name="År").fill("2018")
    page.get_by_role("button", name="Visa").click()
    assert page.get_by_role("heading", name="Vad fick vi för pengarna? — Vårgårda 2018").is_visible()
    assert "Herrljunga" in page.get_by_role("region", name="Jämförelse med de andra medlemskommunerna").inner_text()
    assert page.get_by_role("button", name="Fastställ körningen").count() == 0
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner PDF").click()
    assert download.value.suggested_filename == "medlemsredovisning-1442-2018.pdf"
    assert runs.reproduces(AllocationRun.objects.get())


def test_controller_compares_models_tries_an_exit_and_imports_the_ledger(
    page, live_server, live_world, tmp_path
) -> None:
    from decimal import Decimal

    from samdrift.finance import sie
    from samdrift.finance.choices import Basis

    seed = seed_year(live_world)
    population, usage = seed["models"]
    april = seed["forecasts"][4]
    first = actions.do_prepare_run(acting_user=None, model=population, basis=Basis.FORECAST, forecast=april)
    second = actions.do_prepare_run(acting_user=None, model=usage, basis=Basis.FORECAST, forecast=april)
    log_in(page, live_server.url, "controller_alpha", PASSWORD)

    page.goto(f"{live_server.url}/finance/allocationruns/compare/")
    page.get_by_label(str(first), exact=False).first.check()
    page.get_by_label(str(second), exact=False).first.check()
    page.get_by_role("button", name="Jämför").click()
    row = page.get_by_role("row", name="Herrljunga")
    assert "+" in row.inner_text() or "-" in row.inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/finance/scenarios/")
    page.get_by_label("Utgår från körningen").select_option(label=str(first))
    page.get_by_label("Scenario").select_option(label="Medlemskommuner lämnar")
    page.get_by_label("Vårgårda").check()
    page.get_by_role("button", name="Beräkna").click()
    assert "lämnar" in page.get_by_role("row", name="Vårgårda").inner_text()
    assert "Fasta kostnader som de andra tar över" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    kl = (("1", "KL"),)
    ledger_file = tmp_path / "maj.se"
    ledger_file.write_bytes(sie.write(sie.SieFile(
        sie_type="4", program="Ekonomi", program_version="1", generated=datetime.date(2018, 6, 1), company="Herrljunga",
        fiscal_year=(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)),
        vouchers=[sie.Voucher("A", 1, datetime.date(2018, 3, 31), "Löner", [
            sie.Transaction("5010", Decimal(100), kl), sie.Transaction("2440", Decimal(-100))])],
    )))  # fmt: skip
    tenancy.do_update_unit(live_world.unit_alpha, acting_user=None, expected_version=SYSTEM, code="KL")
    page.goto(f"{live_server.url}/finance/import/")
    page.get_by_label("Vad").select_option(label="Utfall från huvudboken (SIE 4)")
    page.get_by_label("År (SIE)").fill("2018")
    page.get_by_label("Fil").set_input_files(str(ledger_file))
    page.get_by_role("button", name="Importera").click()
    assert "2018-03 är stängd" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
