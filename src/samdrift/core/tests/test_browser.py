"""Browser flows in Debian's Chromium, with axe-core on every page visited."""

import pytest

from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url} -> {response and response.status}"
    assert_accessible(page)


def test_agent_navigates_the_workspace(page, live_server, live_world) -> None:
    base = live_server.url
    log_in(page, base, "agent_alpha", PASSWORD)
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    for label in ("Medlemskommuner", "Förvaltningar", "Enheter", "Användare"):
        nav.get_by_role("link", name=label).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
    assert nav.get_by_role("link", name="Granskningslogg").count() == 0

    nav.get_by_role("link", name="Förvaltningar").click()
    page.get_by_label("Medlemskommun").select_option(label=live_world.member_b.name)
    page.get_by_role("button", name="Filtrera").click()
    # The filter is a GET: wait for the filtered page before counting its rows.
    page.wait_for_url(f"**member={live_world.member_b.pk}**")
    page.wait_for_load_state()
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1 and live_world.member_b.name in rows.first.inner_text()
    assert_accessible(page)
    rows.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(live_world.dept_b1.name)
    assert_accessible(page)

    visit(page, f"{base}/tenancy/units/{live_world.unit_alpha.pk}/")
    visit(page, f"{base}/accounts/users/{live_world.requester_a1.pk}/")
    visit(page, f"{base}/accounts/profile/")


def test_requester_sees_only_their_own_member(page, live_server, live_world) -> None:
    base = live_server.url
    log_in(page, base, "requester_a1", PASSWORD)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    # Requesters get the portal in the menu, not the structure (#13); the pages stay scoped.
    for label in ("Användare", "Medlemskommuner", "Förvaltningar"):
        assert nav.get_by_role("link", name=label).count() == 0
    page.goto(f"{base}/tenancy/members/")
    assert_accessible(page)
    assert page.locator("table.data tbody tr").count() == 1
    page.goto(f"{base}/tenancy/departments/")
    assert_accessible(page)
    assert page.locator("table.data tbody").inner_text().count(live_world.dept_a1.name) == 1

    response = page.goto(f"{base}/tenancy/departments/{live_world.dept_b1.pk}/")
    assert response is not None and response.status == 404
    assert_accessible(page)
    visit(page, f"{base}/tenancy/members/{live_world.member_a.pk}/")
    visit(page, f"{base}/accounts/profile/")


def test_admin_creates_a_department_with_the_keyboard(page, live_server, live_world) -> None:
    base = live_server.url
    log_in(page, base, "admin_alpha", PASSWORD)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")

    page.goto(f"{base}/tenancy/departments/")
    page.get_by_role("link", name="Ny förvaltning").click()
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert_accessible(page)

    page.get_by_label("Medlemskommun").select_option(label=live_world.member_a.name)
    page.get_by_label("Namn").fill("Miljöförvaltningen")
    page.get_by_label("Namn").press("Enter")
    page.wait_for_url("**/tenancy/departments/*/")
    assert "Miljöförvaltningen" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Historik").click()
    assert page.locator("table.audit").inner_text().count("Miljöförvaltningen") >= 1
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main navigation").is_visible()
    assert_accessible(page)


def test_accessibility_check_catches_violations(page) -> None:
    page.set_content('<html lang="sv"><body><main><img src="x.png"><input type="text"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_api_docs_work_under_the_content_security_policy(page, live_server, live_world) -> None:
    base = live_server.url
    response = page.goto(f"{base}/api/docs/")
    assert response is not None and page.url.startswith(f"{base}/login/"), "anonymous: to the login page"
    log_in(page, base, "agent_alpha", PASSWORD)
    response = page.goto(f"{base}/api/docs/")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    # Generating the schema takes a while on a busy machine.
    page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
    assert "Samdrift API" in page.locator(".swagger-ui .info .title").inner_text()
    # Try an operation: Swagger UI calls the API with the session (connect-src 'self').
    # (Swagger UI renders the operations lazily, as they scroll into view: take the first.)
    operation = page.locator("#operations-allocation-models-allocation_models_list")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"


def test_the_csp_watch_reports_an_inline_script(page, live_server, live_world, csp_watch) -> None:
    """The harness itself: an inline script on one of our pages is refused and reported."""
    page.goto(f"{live_server.url}/login/")
    with page.expect_console_message(lambda m: "[CSP violation]" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s); }"
        )
    assert page.evaluate("() => window.ran") is None, "the policy blocked the inline script"
    seen = csp_watch.take()
    assert seen and any("script-src" in v for v in seen), seen
