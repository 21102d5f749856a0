"""Surveys: personal links that answer once, reminders to those who have not answered,
results per member and department within the reader's scope, the health survey's trend,
the satisfaction KPI and the delivery report."""

from __future__ import annotations

import datetime
import hashlib
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from samdrift.core import outbox
from samdrift.core.versions import SYSTEM
from samdrift.followup import actions, goals, report, surveys, tasks
from samdrift.followup.choices import HealthFactor
from samdrift.followup.models import (
    Question,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyRecipient,
    SurveyResponse,
)
from samdrift.followup.tests.isolation import question, survey

LINK = re.compile(r"/followup/s/([A-Za-z0-9_\-]+)/")


def tokens_mailed(to: str) -> list[str]:
    """The tokens of the links mailed to ``to``, oldest first (the queue, before sending)."""
    found = []
    for email in Email.objects.filter(to__icontains=to).order_by("pk"):
        found += LINK.findall(email.message)
    return found


def build(world: Any, *, per_member: dict[Any, int] | None = None, send: bool = True) -> dict[str, Any]:
    """A satisfaction survey of Alpha with a scale, a choice and a text question, asking
    ``per_member`` addresses of each member (in its first department)."""
    s = survey(world)
    scale = question(world, survey=s, position=1)
    choice = question(world, survey=s, position=2, kind="choice", text="Kanal?", options=["Telefon", "Portal"])
    text = question(world, survey=s, position=3, kind="text", text="Vad kan bli bättre?", required=False)
    per_member = per_member or {world.member_a: 3, world.member_b: 2}
    departments = {world.member_a: world.dept_a1, world.member_b: world.dept_b1}
    for member, n in per_member.items():
        actions.do_add_recipients(
            s, acting_user=world.admin_alpha, member=member, department=departments[member],
            addresses=[f"svar{i}.{member.scb_code}@example.org" for i in range(n)],
        )  # fmt: skip
    if send:
        actions.do_send_survey(s, acting_user=world.admin_alpha, expected_version=SYSTEM)
    return {"survey": s, "scale": scale, "choice": choice, "text": text}


def answer(made: dict[str, Any], email: str, score: int, channel: str = "Telefon", text: str = "") -> Any:
    recipient = SurveyRecipient.objects.get(survey=made["survey"], email=email)
    return actions.do_answer_survey(
        recipient, answers={made["scale"].pk: score, made["choice"].pk: channel, made["text"].pk: text}
    )


def form_data(made: dict[str, Any], score: int = 4, channel: str = "Portal", text: str = "") -> dict[str, Any]:
    return {f"q{made['scale'].pk}": score, f"q{made['choice'].pk}": channel, f"q{made['text'].pk}": text}


# The personal link -------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored_and_the_link_answers_once(world, client) -> None:
    made = build(world)
    (token,) = tokens_mailed("svar0.1466@example.org")
    link = SurveyLink.objects.get(recipient__email="svar0.1466@example.org")
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not SurveyLink.objects.filter(token_hash=token).exists()

    page = client.get(f"/followup/s/{token}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Hur nöjd är du?" in body and "Kanal?" in body
    # Nothing but the survey's questions: not the recipient, the member, nor the navigation.
    for secret in ("svar0.1466@example.org", world.member_a.name, world.dept_a1.name, "Huvudmeny", "Statistik"):
        assert secret not in body, secret
    assert page["Cache-Control"] == "no-store"

    sent = client.post(f"/followup/s/{token}/", form_data(made, text="Snabbare – ”svar” å"))
    assert sent.status_code == 200 and "Tack" in sent.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.member, response.department) == (world.member_a, world.dept_a1)
    assert SurveyAnswer.objects.get(response=response, question=made["text"]).text == "Snabbare – ”svar” å"
    assert SurveyRecipient.objects.get(email="svar0.1466@example.org").answered_on == timezone.localdate()

    again = client.post(f"/followup/s/{token}/", form_data(made, score=1))
    assert again.status_code == 409
    assert "redan besvarats" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert list(SurveyAnswer.objects.filter(question=made["scale"]).values_list("score", flat=True)) == [4]
    assert client.get(f"/followup/s/{token}/").status_code == 409


