"""A ticket's life in the browser: requester raises it, agent works it, requester rates it."""

import re

import pytest
from playwright.sync_api import expect

from samdrift.servicedesk.models import Ticket
from samdrift.testing.browser import CSPWatch, assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.browser


def test_ticket_from_portal_to_rating(browser, live_server, live_world) -> None:
    base = live_server.url
    watches = []

    def new_page():
        context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
        watches.append(CSPWatch(context))
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    # The requester raises a ticket in the portal.
    requester = new_page()
    log_in(requester, base, "requester_a1", PASSWORD)
    requester.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina ärenden").click()
    assert_accessible(requester)
    requester.get_by_role("link", name="Nytt ärende").click()
    assert_accessible(requester)
    requester.get_by_role("button", name="Skicka").click()
    assert requester.get_by_role("alert").is_visible()
    assert_accessible(requester)
    requester.get_by_label("Rubrik").fill("Skrivaren i personalrummet skriver inte ut")
    requester.get_by_label("Beskriv problemet eller behovet").fill("Lampan blinkar orange.")
    requester.get_by_role("button", name="Skicka").click()
    requester.wait_for_url("**/servicedesk/tickets/*/")
    ticket = Ticket.objects.get(subject__startswith="Skrivaren i personalrummet")
    assert ticket.number in requester.get_by_role("heading", level=1).inner_text()
    assert_accessible(requester)

    # The agent finds it by searching, replies and resolves it.
    agent = new_page()
    log_in(agent, base, "agent_alpha", PASSWORD)
    agent.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Köer").click()
    assert_accessible(agent)
    agent.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden").click()
    # Wait for the list before using its shortcut, or "/" lands on the page being left.
    agent.wait_for_url("**/servicedesk/tickets/")
    agent.keyboard.press("/")
    search = agent.locator("[data-shortcut=search]")
    expect(search).to_be_focused()
    agent.keyboard.type("skrivare")
    agent.keyboard.press("Enter")
    agent.wait_for_url("**/servicedesk/tickets/?*q=skrivare*")
    agent.get_by_role("main").get_by_role("link", name=ticket.number, exact=True).click()
    assert_accessible(agent)
    agent.get_by_label("Meddelande", exact=True).fill("Vi har bytt tonerkassett.")
    agent.get_by_role("button", name="Skicka").click()
    agent.get_by_role("button", name="Ta ärendet").click()  # a handler before resolving
    agent.get_by_label("Ny status").select_option(label="Löst")
    agent.get_by_role("button", name="Ändra status").click()
    assert "Löst" in agent.locator("dl.details").inner_text()
    assert_accessible(agent)

    # The requester sees the answer and rates it.
    requester.reload()
    assert "Vi har bytt tonerkassett." in requester.locator("ol.timeline").inner_text()
    requester.get_by_label("5", exact=True).check()
    requester.get_by_role("button", name="Skicka betyg").click()
    assert_accessible(requester)
    ticket.refresh_from_db()
    assert ticket.rating.score == 5
    for watch in watches:
        watch.assert_clean()


def test_orderer_reads_the_sla_report(page, live_server, live_world) -> None:
    import datetime

    from samdrift.catalog import actions as catalog
    from samdrift.servicedesk.choices import SLAState

    calendar = catalog.do_create_calendar(acting_user=None, collaboration=live_world.alpha, name="Kontorstid")
    catalog.do_set_hours(acting_user=None, calendar=calendar, year=2024)
    service = catalog.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Utskrift", level="it", owner_unit=live_world.unit_alpha
    )
    catalog.do_create_sla(acting_user=None, service=service, calendar=calendar)
    late = make_ticket(live_world, acting="agent_alpha", service=service, subject="Skrivaren i receptionen")
    resolved = datetime.datetime(2026, 5, 6, 10, tzinfo=datetime.UTC)
    Ticket.objects.filter(pk=late.pk).update(
        status="resolved", created=resolved - datetime.timedelta(days=3), resolved_at=resolved,
        sla_state=SLAState.BREACHED,
    )  # fmt: skip
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="SLA-rapport").click()
    assert_accessible(page)
    page.get_by_label("Från").fill("2026-05-31")
    page.get_by_label("Till").fill("2026-05-01")
    page.get_by_role("button", name="Visa").click()
    assert "Perioden måste sluta" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Från").fill("2026-05-01")
    page.get_by_label("Till").fill("2026-05-31")
    page.get_by_role("button", name="Visa").click()
    row = page.get_by_role("table").first.get_by_role("row", name="Herrljunga")
    assert "Utskrift" in row.inner_text() and "0\xa0% (0/1)" in row.inner_text()
    assert page.get_by_role("region", name="Ärenden med brutet SLA").get_by_role("link", name=late.number).is_visible()
    assert "Vårgårda" not in page.get_by_role("main").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Excel (XLSX)").click()
    assert download.value.suggested_filename == "sla-2026-05-01-2026-05-31.xlsx"


