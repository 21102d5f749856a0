"""The committee's flows in a browser, each page checked with axe-core: the secretary
builds an agenda and the minutes, a ledamot reads the papers, the registrar registers a
confidential incoming letter, and the public reads the notice board."""

from __future__ import annotations

import datetime
import re

import pytest

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.governance import actions
from samdrift.governance.choices import MembershipRole, MinutesState
from samdrift.governance.models import Document, Minutes
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

from .isolation import MEETING_AT, body, matter, meeting, membership

pytestmark = pytest.mark.browser


def user(world, name, role=None):
    made = account_actions.do_create_user(acting_user=None, username=name, password=PASSWORD, collaboration=world.alpha)
    if role:
        account_actions.do_grant_role(acting_user=None, user=made, role=role, collaboration=world.alpha)
    return made


def test_the_secretary_builds_an_agenda_and_the_minutes(page, live_server, live_world) -> None:
    world = live_world
    secretary = user(world, "sekreterare", Role.COMMITTEE_MEMBER)  # no registrar role: secretary of this body only
    made = body(world)
    membership(world, made, office="chair")
    membership(world, made, person="Kent Andersson", member=world.member_b)
    membership(world, made, person="Fam Hlawnceu", member=None, role=MembershipRole.SECRETARY, user=secretary)
    held = meeting(world, made)

    log_in(page, live_server.url, "sekreterare", PASSWORD)
    page.goto(f"{live_server.url}{held.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till en punkt").click()
    page.get_by_label("Rubrik").fill("Ekonomi prognos")
    page.get_by_label("Förslag till beslut", exact=True).fill("Servicenämnden godkänner prognosen.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/agendaitems/*/")
    page.goto(f"{live_server.url}{held.get_absolute_url()}")
    agenda = page.get_by_role("table").first
    assert agenda.get_by_role("row").nth(4).inner_text().startswith("4\tEkonomi prognos")
    page.get_by_role("row").filter(has_text="Ekonomi prognos").get_by_role("button", name=re.compile("^Upp")).click()
    agenda = page.get_by_role("table").first
    assert "Ekonomi prognos" in agenda.get_by_role("row").nth(3).inner_text()
    page.get_by_role("button", name="Upprop", exact=True).click()
    assert "Beslutsför: 2 av 2 platser är besatta." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Påbörja protokollet").click()
    page.get_by_label("Kent Andersson, Ledamot").check()
    page.get_by_label("Plats för justering").fill("Kommunhuset")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert "Ekonomi prognos" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    minutes = Minutes.objects.get(meeting=held)
    assert list(minutes.adjusters.values_list("person", flat=True)) == ["Kent Andersson"]
    assert minutes.state == MinutesState.DRAFT


