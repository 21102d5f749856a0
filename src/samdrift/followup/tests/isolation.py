from decimal import Decimal

from samdrift.followup import actions, stats
from samdrift.followup.models import (
    Benefit,
    Goal,
    Question,
    StatYear,
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyResponse,
    TicketStat,
)
from samdrift.testing.isolation import IsolationCase
from samdrift.testing.world import make_ticket


def collaboration_goal(world):
    return actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, year=2026, name="Kö under 100", measure="backlog",
        direction="lower", target=Decimal(100),
    )  # fmt: skip


def member_goal(world):
    return actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, member=world.member_a, year=2026, name="Nöjdhet – Herrljunga",
        measure="satisfaction", target=Decimal(4),
    )  # fmt: skip


def member_statistics(world):
    ticket = make_ticket(world)
    stats.refresh()
    return TicketStat.objects.filter(member_id=ticket.member_id).first()


def member_balance(world):
    ticket = make_ticket(world)
    stats.refresh()
    return StatYear.objects.filter(member_id=ticket.member_id).first()


def member_benefit(world):
    return actions.do_create_benefit(
        acting_user=None, collaboration=world.alpha, member=world.member_a, title="Färre utskrifter – ”Skrivarlyftet”",
        kind="savings", expected_value=Decimal("125000.50"), owner="Åsa Öberg",
    )  # fmt: skip


def collaboration_benefit(world):
    return actions.do_create_benefit(
        acting_user=None, collaboration=world.alpha, title="Kortare väntetid", kind="hours",
        expected_value=Decimal(400),
    )  # fmt: skip


def survey(world, **fields):
    import datetime

    from django.utils import timezone

    values = {
        "acting_user": None, "collaboration": world.alpha, "kind": "satisfaction", "title": "Nöjdhet – ”servicedesk” å",
        "year": 2026, "closes_on": timezone.localdate() + datetime.timedelta(days=10),
    } | fields  # fmt: skip
    return actions.do_create_survey(**values)


def question(world, **fields):
    values = {"text": "Hur nöjd är du?"} | fields
    return actions.do_create_question(acting_user=None, survey=values.pop("survey", None) or survey(world), **values)


def recipient(world):
    s = survey(world)
    actions.do_add_recipients(s, acting_user=None, member=world.member_a, addresses=["svarare.a@example.org"])
    return SurveyRecipient.objects.get(survey=s)


def answered(world, text: str = "Bättre – ”återkoppling” å"):
    """A sent survey of Alpha with one answer from member A (a score and a text)."""
    from samdrift.core.versions import SYSTEM

    s = survey(world)
    scale = question(world, survey=s, position=1)
    free = question(world, survey=s, position=2, kind="text", required=False)
    actions.do_add_recipients(s, acting_user=None, member=world.member_a, addresses=["svarare.a@example.org"])
    actions.do_send_survey(s, acting_user=None, expected_version=SYSTEM)
    r = SurveyRecipient.objects.get(survey=s)
    return actions.do_answer_survey(r, answers={scale.pk: 4, free.pk: text})


def response(world):
    return answered(world)


def text_answer(world):
    return SurveyAnswer.objects.get(response=answered(world), question__kind="text")


def _survey_page(obj):
    from django.urls import reverse

    return [reverse("followup:survey_detail", args=[obj.survey_id])]


def _results_page(obj):
    from django.urls import reverse

    return [reverse("followup:survey_results", args=[obj.response.survey_id])]


ISOLATION_CASES = [
    IsolationCase(
        Survey,
        survey,
        name="followup.survey (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        Question,
        question,
        name="followup.question (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        SurveyRecipient,
        recipient,
        name="followup.surveyrecipient (member)",
        insider="admin_alpha",
        outsiders=("orderer_a", "orderer_b", "admin_b", "admin_beta", "requester_a1", "agent_alpha"),
        ui=False,
        api=False,
        pages=_survey_page,
        marker=lambda r: r.email,
    ),
    IsolationCase(
        SurveyResponse,
        response,
        name="followup.surveyresponse (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "requester_b1", "nobody"),
        ui=False,
        api=False,
        no_pages_reason="anonymous responses have no page of their own; the results page and API aggregate "
        "them (followup/tests/test_surveys.py checks their scope and the small-group rule)",
    ),
    IsolationCase(
        SurveyAnswer,
        text_answer,
        name="followup.surveyanswer (text, staff only)",
        insider="admin_alpha",
        outsiders=("orderer_a", "orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "nobody"),
        ui=False,
        api=False,
        pages=_results_page,
        marker=lambda a: a.text,
    ),
    IsolationCase(
        Benefit,
        member_benefit,
        name="followup.benefit (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "requester_a1", "requester_b1"),
    ),
    IsolationCase(
        Benefit,
        collaboration_benefit,
        name="followup.benefit (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        Goal,
        collaboration_goal,
        name="followup.goal (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        Goal,
        member_goal,
        name="followup.goal (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "requester_a1", "requester_b1"),
    ),
    IsolationCase(
        TicketStat,
        member_statistics,
        name="followup.ticketstat (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "requester_b1", "nobody"),
        ui=False,
        api=False,
        no_pages_reason="rollup rows have no page of their own; the statistics pages and API aggregate them "
        "(followup/tests/test_views.py and test_api.py check their scope)",
    ),
    IsolationCase(
        StatYear,
        member_balance,
        name="followup.statyear (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "requester_b1", "nobody"),
        ui=False,
        api=False,
        no_pages_reason="yearly backlog balances have no page of their own; the statistics pages and API "
        "aggregate them (followup/tests/test_views.py and test_api.py check their scope)",
    ),
]