def test_wrong_token_is_404_and_a_closed_survey_410(world, client) -> None:
    made = build(world)
    (token,) = tokens_mailed("svar1.1466@example.org")
    assert client.get("/followup/s/not-a-token/").status_code == 404
    assert client.post("/followup/s/not-a-token/", form_data(made)).status_code == 404
    actions.do_close_survey(made["survey"], acting_user=world.admin_alpha, expected_version=SYSTEM)
    closed = client.post(f"/followup/s/{token}/", form_data(made))
    assert closed.status_code == 410 and "stängd" in closed.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_link_expires_after_the_closing_day(world, client) -> None:
    made = build(world)
    (token,) = tokens_mailed("svar0.1442@example.org")
    Survey.objects.filter(pk=made["survey"].pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(f"/followup/s/{token}/").status_code == 410
    closed, reminded = actions.do_send_due_reminders()
    assert (closed, reminded) == (1, 0)
    assert Survey.objects.get(pk=made["survey"].pk).state == "closed"


def test_bad_answers_are_form_errors_and_nothing_is_saved(world, client) -> None:
    made = build(world)
    (token,) = tokens_mailed("svar2.1466@example.org")
    bad = client.post(f"/followup/s/{token}/", form_data(made, score=9, channel="Brevduva"))
    assert bad.status_code == 400
    assert not SurveyResponse.objects.exists()
    assert SurveyRecipient.objects.get(email="svar2.1466@example.org").answered_on is None
    missing = client.post(f"/followup/s/{token}/", {})
    assert missing.status_code == 400 and not SurveyResponse.objects.exists()


def test_the_json_link_answers_once(world) -> None:
    from rest_framework.test import APIClient

    made = build(world)
    (token,) = tokens_mailed("svar0.1466@example.org")
    api = APIClient()
    got = api.get(f"/api/v1/survey-answers/{token}/")
    assert got.status_code == 200 and got.json()["questions"][0]["text"] == "Hur nöjd är du?"
    assert "svar0.1466" not in got.content.decode()
    answers = {str(made["scale"].pk): 5, str(made["choice"].pk): "Portal"}
    bad = api.post(f"/api/v1/survey-answers/{token}/", {"answers": {str(made["scale"].pk): 7}}, format="json")
    assert bad.status_code == 400 and {"detail", "code", "errors"} <= set(bad.json())
    assert api.post(f"/api/v1/survey-answers/{token}/", {"answers": answers}, format="json").status_code == 201
    again = api.post(f"/api/v1/survey-answers/{token}/", {"answers": answers}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    assert SurveyResponse.objects.count() == 1
    assert api.get("/api/v1/survey-answers/wrong/").status_code == 404


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="abcåäöÅÄÖ –”'\n", min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_free_text_is_kept_exactly(world, client, text) -> None:
    made = build(world, per_member={world.member_a: 1})
    (token,) = tokens_mailed("svar0.1466@example.org")
    assert client.post(f"/followup/s/{token}/", form_data(made, text=text)).status_code == 200
    stored = SurveyAnswer.objects.get(question=made["text"]).text
    # The form normalises line endings and strips the ends, as every Django text field does.
    assert stored == text.replace("\r\n", "\n").strip()
    Survey.objects.filter(pk=made["survey"].pk).delete()
    Email.objects.all().delete()


# Sending and reminders ---------------------------------------------------------------


def test_survey_mail_reaches_the_recipients_with_a_personal_link(world, client, smtp_server) -> None:
    with pytest.raises(ValidationError):
        actions.do_send_survey(survey(world), acting_user=world.admin_alpha, expected_version=SYSTEM)
    build(world, per_member={world.member_a: 2})
    assert smtp_server.messages == [], "queued with the change, sent by the worker"
    outbox.send_queued_mail()
    assert sorted(r for rcpt, _m in smtp_server.messages for r in rcpt) == [
        "svar0.1466@example.org",
        "svar1.1466@example.org",
    ]
    _rcpt, message = smtp_server.messages[0]
    assert message["Subject"] == "Nöjdhet – ”servicedesk” å"
    (token,) = LINK.findall(message.get_content())
    assert client.get(f"/followup/s/{token}/").status_code == 200


def test_reminders_go_only_to_those_who_have_not_answered(world, client, smtp_server) -> None:
    made = build(world)
    outbox.send_queued_mail()
    answer(made, "svar0.1466@example.org", 5)
    answer(made, "svar0.1442@example.org", 3)
    smtp_server.messages.clear()
    assert actions.do_remind(made["survey"], acting_user=world.admin_alpha) == 3
    outbox.send_queued_mail()
    reminded = sorted(r for rcpt, _m in smtp_server.messages for r in rcpt)
    assert reminded == ["svar1.1442@example.org", "svar1.1466@example.org", "svar2.1466@example.org"]
    assert all(m["Subject"].startswith("Påminnelse: ") for _r, m in smtp_server.messages)
    # Both the first link and the reminder's work (until one of them answers).
    first, second = tokens_mailed("svar1.1466@example.org")
    assert first != second
    assert client.get(f"/followup/s/{first}/").status_code == 200
    assert client.post(f"/followup/s/{second}/", form_data(made)).status_code == 200
    assert client.post(f"/followup/s/{first}/", form_data(made)).status_code == 409


def test_the_periodic_task_reminds_after_the_chosen_days_and_at_most_twice(world) -> None:
    made = build(world, per_member={world.member_a: 2})
    answer(made, "svar0.1466@example.org", 4)
    assert tasks.remind_surveys.call() == 0, "not yet: the first mail went out today"
    past = timezone.now() - datetime.timedelta(days=8)
    SurveyRecipient.objects.filter(survey=made["survey"]).update(sent_at=past)
    assert tasks.remind_surveys.call() == 1
    recipient = SurveyRecipient.objects.get(email="svar1.1466@example.org")
    assert recipient.reminders == 1
    assert SurveyRecipient.objects.get(email="svar0.1466@example.org").reminders == 0
    assert tasks.remind_surveys.call() == 0, "the reminder itself went out just now"
    for _round in range(3):
        SurveyRecipient.objects.filter(pk=recipient.pk).update(reminded_at=past)
        tasks.remind_surveys.call()
    assert SurveyRecipient.objects.get(pk=recipient.pk).reminders == actions.MAX_AUTOMATIC_REMINDERS
    assert "samdrift.followup.tasks.remind_surveys" in dict(django_settings.SAMDRIFT_PERIODIC_TASKS)


def test_recipients_from_roles_and_addresses(world, client_for) -> None:
    s = survey(world)
    added = actions.do_add_recipients(
        s, acting_user=world.admin_alpha, member=world.member_a, roles=["orderer", "requester"],
        addresses=["Extra@Example.org", "orderer_a@example.org"],
    )  # fmt: skip
    emails = set(SurveyRecipient.objects.filter(survey=s).values_list("email", flat=True))
    assert emails == {
        "orderer_a@example.org", "requester_a1@example.org", "colleague_a1@example.org", "requester_a2@example.org",
        "Extra@Example.org",
    }  # fmt: skip
    assert added == 5
    assert actions.do_add_recipients(s, acting_user=None, member=world.member_a, addresses=["extra@example.org"]) == 0
    actions.do_add_recipients(s, acting_user=None, member=world.member_a, department=world.dept_a2, roles=["requester"])
    with pytest.raises(ValidationError):
        actions.do_add_recipients(s, acting_user=None, member=world.member_c, addresses=["x@example.org"])
    with pytest.raises(ValidationError):
        actions.do_add_recipients(s, acting_user=None, member=world.member_a, addresses=["inte en adress"])
    page = client_for("admin_alpha").post(
        f"/followup/surveys/{s.pk}/recipients/", {"member": world.member_b.pk, "addresses": "fel@"}
    )
    assert page.status_code == 400 and "fel@" in page.content.decode()
    ok = client_for("admin_alpha").post(
        f"/followup/surveys/{s.pk}/recipients/", {"member": world.member_b.pk, "roles": ["orderer"]}
    )
    assert ok.status_code == 302
    assert SurveyRecipient.objects.filter(survey=s, member=world.member_b).count() == 1
    assert (
        client_for("orderer_a")
        .post(f"/followup/surveys/{s.pk}/recipients/", {"member": world.member_a.pk, "roles": ["orderer"]})
        .status_code
        == 403
    )


def test_questions_change_only_while_the_survey_is_a_draft(world, client_for) -> None:
    made = build(world)
    with pytest.raises(ValidationError):
        actions.do_create_question(acting_user=None, survey=made["survey"], text="Sent fråga")
    with pytest.raises(ValidationError):
        actions.do_update_question(made["scale"], acting_user=None, expected_version=SYSTEM, text="Ändrad")
    with pytest.raises(ValidationError):
        actions.do_delete_survey(made["survey"], acting_user=None, expected_version=SYSTEM)
    with pytest.raises(ValidationError):
        question(world, kind="choice", options=["Bara en"])
    client = client_for("controller_alpha")
    draft = survey(world)
    data = {
        "survey": draft.pk,
        "position": 1,
        "kind": "choice",
        "text": "Kanal – ”val”",
        "options": "Telefon\nPortal\n",
    }
    assert client.post("/followup/questions/add/", data).status_code == 302
    assert Question.objects.get(survey=draft).options == ["Telefon", "Portal"]
    assert client.post("/followup/questions/add/", data | {"options": ""}).status_code == 400


def test_send_and_close_through_the_page_with_versions(world, client_for) -> None:
    made = build(world, send=False)
    s = made["survey"]
    client = client_for("controller_alpha")
    assert client.post(f"/followup/surveys/{s.pk}/send/", {}).status_code == 302
    assert Survey.objects.get(pk=s.pk).state == "draft", "without a version nothing is sent"
    assert client.post(f"/followup/surveys/{s.pk}/send/", {"version": s.version}).status_code == 302
    s.refresh_from_db()
    assert s.state == "open" and Email.objects.count() == 5
    assert client_for("orderer_b").post(f"/followup/surveys/{s.pk}/close/", {"version": s.version}).status_code == 403
    assert client.post(f"/followup/surveys/{s.pk}/close/", {"version": s.version}).status_code == 302
    assert Survey.objects.get(pk=s.pk).state == "closed"


# Results -----------------------------------------------------------------------------


def answered_world(world: Any) -> dict[str, Any]:
    """Member A: 3 of 3 answered (scores 5, 4, 3); member B: 1 of 2 (score 1)."""
    made = build(world)
    answer(made, "svar0.1466@example.org", 5, text="Bra – ”tack” å")
    answer(made, "svar1.1466@example.org", 4, channel="Portal")
    answer(made, "svar2.1466@example.org", 3)
    answer(made, "svar0.1442@example.org", 1, text="Hemligt från B")
    return made


def test_results_per_member_and_department_with_response_rate_and_small_groups(world) -> None:
    made = answered_world(world)
    found = surveys.results(world.controller_alpha, made["survey"])
    by_label = {g.label: g for g in found.members + found.departments}
    a, b = by_label[world.member_a.name], by_label[world.member_b.name]
    assert (a.invited, a.answered, a.rate) == (3, 3, Decimal("100.0"))
    assert (b.invited, b.answered, b.rate) == (2, 1, Decimal("50.0"))
    scale_a = next(r for r in a.questions if r.question == made["scale"])
    assert scale_a.average == Decimal("4.00") and scale_a.answers == 3
    assert dict(next(r for r in a.questions if r.question == made["choice"]).distribution) == {
        "Telefon": 2,
        "Portal": 1,
    }
    assert not b.shown and b.questions == [], "one answer is not broken down"
    department = by_label[f"{world.member_a.name} – {world.dept_a1.name}"]
    assert department.shown and department.answered == 3
    overall = found.overall
    assert (overall.invited, overall.answered) == (5, 4)
    assert next(r for r in overall.questions if r.question == made["scale"]).average == Decimal("3.25")
    assert found.texts == {made["text"].pk: ["Bra – ”tack” å", "Hemligt från B"]}


def test_a_member_sees_its_own_results_and_the_collaboration_when_transparent(world, client_for) -> None:
    from samdrift.finance import actions as finance

    made = answered_world(world)
    found = surveys.results(world.orderer_a, made["survey"])
    assert [g.label for g in found.members] == [world.member_a.name]
    assert found.texts is None, "free text is for the shared organisation's staff"
    assert found.collaboration is not None and found.collaboration.answered == 4
    page = client_for("orderer_a").get(f"/followup/surveys/{made['survey'].pk}/results/")
    body = page.content.decode()
    assert page.status_code == 200 and world.member_a.name in body and "Samverkan" in body
    assert world.member_b.name not in body and "Hemligt från B" not in body and "Bra – ”tack” å" not in body

    b_page = client_for("orderer_b").get(f"/followup/surveys/{made['survey'].pk}/results/").content.decode()
    assert world.member_a.name not in b_page and "för få svar" in b_page

    finance.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)
    assert surveys.results(world.orderer_a, made["survey"]).collaboration is None

    staff = client_for("agent_alpha").get(f"/followup/surveys/{made['survey'].pk}/results/").content.decode()
    assert "Hemligt från B" in staff and world.member_b.name in staff
    api = client_for("orderer_a").get(f"/api/v1/surveys/{made['survey'].pk}/results/").json()
    assert [g["label"] for g in api["members"]] == [world.member_a.name] and api["texts"] is None
    assert client_for("admin_beta").get(f"/followup/surveys/{made['survey'].pk}/results/").status_code == 404


def test_satisfaction_kpi_counts_ticket_ratings_and_survey_scales(world) -> None:
    made = answered_world(world)
    goal = actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, year=2026, name="Nöjdhet", measure="satisfaction",
        target=Decimal(4),
    )  # fmt: skip
    value, basis = goals.compute(goal)
    assert value == Decimal("3.25") and basis == "0 + 4"
    member_goal = actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, member=world.member_a, year=2026, name="Nöjdhet A",
        measure="satisfaction", target=Decimal(4),
    )  # fmt: skip
    assert goals.compute(member_goal)[0] == Decimal("4.00")
    health = actions.do_create_health_survey(
        acting_user=None, collaboration=world.alpha, year=2026, closes_on=made["survey"].closes_on
    )
    assert health.kind == "health"
    assert goals.compute(goal)[0] == Decimal("3.25"), "only satisfaction surveys feed the KPI"


