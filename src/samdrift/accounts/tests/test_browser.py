"""Browser flows of the profile's API tokens and of a locked login, with axe-core."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from samdrift.accounts.models import ApiToken
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_create_and_revoke_a_token_on_the_profile_page(page, live_server, live_world) -> None:
    base = live_server.url
    log_in(page, base, "orderer_a", PASSWORD)
    page.get_by_role("link", name=str(live_world.orderer_a)).click()
    assert page.get_by_role("heading", name="API-token", level=2).is_visible()
    assert page.get_by_text("Du har inga API-token.").is_visible()
    assert_accessible(page)

    # A past day is refused with a message, and nothing is created.
    page.get_by_label("Namn").fill("Nattlig rapport – ”export”")
    page.get_by_label("Upphör").fill("2020-01-01")
    page.get_by_role("button", name="Skapa token").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Välj i dag eller en senare dag.").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Upphör").fill("")
    page.get_by_role("button", name="Skapa token").click()
    key = page.locator("#new-token").inner_text()
    assert key.startswith("sd_")
    assert page.get_by_text("Kopiera den nu").first.is_visible()
    row = page.locator("table.data tbody tr", has_text="Nattlig rapport – ”export”")
    assert "Aldrig" in row.inner_text() and key[:7] in row.inner_text()
    assert_accessible(page)

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/members/").status_code == 200
    page.goto(f"{base}/accounts/profile/")
    assert key not in page.content(), "the key is shown once"
    row = page.locator("table.data tbody tr", has_text="Nattlig rapport")
    assert row.locator("td").nth(4).inner_text() != "—", "last used is shown"

    row.get_by_role("button", name="Återkalla").click()
    assert page.get_by_text("har återkallats").is_visible()
    assert page.get_by_text("Du har inga API-token.").is_visible()
    assert_accessible(page)
    assert api.get("/api/v1/members/").status_code == 401
    assert ApiToken.objects.get(user=live_world.orderer_a).revoked is not None


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_login_and_its_unlock(page, browser, live_server, live_world) -> None:
    base = live_server.url
    page.goto(f"{base}/login/")
    for _ in range(3):
        page.get_by_label("Användarnamn").fill("requester_a1")
        page.get_by_label("Lösenord").fill("fel-lösenord")
        page.get_by_role("button", name="Logga in").click()
    alert = page.get_by_role("alert")
    assert "För många misslyckade inloggningar" in alert.inner_text()
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill("requester_a1")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    assert "För många misslyckade inloggningar" in page.get_by_role("alert").inner_text()
    assert page.url.startswith(f"{base}/login/"), "the right password is refused while locked"

    admin_context = browser.new_context(locale="sv-SE")
    from samdrift.testing.browser import CSPWatch

    watch = CSPWatch(admin_context)
    admin = admin_context.new_page()
    log_in(admin, base, "admin_alpha", PASSWORD)
    admin.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Låsta inloggningar").click()
    assert_accessible(admin)
    row = admin.locator("table.data tbody tr", has_text="requester_a1")
    row.get_by_role("button", name="Lås upp").click()
    assert admin.get_by_text("har låsts upp").is_visible()
    assert admin.get_by_text("Ingen inloggning är låst.").is_visible()
    assert_accessible(admin)
    admin_context.close()
    watch.assert_clean()

    log_in(page, base, "requester_a1", PASSWORD)