def test_requester_orders_a_service_in_the_portal(page, live_server, live_world) -> None:
    from samdrift.catalog import actions as catalog

    service = catalog.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Mobiltelefon", level="it",
        owner_unit=live_world.unit_alpha, orderable=True,
    )  # fmt: skip
    catalog.do_add_order_field(
        acting_user=None, service=service, position=1, label="Modell", kind="choice", choices="iPhone 16\nFairphone 5"
    )
    catalog.do_add_order_field(acting_user=None, service=service, position=2, label="Antal", kind="number")
    log_in(page, live_server.url, "requester_a1", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina ärenden").click()
    page.get_by_role("link", name="Beställ en tjänst").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mobiltelefon").click()
    page.get_by_label("Modell").select_option("Fairphone 5")
    page.get_by_role("button", name="Skicka beställningen").click()
    assert "Antal" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Antal").fill("3")
    page.get_by_role("button", name="Skicka beställningen").click()
    page.wait_for_url("**/servicedesk/tickets/*/")
    ticket = Ticket.objects.get()
    assert ticket.description == "Modell: Fairphone 5\nAntal: 3" and ticket.ticket_type == "request"
    assert "Tack! Din beställning har nummer" in page.get_by_role("status").inner_text()
    assert_accessible(page)


def test_take_and_resolve_from_the_queue(page, live_server, live_world) -> None:
    ticket = make_ticket(live_world, unit=live_world.unit_alpha, subject="Skärmen flimrar")
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Köer").click()
    page.get_by_role("link", name="Servicedesk").click()
    row = page.get_by_role("row").filter(has_text=ticket.number)
    assert "Enligt plan" in row.inner_text() and "kvar" in row.inner_text()
    assert_accessible(page)
    # Resolving first is refused with a clear message: nobody handles it yet.
    row.get_by_role("link", name=ticket.number).click()
    page.get_by_label("Ny status").select_option(label="Löst")
    page.get_by_role("button", name="Ändra status").click()
    assert "Tilldela ärendet en handläggare" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    # Back in the queue, one click takes it; the queue stays where it was.
    page.go_back()
    page.go_back()
    page.reload()
    page.get_by_role("row").filter(has_text=ticket.number).get_by_role(
        "button", name=f"Ta ärendet {ticket.number}"
    ).click()
    page.wait_for_url("**/servicedesk/tickets/?*unit=*")
    assert "Du tog ärendet." in page.locator(".messages").inner_text()
    assert "Agent_Alpha" in page.get_by_role("row").filter(has_text=ticket.number).inner_text()
    assert_accessible(page)
    page.get_by_role("row").filter(has_text=ticket.number).get_by_role("link", name=ticket.number).click()
    page.get_by_label("Ny status").select_option(label="Löst")
    page.get_by_role("button", name="Ändra status").click()
    assert "Löst" in page.locator("dl.details").inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Handläggare: — → Agent_Alpha" in timeline and "assignee" not in timeline
    assert_accessible(page)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("resolved", live_world.agent_alpha)


def test_parent_chosen_in_the_combobox(page, live_server, live_world) -> None:
    parent = make_ticket(live_world, unit=live_world.unit_alpha, subject="Nätverket nere i stadshuset")
    child = make_ticket(live_world, unit=live_world.unit_alpha, subject="Kan inte skriva ut")
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.goto(f"{live_server.url}/servicedesk/tickets/{child.pk}/edit/")
    box = page.get_by_role("combobox", name="Huvudärende")
    box.click()
    box.press_sequentially("nätverk", delay=30)
    listbox = page.get_by_role("listbox", name="Träffar")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(1)
    assert_accessible(page)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"_listbox_0$"))
    box.press("Enter")
    expect(box).to_have_value(parent.number)
    expect(box).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/servicedesk/tickets/{child.pk}/")
    assert parent.number in page.locator("dl.details").inner_text()
    assert_accessible(page)
    child.refresh_from_db()
    assert child.parent == parent


def test_the_portal_shows_order_terms_at_phone_width(browser, live_server, live_world) -> None:
    """A requester on a phone reads price, delivery time and approval before ordering."""
    import datetime
    from decimal import Decimal

    from samdrift.catalog import actions as catalog

    service = catalog.do_create_service(
        acting_user=None, collaboration=live_world.alpha, name="Surfplatta för hemtjänsten", level="it",
        owner_unit=live_world.unit_alpha, orderable=True, description="En surfplatta med MDM och ”Mina sidor”.",
    )  # fmt: skip
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=live_world.alpha, name="Kontorstid")
    catalog.do_set_hours(
        acting_user=None, calendar=calendar, year=2020, opens=datetime.time(8), closes=datetime.time(17),
        shortened_closes=datetime.time(13), workdays="12345",
    )  # fmt: skip
    catalog.do_create_sla(acting_user=None, service=service, calendar=calendar, resolution_p4=Decimal("16"))
    catalog.do_set_price(
        acting_user=None, service=service, level="Bas", price_model="per_device", unit_price=Decimal("3450.75"),
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    watch = CSPWatch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "requester_a1", PASSWORD)
    page.goto(f"{live_server.url}/servicedesk/portal/order/")
    offer = page.get_by_role("listitem").filter(has_text="Surfplatta för hemtjänsten")
    text = offer.inner_text()
    assert "3 450,75 kr per enhet och år" in text.replace("\xa0", " ")
    assert "inom 16 arbetstimmar (Kontorstid)" in text
    assert "Krävs: er kommun prenumererar inte på tjänsten än" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    offer.get_by_role("link", name="Surfplatta för hemtjänsten").click()
    expect(page.get_by_text("inom 16 arbetstimmar")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    context.close()
    watch.assert_clean()
