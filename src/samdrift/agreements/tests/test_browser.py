"""An orderer signs a yearly agreement; a controller computes the penalties and sees the
credit on the invoice; a member gives notice and sees its exit liability."""

import datetime
from decimal import Decimal

import pytest

from samdrift.agreements.models import Notice, PenaltyRun
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

from . import factories as f

pytestmark = pytest.mark.browser


def test_an_orderer_signs_the_yearly_agreement(page, live_server, live_world) -> None:
    agreement = f.service_agreement(live_world)
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Avtal").click()
    assert_accessible(page)
    page.get_by_role("link", name="Tjänsteöverenskommelser").click()
    page.get_by_role("link", name="2026").first.click()
    assert "E-post" in page.get_by_role("table", name="Tjänster överenskomna för året").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Underteckna överenskommelsen").click()
    assert "Överenskommelsen är undertecknad" in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Underteckna överenskommelsen").count() == 0
    assert_accessible(page)
    agreement.refresh_from_db()
    assert agreement.state == "signed" and agreement.signed_by == live_world.orderer_b


def test_a_controller_computes_penalties_and_sees_the_credit_on_the_invoice(page, live_server, live_world) -> None:
    signed = f.service_agreement(live_world, signed=True)
    f.outage(live_world, signed.lines.get().service, datetime.datetime(2026, 10, 5, 8, tzinfo=datetime.UTC), 20)
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.goto(f"{live_server.url}/agreements/penaltyruns/add/")
    assert_accessible(page)
    page.get_by_label("År").fill("2026")
    page.get_by_label("Månad").fill("10")
    page.get_by_role("button", name="Beräkna").click()
    page.wait_for_url("**/agreements/penaltyruns/*/")
    table = page.get_by_role("table", name="Viten för Vårgårda").inner_text()
    assert "Driftstopp" in table and "påbörjade procentenheter under målet" in table
    assert_accessible(page)
    page.get_by_role("button", name="Kreditera vitena på fakturorna").click()
    assert "krediteras på fakturorna" in page.get_by_role("status").inner_text()
    penalty = PenaltyRun.objects.get().penalties.get()

    run = f.issued_run(live_world)
    page.goto(f"{live_server.url}{run.get_absolute_url()}")
    credit = page.get_by_role("table", name="Justeringar på de interna fakturorna").inner_text()
    # 20 h down of October: 3 started points below 99.5 % × 5 % of 10 000.01 = 1 500.0015
    assert penalty.amount == Decimal("1500.00")
    assert "Vite 2026-10: E-post" in credit and "-1\xa0500,00" in credit
    assert_accessible(page)


def test_a_member_gives_notice_and_sees_its_exit_liability(page, live_server, live_world) -> None:
    f.issued_run(live_world)
    agreement = f.agreement(live_world)
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_label("Medlemskommun").select_option(label=live_world.member_b.name)
    page.get_by_label("Uppsagt den").fill("2026-03-01")
    page.get_by_role("button", name="Beräkna").click()
    liability = page.get_by_role("table", name="Utträdesersättning — lämnar 2027-12-31").inner_text()
    assert "24000.00" in liability
    assert_accessible(page)
    page.get_by_role("button", name=f"Säg upp för {live_world.member_b.name}").click()
    page.wait_for_url("**/agreements/notices/*/")
    assert "Uppsägningen är registrerad" in page.get_by_role("status").inner_text()
    assert page.get_by_role(
        "table", name="Utträdesscenario (ekonomi): vad de andra betalar efter utträdet"
    ).is_visible()
    assert_accessible(page)
    assert Notice.objects.get().liability == 24000
