"""An administrator keeps the business calendar: adds a year's hours and a closure."""

import datetime

import pytest

from samdrift.catalog import actions
from samdrift.catalog.models import CalendarClosure, CalendarYear
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_keeps_the_business_calendar(page, live_server, live_world) -> None:
    calendar = actions.do_create_calendar(acting_user=None, collaboration=live_world.alpha, name="Kontorstid")
    actions.do_set_hours(acting_user=None, calendar=calendar, year=2024)
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Arbetstidskalendrar").click()
    assert_accessible(page)
    page.get_by_role("link", name="Kontorstid").click()
    assert page.get_by_role("heading", name="De kommande fyra veckorna").is_visible()
    assert_accessible(page)

    # Next year the desk opens at 07.00 and is closed on Fridays: refused without any workday first.
    page.get_by_role("link", name="Lägg till — Öppettider").click()
    page.get_by_label("Från år").fill("2027")
    page.get_by_label("Öppnar").fill("07:00")
    for day in ("måndag", "tisdag", "onsdag", "torsdag", "fredag"):
        page.get_by_label(day, exact=True).uncheck()
    page.get_by_role("button", name="Spara").click()
    assert "Välj minst en arbetsdag" in page.get_by_role("alert").first.inner_text()
    assert_accessible(page)
    for day in ("måndag", "tisdag", "onsdag", "torsdag"):
        page.get_by_label(day, exact=True).check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/catalog/calendaryears/*/")
    saved = CalendarYear.objects.get(calendar=calendar, year=2027)
    assert saved.workdays == "1234" and saved.opens == datetime.time(7, 0)
    assert_accessible(page)

    page.goto(f"{live_server.url}{calendar.get_absolute_url()}")
    page.get_by_role("link", name="Lägg till — Stängningar").click()
    page.get_by_label("Börjar").fill("2026-12-28T08:00")
    page.get_by_label("Slutar").fill("2026-12-28T17:00")
    page.get_by_label("Orsak").fill("Inventering")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/catalog/calendarclosures/*/")
    closure = CalendarClosure.objects.get(calendar=calendar)
    assert closure.reason == "Inventering" and closure.starts.hour == 7, "08:00 Swedish time is 07:00 UTC"
    assert_accessible(page)


def test_admin_agrees_an_sla_for_a_service(page, live_server, live_world) -> None:
    from samdrift.catalog.models import SLA

    calendar = actions.do_create_calendar(acting_user=None, collaboration=live_world.alpha, name="Kontorstid")
    actions.do_set_hours(acting_user=None, calendar=calendar, year=2024)
    service = actions.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Utskrift", level="it", owner_unit=live_world.unit_alpha
    )
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Tjänster").click()
    assert_accessible(page)
    page.get_by_role("link", name="Utskrift").click()
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till — SLA:er").click()
    page.get_by_label("Supporttid").select_option(label="Kontorstid")
    page.get_by_label("Lösning, prioritet 1 (h)").fill("0")
    page.get_by_role("button", name="Spara").click()
    assert "Ett mål måste vara större än noll." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Lösning, prioritet 1 (h)").fill("6")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/catalog/slas/*/")
    assert SLA.objects.get(service=service).resolution_p1 == 6
    assert_accessible(page)


def test_agent_reports_a_disruption_and_the_public_reads_it(page, live_server, live_world) -> None:
    from samdrift.catalog.models import Disruption

    actions.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="E-post", level="it", owner_unit=live_world.unit_alpha
    )
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Driftstörningar").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ny driftstörning").click()
    page.locator("#id_service").select_option(label="E-post")
    page.get_by_label("Rubrik").fill("E-posten går inte att nå")
    page.get_by_label("Börjar").fill("2026-05-04T08:00")
    page.get_by_label("Slutar").fill("2026-05-04T07:00")
    page.get_by_label("Herrljunga").check()
    page.get_by_label("Information till allmänheten").fill("Vi felsöker tillsammans med leverantören.")
    page.get_by_label("Interna anteckningar").fill("Leverantörens ärende 4711")
    page.get_by_role("button", name="Spara").click()
    assert "En störning måste sluta efter att den börjat." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Slutar").fill("")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/catalog/disruptions/*/")
    saved = Disruption.objects.get()
    assert saved.ends is None and [m.name for m in saved.affected_members.all()] == ["Herrljunga"]
    assert "Leverantörens ärende 4711" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    # Anyone, without logging in, reads the public text and never the internal notes.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Driftinformation").click()
    page.wait_for_url("**/driftinformation/")
    ongoing = page.get_by_role("region", name="Pågående störningar")
    assert "E-post: E-posten går inte att nå" in ongoing.inner_text()
    assert "Vi felsöker tillsammans med leverantören." in ongoing.inner_text()
    assert "4711" not in page.content()
    assert_accessible(page)


def test_prices_subscriptions_and_the_members_portfolio(page, live_server, live_world) -> None:
    from samdrift.catalog.models import Price

    service = actions.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Arbetsplats", level="it",
        owner_unit=live_world.unit_alpha, is_standard=False,
    )  # fmt: skip
    actions.do_set_price(
        acting_user=None, service=service, price_model="per_device", unit_price=2400,
        valid_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.goto(f"{live_server.url}{service.get_absolute_url()}")
    page.get_by_role("link", name="Lägg till — Prislista").click()
    page.get_by_label("Prismodell").select_option(label="Per enhet och år")
    page.get_by_label("Pris (kr)").fill("2500")
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_role("button", name="Spara").click()
    assert "överlappar prisversionen 2025-01-01" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    assert Price.objects.count() == 1

    page.goto(f"{live_server.url}/catalog/subscriptions/add/?member={live_world.member_a.pk}")
    page.locator("#id_service").select_option(label="Arbetsplats")
    page.get_by_label("Antal").fill("50")
    page.get_by_label("Börjar").fill("2026-01-01")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/catalog/subscriptions/*/")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Vår tjänsteportfölj").click()
    assert "Select an option" not in page.get_by_role("main").inner_text()
    page.get_by_role("spinbutton", name="År").fill("2026")
    page.get_by_role("button", name="Visa").click()
    table = page.get_by_role("table", name="Abonnemang för Herrljunga 2026")
    assert "Arbetsplats" in table.inner_text() and "120\xa0000,00" in table.inner_text()
    assert_accessible(page)