def test_a_ledamot_reads_the_papers(page, live_server, live_world) -> None:
    world = live_world
    ledamot = user(world, "ledamot", Role.COMMITTEE_MEMBER)
    made = body(world)
    membership(world, made, user=ledamot)  # a ledamot reads the papers of the bodies they sit on
    held = meeting(world, made)
    actions.do_add_item(
        acting_user=None, meeting=held, title="Ekonomi prognos", matter=matter(world), presenter="Controller",
        summary="Prognos per den siste april presenteras i en rapport.",
        proposal="Servicenämnden godkänner prognos per den sista april 2026.",
    )  # fmt: skip
    log_in(page, live_server.url, "ledamot", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nämnden").click()
    assert_accessible(page)
    page.get_by_role("link", name="Servicenämnden", exact=True).click()
    assert_accessible(page)
    page.goto(f"{live_server.url}{held.get_absolute_url()}")
    assert_accessible(page)
    assert page.get_by_role("link", name="Kallelse och dagordning (PDF)").is_visible()
    page.get_by_role("link", name="Ekonomi prognos").click()
    main = page.get_by_role("main").inner_text()
    assert "Sammanfattning" in main and "Prognos per den siste april" in main
    assert "Servicenämnden godkänner prognos per den sista april 2026." in main
    assert not page.get_by_role("link", name="Redigera").is_visible()  # reads, does not change
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tjänsteskrivelsen som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_registrar_registers_a_confidential_incoming_letter(page, live_server, live_world) -> None:
    world = live_world
    user(world, "registrator", Role.REGISTRAR)
    actions.do_create_case_series(acting_user=None, collaboration=world.alpha, prefix="ITVT")
    log_in(page, live_server.url, "registrator", PASSWORD)
    page.goto(f"{live_server.url}/governance/matters/")
    assert_accessible(page)
    page.get_by_role("link", name="Nytt ärende").click()
    page.get_by_role("combobox", name="Samverkan", exact=True).select_option(label=world.alpha.name)
    page.get_by_label("Registrerat").fill("2026-05-02")
    page.get_by_label("Rubrik").fill("Skrivelse om säkerhetsbrist – elevnätet")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", name="ITVT 2026/1 Skrivelse om säkerhetsbrist – elevnätet").is_visible()
    page.get_by_role("link", name="Lägg till — Handlingar").click()
    page.get_by_label("Typ").select_option(label="Inkommande")
    page.get_by_label("Datum").fill("2026-05-02")
    page.get_by_label("Avsändare eller mottagare").fill("Privatperson")
    page.get_by_label("Rubrik").fill("Anmälan med elevuppgifter")
    page.get_by_label("Sekretessmarkerad").check()
    page.get_by_role("button", name="Spara").click()
    assert "behöver paragrafen i OSL" in page.get_by_role("main").inner_text()  # a form error, nothing lost
    assert page.get_by_label("Rubrik").input_value() == "Anmälan med elevuppgifter"
    assert_accessible(page)
    page.get_by_label("Paragraf i OSL").fill("23 kap. 1 § OSL")
    page.get_by_role("button", name="Spara").click()
    assert "Anmälan med elevuppgifter" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    doc = Document.objects.get()
    assert doc.confidential and doc.number == 1

    page.context.clear_cookies()
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.goto(f"{live_server.url}{doc.get_absolute_url()}")
    main = page.get_by_role("main").inner_text()
    assert "23 kap. 1 § OSL" in main and "elevuppgifter" not in main
    assert_accessible(page)


def test_the_public_reads_the_notice_board(page, live_server, live_world) -> None:
    world = live_world
    made = body(world)
    held = meeting(world, made)
    adjuster = membership(world, made)
    open_item = actions.do_add_item(acting_user=None, meeting=held, title="Ekonomi prognos")
    secret = actions.do_add_item(
        acting_user=None, meeting=held, title="Personärende Anna", confidential=True, osl_reference="39 kap. 1 § OSL"
    )
    actions.do_decide(acting_user=None, item=open_item, text="Prognosen godkänns.")
    actions.do_decide(acting_user=None, item=secret, text="Hemligt beslut")
    minutes = actions.do_create_minutes(acting_user=None, meeting=held, adjusters=[adjuster])
    minutes = actions.do_record_paper_justering(minutes, acting_user=None, signed_on=datetime.date(2026, 5, 20))
    actions.do_post_minutes(minutes, acting_user=None, on=datetime.date(2026, 5, 21))
    assert MEETING_AT.date() == datetime.date(2026, 5, 14)

    page.goto(f"{live_server.url}/anslagstavla/")
    assert_accessible(page)
    row = page.get_by_role("row", name="Servicenämnden")
    assert "11 juni 2026" in row.inner_text()  # three weeks after 21 May
    page.get_by_role("link", name="Läs").click()
    main = page.get_by_role("main").inner_text()
    assert "Prognosen godkänns." in main
    assert "39 kap. 1 § OSL" in main and "Personärende" not in main and "Hemligt" not in main
    assert_accessible(page)


def test_the_it_head_attaches_a_frozen_follow_up_table(page, live_server, live_world) -> None:
    from decimal import Decimal

    from samdrift.finance import actions as finance
    from samdrift.governance.models import ReportSnapshot

    world = live_world
    forecast = finance.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=2026, as_of_month=4, name="Prognos april"
    )
    finance.do_add_forecast_line(
        acting_user=None, forecast=forecast, unit=world.unit_alpha, account_group="5", amount=Decimal("1250000.50")
    )
    item = actions.do_add_item(acting_user=None, meeting=meeting(world), title="Ekonomi prognos", matter=matter(world))
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    assert "Inga rapporter bifogade." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Rapport *").select_option(label="SLA-rapport för en period")
    page.get_by_role("button", name="Frys och bifoga").click()
    assert "Välj periodens första månad." in page.get_by_role("main").inner_text()  # a form error, nothing lost
    assert_accessible(page)
    page.get_by_label("Rapport *").select_option(label="Ekonomisk uppföljning för en prognos")
    page.get_by_label("Prognos").select_option(label=str(forecast))
    page.get_by_role("button", name="Frys och bifoga").click()
    page.wait_for_url("**/agendaitems/*/#snapshots", timeout=60_000)  # the PDF is rendered on the server
    snapshot = ReportSnapshot.objects.get()
    table = page.get_by_role("table", name="Frysta rapporter")
    assert snapshot.title in table.inner_text() and snapshot.digest[:12] in table.inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        table.get_by_role("link", name=f"PDF — {snapshot.title}").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name=snapshot.title, exact=True).click()
    main = page.get_by_role("main").inner_text()
    assert snapshot.digest in main and "ändras aldrig" in main
    assert_accessible(page)