def test_the_delivery_report_shows_survey_results(world, client_for) -> None:
    made = answered_world(world)
    today = timezone.localdate()
    built = report.build(world.orderer_b, today.replace(day=1), today.replace(day=1))
    assert [r.survey for r in built.surveys] == [made["survey"]]
    page = client_for("controller_alpha").get(f"/followup/report/?start={today:%Y-%m}&end={today:%Y-%m}")
    body = page.content.decode()
    assert page.status_code == 200 and "Enkätresultat" in body and made["survey"].title in body
    assert client_for("admin_beta").get(f"/followup/report/?start={today:%Y-%m}&end={today:%Y-%m}").status_code == 200
    assert (
        made["survey"].title
        not in client_for("admin_beta").get(f"/followup/report/?start={today:%Y-%m}&end={today:%Y-%m}").content.decode()
    )


# The collaboration-health survey -----------------------------------------------------


def test_health_survey_from_the_five_key_factors_with_a_trend(world, client_for) -> None:
    from samdrift.tenancy import actions as tenancy

    # Three representatives per member: the orderer and two more orderers.
    for name in ("rep1", "rep2"):
        for member in (world.member_a, world.member_b):
            from samdrift.accounts import actions as accounts

            user = accounts.do_create_user(
                acting_user=None, username=f"{name}_{member.scb_code}", password="x-Y-z-123456789",
                email=f"{name}.{member.scb_code}@example.org", collaboration=world.alpha,
            )  # fmt: skip
            accounts.do_grant_role(
                acting_user=None, user=user, role="orderer", collaboration=world.alpha, member=member
            )
    assert tenancy  # the world's members are current
    closes = timezone.localdate() + datetime.timedelta(days=7)
    scores = {2025: 3, 2026: 4}
    for year, score in scores.items():
        s = actions.do_create_health_survey(acting_user=world.admin_alpha, collaboration=world.alpha, year=year,
                                            closes_on=closes)  # fmt: skip
        questions = list(Question.objects.filter(survey=s).order_by("position"))
        assert [q.factor for q in questions[:5]] == list(HealthFactor.values)
        assert questions[5].kind == "text"
        assert SurveyRecipient.objects.filter(survey=s).count() == 6
        actions.do_send_survey(s, acting_user=world.admin_alpha, expected_version=SYSTEM)
        for recipient in SurveyRecipient.objects.filter(survey=s):
            bonus = 1 if recipient.member_id == world.member_b.pk else 0
            actions.do_answer_survey(recipient, answers={q.pk: score + bonus for q in questions[:5]})

    trend = surveys.health_trend(world.controller_alpha, world.alpha)
    assert trend.years == [2025, 2026]
    assert trend.own["shared_goal"] == [Decimal("3.50"), Decimal("4.50")]
    own = surveys.health_trend(world.orderer_a, world.alpha)
    assert own.own["shared_goal"] == [Decimal("3.00"), Decimal("4.00")]
    assert own.collaboration_values is not None and own.collaboration_values["shared_goal"][1] == Decimal("4.50")

    page = client_for("orderer_a").get("/followup/surveys/health/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "<table" in body and "4,00" in body
    assert "4,50" in body, "the collaboration beside its own, as the collaboration is transparent"
    assert client_for("admin_beta").get("/followup/surveys/health/").content.decode().count("<svg") == 0
    assert client_for("requester_a1").get("/followup/surveys/health/").status_code == 403


def test_health_survey_is_created_from_the_page_by_managers_only(world, client_for) -> None:
    data = {"collaboration": world.alpha.pk, "year": 2026, "closes_on": "2026-12-31"}
    assert client_for("orderer_a").get("/followup/surveys/health/new/").status_code == 403
    assert client_for("orderer_a").post("/followup/surveys/health/new/", data).status_code == 403
    assert client_for("controller_alpha").post("/followup/surveys/health/new/", data | {"year": "x"}).status_code == 400
    assert client_for("admin_beta").post("/followup/surveys/health/new/", data).status_code == 400
    made = client_for("controller_alpha").post("/followup/surveys/health/new/", data)
    assert made.status_code == 302
    assert Survey.objects.get().title == "Samverkanshälsa 2026"


# API ---------------------------------------------------------------------------------


def test_api_builds_sends_and_reads_a_survey(world, api_for) -> None:
    api = api_for("controller_alpha")
    created = api.post(
        "/api/v1/surveys/",
        {"collaboration": world.alpha.pk, "kind": "satisfaction", "title": "API-enkät – ”å”", "year": 2026,
         "closes_on": f"{timezone.localdate() + datetime.timedelta(days=5):%Y-%m-%d}"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    q = api.post("/api/v1/questions/", {"survey": pk, "text": "Betyg?", "kind": "scale"}, format="json")
    assert q.status_code == 201
    bad = api.post("/api/v1/questions/", {"survey": pk, "text": "Val?", "kind": "choice"}, format="json")
    assert bad.status_code == 400 and "options" in bad.json()["errors"]
    rec = api.post(
        f"/api/v1/surveys/{pk}/recipients/", {"member": world.member_a.pk, "roles": ["orderer"]}, format="json"
    )
    assert rec.status_code == 200 and rec.json() == {"added": 1}
    other = api.post(
        f"/api/v1/surveys/{pk}/recipients/", {"member": world.member_c.pk, "roles": ["orderer"]}, format="json"
    )
    assert other.status_code == 400
    assert api.post(f"/api/v1/surveys/{pk}/send/", format="json").status_code == 428
    assert api.post(f"/api/v1/surveys/{pk}/send/", format="json", HTTP_IF_MATCH='"0"').status_code == 412
    sent = api.post(f"/api/v1/surveys/{pk}/send/", format="json", HTTP_IF_MATCH='"1"')
    assert sent.status_code == 200 and sent.json() == {"sent": 1}
    assert api.post(f"/api/v1/surveys/{pk}/send/", format="json", HTTP_IF_MATCH='"2"').status_code == 400
    assert api.get(f"/api/v1/surveys/{pk}/results/").json()["overall"]["invited"] == 1
    assert api_for("orderer_a").post(f"/api/v1/surveys/{pk}/remind/").status_code == 403
    assert api.post(f"/api/v1/surveys/{pk}/remind/").json() == {"reminded": 1}
    assert api.get("/api/v1/surveys/", {"state": "open"}).json()["count"] == 1
    schema = api.get("/api/schema/").content.decode()
    assert "/api/v1/surveys/{id}/results/" in schema and "/api/v1/survey-answers/{token}/" in schema
