"""Browser flows of the inventory, each page checked with axe: importing assets, setting a
system-level SLA and seeing it on a ticket, reading the consolidation matrix, and the
licence pooling page."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from samdrift.catalog import actions as catalog_actions
from samdrift.inventory import actions
from samdrift.inventory.models import Asset, SystemSLA
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.browser

GOOD = (
    "Slag;Typ;Serienummer;Förvaltning;Pris\nenhet;Bärbar dator;SN-1;Barn och utbildning;12 499,50\nkonto;AD-konto;;;\n"
)
BAD = "Slag;Typ;Serienummer\nenhet;Bärbar dator;SN-1\nenhet;Skrivare;SN-1\n"


def test_orderer_imports_assets_after_a_refused_file(page, live_server, live_world, tmp_path) -> None:
    bad, good = tmp_path / "fel.csv", tmp_path / "tillgangar.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Importera tillgångar").click()
    assert_accessible(page)
    page.get_by_label("Medlem").select_option(label=live_world.member_b.name)
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Rad 3, kolumn Serienummer" in alert and "rad 2" in alert
    assert not Asset.objects.exists()
    assert_accessible(page)
    page.get_by_label("Medlem").select_option(label=live_world.member_b.name)
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert page.get_by_role("heading", name="Förhandsgranskning: 2 tillgångar för Vårgårda").is_visible()
    assert not Asset.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Importera alla rader").click()
    page.wait_for_url("**/inventory/assets/?member=*")
    assert Asset.objects.filter(member=live_world.member_b).count() == 2
    assert "SN-1" in page.get_by_role("main").inner_text()
    assert_accessible(page)


def test_admin_sets_a_system_sla_and_the_agent_sees_it_on_a_ticket(page, live_server, live_world) -> None:
    service = catalog_actions.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Verksamhetssystem", level="business",
        owner_unit=live_world.unit_alpha,
    )  # fmt: skip
    calendar = catalog_actions.do_create_calendar(acting_user=None, collaboration=live_world.alpha, name="Kontorstid")
    catalog_actions.do_set_hours(acting_user=None, calendar=calendar, year=2024)
    system = actions.do_create_system(
        acting_user=None, collaboration=live_world.alpha, name="Procapita", members=[live_world.member_a],
        services=[service],
    )  # fmt: skip
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="System", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Procapita").click()
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till — System-SLA:er").click()
    page.get_by_label("Supporttid").select_option(label="Kontorstid")
    page.get_by_label("Lösning, prioritet 3 (h)").fill("12")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/inventory/systemslas/*/")
    assert SystemSLA.objects.get(system=system).sla.resolution_p3 == 12
    assert_accessible(page)
    ticket = make_ticket(live_world, system=system, unit=live_world.unit_alpha)
    page.goto(f"{live_server.url}{ticket.get_absolute_url()}")
    details = page.get_by_role("main").inner_text()
    assert "system-SLA för Procapita" in details
    assert_accessible(page)


def test_requester_reads_the_consolidation_matrix(page, live_server, live_world) -> None:
    today = timezone.localdate()
    standard = actions.do_create_system(
        acting_user=None, collaboration=live_world.alpha, name="Tieto Education", area="Skola",
        members=[live_world.member_a], in_use_since=today - datetime.timedelta(days=800),
    )  # fmt: skip
    actions.do_create_system(
        acting_user=None, collaboration=live_world.alpha, name="Microsoft 365", area="Samarbete", shared=True,
        in_use_since=today - datetime.timedelta(days=800),
    )  # fmt: skip
    actions.do_create_area(
        acting_user=None, collaboration=live_world.alpha, name="Skola", target_system=standard,
        plan_starts=today - datetime.timedelta(days=300), plan_ends=today + datetime.timedelta(days=300),
    )  # fmt: skip
    log_in(page, live_server.url, "requester_a1", PASSWORD)
    # Requesters have no inventory entry in the menu (#13), but the page is theirs to read.
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Konsolidering").count() == 0
    page.goto(f"{live_server.url}/inventory/consolidation/")
    matrix = page.get_by_role("table", name="Medlemmar × områden; varje områdes målstandard är markerad.")
    row = matrix.get_by_role("row", name=live_world.member_a.name)
    assert "Tieto Education (standard)" in row.inner_text()
    assert page.get_by_role("img", name="Antal system över tid").is_visible()
    assert_accessible(page)


def test_orderer_reads_the_licence_pooling(page, live_server, live_world) -> None:
    system = actions.do_create_system(
        acting_user=None, collaboration=live_world.alpha, name="Microsoft 365", shared=True
    )
    licence = actions.do_create_licence(
        acting_user=None, system=system, name="E3", metric="users", valid_from=datetime.date(2026, 1, 1)
    )
    actions.do_add_tier(acting_user=None, licence=licence, from_quantity=1, unit_price=Decimal("100.00"))
    actions.do_add_tier(acting_user=None, licence=licence, from_quantity=1000, unit_price=Decimal("80.50"))
    actions.do_assign_licence(acting_user=None, licence=licence, member=live_world.member_a, quantity=600)
    actions.do_assign_licence(acting_user=None, licence=licence, member=live_world.member_b, quantity=500)
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Licenser").click()
    assert_accessible(page)
    page.get_by_role("link", name="E3").click()
    table = page.get_by_role("table", name="Samordnat pris mot varje medlem för sig (kr per år)")
    text = table.inner_text()
    assert live_world.member_a.name in text and live_world.member_b.name not in text
    assert "Besparing" in page.get_by_role("main").inner_text()
    assert_accessible(page)
