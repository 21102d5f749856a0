"""A member raises a need and moves it to joint framing; a second member joins; the
classifier; a solution is certified and a follower joins its procurement."""

import re

import pytest
from post_office.models import Email

from samdrift.initiatives.choices import Criterion, Decision, Quadrant, Stage
from samdrift.initiatives.models import Initiative, Participation, Solution, Stance
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD

from . import factories as f

pytestmark = pytest.mark.browser


def test_a_member_raises_a_need_and_moves_it_to_joint_framing(page, live_server, live_world) -> None:
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Samverkan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Initiativ").first.click()
    page.get_by_role("link", name="Nytt initiativ").click()
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Gemensamt e-arkiv – ”OAIS”")
    page.get_by_label("Behovet").fill("Vi behöver bevara digitala handlingar långsiktigt.")
    page.get_by_label("Behovsägare").select_option(label="Vårgårda")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/initiatives/initiatives/*/")
    assert_accessible(page)
    page.get_by_role("button", name="Gå vidare till nästa skede").click()
    assert "Intern beredning" in page.get_by_role("status").first.inner_text()
    page.get_by_role("button", name="Gå vidare till nästa skede").click()
    assert "Lägg till förstudien" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Redigera").click()
    page.get_by_label("Förstudie").fill("Förstudie e-arkiv, dnr KS 2026/88")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Gå vidare till nästa skede").click()
    assert "Gemensam inramning" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    need = Initiative.objects.get()
    assert need.stage == Stage.FRAMING and need.is_shared and need.title == "Gemensamt e-arkiv – ”OAIS”"


def test_a_second_member_joins(page, live_server, live_world) -> None:
    need = f.shared(live_world)
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Registrera en medlems beslut").click()
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile("^Medlemskommun")).select_option(label="Herrljunga")
    page.get_by_role("combobox", name=re.compile("^Beslut( |$)")).select_option(label="Med")
    page.get_by_label("Beslutsreferens").fill("KS § 97, dnr 2026/140")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/initiatives/participations/*/")
    assert_accessible(page)
    joined = Participation.objects.get()
    assert joined.member == live_world.member_a and joined.decision == Decision.IN
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    assert "KS § 97" in page.get_by_role("region", name="Medlemmarnas beslut").inner_text()


def test_the_classifier(page, live_server, live_world) -> None:
    need = f.draft(live_world)
    log_in(page, live_server.url, "orderer_b", PASSWORD)
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    page.get_by_role("link", name="Svara på klassificeringen").click()
    assert_accessible(page)
    for index, group in enumerate(page.get_by_role("group").all()):
        group.get_by_label("Ja" if index in (0, 1, 3, 4) else "Nej").check()
    page.get_by_role("button", name="Klassificera").click()
    page.wait_for_url(f"**{need.get_absolute_url()}")
    region = page.get_by_role("region", name="Komplexitet").inner_text()
    assert "Samverkan" in region and "dedikerat temporärt team" in region
    assert_accessible(page)
    need.refresh_from_db()
    assert need.quadrant == Quadrant.COLLABORATION


def test_a_solution_is_certified_and_a_follower_joins(page, live_server, live_world) -> None:
    solution = f.solution(live_world)
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.goto(f"{live_server.url}{solution.get_absolute_url()}")
    assert_accessible(page)
    for _value, label in Criterion.choices:
        page.get_by_label(str(label)).check()
    page.get_by_role("button", name="Certifiera").click()
    assert "Lösningen är certifierad" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.context.clear_cookies()
    log_in(page, live_server.url, "orderer_a", PASSWORD)
    page.goto(f"{live_server.url}{solution.get_absolute_url()}")
    assert "Certifierad av samverkan" in page.get_by_role("region", name="Certifiering").inner_text()
    page.get_by_role("combobox", name=re.compile("^Medlemskommun")).select_option(label="Herrljunga")
    page.get_by_label("Meddelande till ägaren").fill("Vi vill avropa från årsskiftet.")
    page.get_by_role("button", name="Anslut till upphandlingen").click()
    assert "vill ansluta" in page.get_by_role("status").first.inner_text()
    assert "Följare" in page.get_by_role("region", name="Medlemmarnas hållning").inner_text()
    assert_accessible(page)
    assert Solution.objects.get().is_certified
    assert Stance.objects.get().member == live_world.member_a
    assert Email.objects.get().to == ["e-arkiv@b.example"]
