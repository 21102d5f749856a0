"""An orderer reads the statistics and the member dashboard; a controller the goals and the economy."""

from decimal import Decimal

import pytest
from django.utils import timezone

from samdrift.followup import actions, stats
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.browser


def test_orderer_reads_statistics_and_dashboard(page, live_server, live_world) -> None:
    for _i in range(2):
        make_ticket(live_world, unit=live_world.unit_alpha)
    make_ticket(live_world, requester="requester_b1", unit=live_world.unit_alpha)
    stats.refresh()
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Statistik").click()
    assert_accessible(page)
    page.locator("#id_dimension").select_option("member")
    page.get_by_role("button", name="Visa").click()
    row = page.get_by_role("row", name=live_world.member_a.name).first
    assert row.inner_text().split("\t")[1].strip() == "2"
    assert page.get_by_role("img", name="Öppnade och lösta ärenden per månad").count() == 1
    assert live_world.member_b.name not in page.locator("main table").first.inner_text()
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Medlemsöversikt").click()
    assert "Samverkansgenomsnitt" in page.locator("main").inner_text()
    assert_accessible(page)


def test_controller_sets_a_goal_and_reads_the_economy(page, live_server, live_world) -> None:
    actions.do_create_goal(
        acting_user=None, collaboration=live_world.alpha, year=timezone.localdate().year, name="Kö under 10",
        measure="backlog", direction="lower", target=Decimal(10),
    )  # fmt: skip
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mål", exact=True).click()
    assert "Kö under 10" in page.locator("main").inner_text()
    assert "Uppfylld" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/followup/economy/")
    assert page.get_by_role("img", name="Kostnad per invånare och år").count() == 1
    assert_accessible(page)


def test_committee_reads_the_delivery_report(page, live_server, live_world) -> None:
    make_ticket(live_world, unit=live_world.unit_alpha)
    stats.refresh()
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Leveransrapport").click()
    assert page.get_by_role("heading", name="Större avvikelser").count() == 1
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner PDF").click()
    assert download.value.suggested_filename.startswith("leveransrapport-")


def test_controller_registers_a_benefit_and_finds_it_in_the_report(page, live_server, live_world) -> None:
    from samdrift.followup.models import Benefit

    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nyttor").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/followup/benefits/add/")
    page.locator("#id_collaboration").select_option(str(live_world.alpha.pk))
    page.locator("#id_member").select_option(str(live_world.member_a.pk))
    page.locator("#id_title").fill("Färre utskrifter – ”Skrivarlyftet”")
    page.locator("#id_kind").select_option("savings")
    page.locator("#id_expected_value").fill("-5")
    page.get_by_role("button", name="Spara").click()
    assert "negativt" in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("#id_expected_value").fill("125000.50")
    page.locator("#id_follow_up_on").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.locator("#id_owner").fill("Åsa Öberg")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/followup/benefits/*/")
    benefit = Benefit.objects.get()
    assert benefit.expected_value == Decimal("125000.50") and benefit.title == "Färre utskrifter – ”Skrivarlyftet”"
    assert "Åsa Öberg" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Leveransrapport").click()
    section = page.get_by_role("region", name="Nyttor")
    assert "Färre utskrifter – ”Skrivarlyftet”" in section.inner_text()
    assert "Inte uppföljd" in section.inner_text()
    assert_accessible(page)


def test_a_recipient_answers_a_survey_through_the_link(page, live_server, live_world) -> None:
    from samdrift.followup.models import SurveyAnswer, SurveyResponse
    from samdrift.followup.tests.test_surveys import build, tokens_mailed

    made = build(live_world, per_member={live_world.member_a: 1})
    (token,) = tokens_mailed("svar0.1466@example.org")
    page.goto(f"{live_server.url}/followup/s/{token}/")
    assert page.get_by_role("heading", name=made["survey"].title).count() == 1
    assert page.get_by_role("navigation", name="Huvudmeny").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Skicka mitt svar").click()
    assert "Rätta följande" in page.locator("main").inner_text() or page.locator(".error-summary").count() == 1
    assert_accessible(page)
    page.locator(f"#id_q{made['scale'].pk}_3").check()
    page.get_by_role("radio", name="Portal").check()
    page.get_by_label("Vad kan bli bättre?").fill("Snabbare svar – ”tack” å")
    page.get_by_role("button", name="Skicka mitt svar").click()
    assert "Tack! Ditt svar är sparat." in page.locator("main").inner_text()
    assert_accessible(page)
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.get(question=made["scale"]).score == 4
    assert SurveyAnswer.objects.get(question=made["text"]).text == "Snabbare svar – ”tack” å"
    page.goto(f"{live_server.url}/followup/s/{token}/")
    assert "redan besvarats" in page.locator("main").inner_text()
    assert_accessible(page)


def test_controller_reads_the_survey_results(page, live_server, live_world) -> None:
    from samdrift.followup.tests.test_surveys import answered_world

    made = answered_world(live_world)
    log_in(page, live_server.url, "controller_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Enkäter").click()
    assert_accessible(page)
    page.get_by_role("link", name=made["survey"].title).click()
    assert_accessible(page)
    page.get_by_role("link", name="Resultat").click()
    table = page.get_by_role("table", name="Svar per fråga")
    assert "4,00" in table.inner_text() and "för få svar" in table.inner_text()
    assert "Bra – ”tack” å" in page.locator("main").inner_text()
    assert page.get_by_role("img", name="Medelvärde per fråga (1–5)").count() == 1
    assert_accessible(page)
