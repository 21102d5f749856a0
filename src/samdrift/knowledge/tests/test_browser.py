"""The knowledge base and the layout in the browser: a suggestion while a requester types
the subject, and the portal and the menu at phone width (390 px)."""

import pytest
from playwright.sync_api import expect

from samdrift.knowledge import actions
from samdrift.knowledge.choices import Visibility
from samdrift.knowledge.models import SuggestionOpen
from samdrift.testing.browser import CSPWatch, assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.browser


def test_article_suggested_while_typing_the_subject(page, live_server, live_world) -> None:
    article = actions.do_create_article(
        acting_user=live_world.agent_alpha, collaboration=live_world.alpha, title="Skrivaren skriver inte ut",
        body="Välj skrivaren Följ-mig och hämta utskriften med passerkortet.", visibility=Visibility.MEMBERS,
    )  # fmt: skip
    log_in(page, live_server.url, "requester_a1", PASSWORD)
    page.goto(f"{live_server.url}/servicedesk/portal/new/")
    page.get_by_label("Rubrik").press_sequentially("skrivaren fungerar", delay=20)
    suggestions = page.locator("#kb-suggestions")
    expect(suggestions.get_by_role("link", name="Skrivaren skriver inte ut")).to_be_visible()
    assert_accessible(page)
    suggestions.get_by_role("link", name="Skrivaren skriver inte ut").click()
    page.wait_for_url(f"**{article.get_absolute_url()}?suggested=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skrivaren skriver inte ut")
    assert SuggestionOpen.objects.filter(article=article, user=live_world.requester_a1).exists()
    page.get_by_role("button", name="Ja, det hjälpte").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert_accessible(page)


def test_portal_and_menu_at_phone_width(browser, live_server, live_world) -> None:
    for n in range(3):
        make_ticket(live_world, subject=f"Ärende {n} med en lång rubrik om skrivaren på plan två i stadshuset")
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    watch = CSPWatch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "requester_a1", PASSWORD)
    page.goto(f"{live_server.url}/servicedesk/portal/")
    menu = page.get_by_role("button", name="Meny")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    # Folded on a phone; the button opens it.
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    menu.click()
    expect(nav).to_be_visible()
    # A requester sees the portal, their tickets and Driftinformation, never the structure.
    links = nav.get_by_role("link").all_inner_texts()
    assert "Mina ärenden" in links and "Driftinformation" in links
    assert not {"Medlemmar", "Förvaltningar", "Enheter", "Användare", "Tjänster"} & set(links)
    assert_accessible(page)
    nav.get_by_role("link", name="Mina ärenden").click()
    page.wait_for_url("**/servicedesk/portal/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    watch.assert_clean()
