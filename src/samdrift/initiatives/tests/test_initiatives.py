"""Initiatives: stages and what they require, privacy of drafts, the assessments, shared
solutions with certification and join requests, the register and a member's overview."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from samdrift.core.exceptions import ConcurrentEditError
from samdrift.core.outbox import send_queued_mail
from samdrift.initiatives import actions, assessment
from samdrift.initiatives.choices import Criterion, Decision, Quadrant, Stage, StanceKind
from samdrift.initiatives.models import Cooperation, Initiative, Participation

from . import factories as f

pytestmark = pytest.mark.django_db
# Messages are matched in Swedish, the default language.


def _advance(initiative, user=None):
    return actions.do_advance_stage(initiative, acting_user=user, expected_version=initiative.version)


def test_a_need_moves_through_the_stages_only_with_what_each_requires(world) -> None:
    need = f.draft(world)
    assert need.stage == Stage.NEED and not need.is_shared and need.raised_by is None
    need = _advance(need)
    assert need.stage == Stage.PREPARATION and not need.is_shared
    with pytest.raises(ValidationError, match="förstudien"):
        _advance(need)
    need = actions.do_update_initiative(need, acting_user=None, expected_version=need.version, prestudy="Dnr 2026/1")
    need = _advance(need)
    assert need.stage == Stage.FRAMING and need.is_shared, "joint framing shares the need"
    f.participation(world, need, world.member_b)
    with pytest.raises(ValidationError, match="två medlemmar"):
        _advance(need)
    other = actions.do_set_participation(acting_user=None, initiative=need, member=world.member_a)
    assert other.decision == Decision.UNDECIDED
    with pytest.raises(ValidationError):
        _advance(need)
    actions.do_set_participation(acting_user=None, initiative=need, member=world.member_a, decision=Decision.IN,
                                 decision_reference="KS § 3")  # fmt: skip
    need.refresh_from_db()
    need = _advance(need)
    assert need.stage == Stage.AGREEMENT
    with pytest.raises(ValidationError, match="riktningsgivande"):
        _advance(need)


def test_a_stale_version_does_not_move_the_stage(world) -> None:
    need = f.draft(world)
    _advance(need)
    with pytest.raises(ConcurrentEditError):
        actions.do_advance_stage(need, acting_user=None, expected_version=need.version)


def test_other_members_join_only_a_shared_need(world) -> None:
    need = f.draft(world)
    with pytest.raises(ValidationError, match="delat"):
        actions.do_set_participation(acting_user=None, initiative=need, member=world.member_a)
    with pytest.raises(ValidationError, match="referens"):
        actions.do_set_participation(acting_user=None, initiative=need, member=world.member_b, decision=Decision.IN)


def test_a_draft_is_private_to_its_member_until_shared(world) -> None:
    need = f.draft(world)
    readers = {name for name, user in world.users.items() if Initiative.objects.visible_to(user).filter(pk=need.pk)}
    assert readers == {"orderer_b", "admin_b"}
    actions.do_share_initiative(need, acting_user=None, expected_version=need.version)
    readers = {name for name, user in world.users.items() if Initiative.objects.visible_to(user).filter(pk=need.pk)}
    assert {"orderer_a", "admin_alpha", "controller_alpha", "orderer_b"} <= readers
    assert not readers & {"requester_b1", "requester_c1", "admin_beta", "agent_alpha"}


@pytest.mark.parametrize(
    ("yes", "quadrant"),
    [
        (set(), Quadrant.STANDARD_SOURCING),
        ({"many_parties", "new_relations"}, Quadrant.UNNECESSARY),
        ({"unknown_parts", "hard_to_predict"}, Quadrant.EXPENSIVE),
        ({"many_parties", "unclear_interfaces", "many_changes", "unknown_parts"}, Quadrant.COLLABORATION),
    ],
)
def test_the_classifier_places_the_initiative_in_a_quadrant(world, yes, quadrant) -> None:
    need = f.draft(world)
    answers = {q.code: q.code in yes for q in assessment.QUESTIONS}
    need = actions.do_classify(need, acting_user=None, expected_version=need.version, answers=answers)
    assert need.quadrant == quadrant and need.classifier_answers == answers
    assert str(assessment.ADVICE[quadrant])


def test_key_factors_are_rated_one_to_five(world) -> None:
    part = f.participation(world)
    saved = actions.do_assess_key_factors(part, acting_user=None, expected_version=part.version,
                                          ratings={"shared_goal": "4", "rotating_lead": 2, "unknown": 5})  # fmt: skip
    assert saved.key_factors == {"shared_goal": 4, "rotating_lead": 2}
    with pytest.raises(ValidationError):
        actions.do_assess_key_factors(saved, acting_user=None, expected_version=saved.version, ratings={"drivers": 7})


def test_certification_needs_every_criterion_and_the_collaboration(world) -> None:
    solution = f.solution(world)
    with pytest.raises(PermissionDenied):
        actions.do_certify_solution(solution, acting_user=world.orderer_b, expected_version=solution.version,
                                    criteria=list(Criterion.values))  # fmt: skip
    with pytest.raises(ValidationError):
        actions.do_certify_solution(solution, acting_user=world.admin_alpha, expected_version=solution.version,
                                    criteria=[Criterion.IN_USE])  # fmt: skip
    certified = actions.do_certify_solution(
        solution,
        acting_user=world.admin_alpha,
        expected_version=solution.version,
        criteria=list(Criterion.values),
        certified_on=datetime.date(2026, 5, 4),
    )
    assert certified.is_certified and certified.certified_on == datetime.date(2026, 5, 4)


def test_joining_a_procurement_mails_the_owner(world, smtp_server, django_capture_on_commit_callbacks) -> None:
    solution = f.solution(world)
    with pytest.raises(ValidationError):
        actions.do_request_join(acting_user=world.orderer_b, solution=solution, member=world.member_b)
    with django_capture_on_commit_callbacks(execute=True):
        stance = actions.do_request_join(acting_user=world.orderer_a, solution=solution, member=world.member_a,
                                         message="Vi vill avropa – ”snart” på Åsen")  # fmt: skip
    assert stance.stance == StanceKind.FOLLOWER and stance.join_requested_at is not None
    assert Email.objects.get().to == ["e-arkiv@b.example"]
    assert send_queued_mail() == 1
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["e-arkiv@b.example"]
    assert "Herrljunga" in message.get_content() and "”snart” på Åsen" in message.get_content()


def test_a_project_needs_a_shared_initiative(world) -> None:
    with pytest.raises(ValidationError, match="Dela initiativet"):
        f.project(world, f.draft(world))
    assert f.project(world).budget == Decimal("1250000.50")


def test_the_member_overview_shows_collaborations_costs_and_representatives(world, client_for) -> None:
    f.participant(world)
    page = client_for("orderer_a").get(f"/initiatives/members/{world.member_b.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Överförmyndare i samverkan" in body and "Kerstin Ek, KS" in body and "1\xa0225\xa0000,25" in body
    assert client_for("admin_beta").get(f"/initiatives/members/{world.member_b.pk}/").status_code == 404


def test_the_home_page_is_for_readers(world, client_for) -> None:
    assert client_for("orderer_b").get("/initiatives/").status_code == 200
    assert client_for("requester_b1").get("/initiatives/").status_code == 403


def test_an_orderer_raises_a_need_and_another_member_joins_in_the_ui(world, client_for) -> None:
    b = client_for("orderer_b")
    answer = b.post(
        "/initiatives/initiatives/add/", {"title": "E-arkiv", "need": "Bevara", "need_owner": world.member_b.pk}
    )
    need = Initiative.objects.get()
    assert answer.status_code == 302 and need.raised_by == world.orderer_b
    assert client_for("orderer_a").get(need.get_absolute_url()).status_code == 404
    assert b.post(f"/initiatives/initiatives/{need.pk}/share/", {"version": need.version}).status_code == 302
    a = client_for("orderer_a")
    assert a.get(need.get_absolute_url()).status_code == 200
    joined = a.post("/initiatives/participations/add/", {"initiative": need.pk, "member": world.member_a.pk,
                                                        "decision": "in", "decision_reference": "KS § 9"})  # fmt: skip
    assert joined.status_code == 302
    assert Participation.objects.get().member == world.member_a
    # Member A cannot decide for member B.
    refused = a.post("/initiatives/participations/add/", {"initiative": need.pk, "member": world.member_b.pk,
                                                         "decision": "in", "decision_reference": "KS § 9"})  # fmt: skip
    assert refused.status_code == 400


def test_bad_input_is_a_message_not_an_error(world, client_for) -> None:
    b = client_for("orderer_b")
    need = f.draft(world)
    page = b.post(f"/initiatives/initiatives/{need.pk}/classify/", {"version": need.version, "many_parties": "maybe"})
    assert page.status_code == 400
    page = b.post(
        f"/initiatives/initiatives/{need.pk}/edit/", {"title": "", "need": "x", "need_owner": world.member_b.pk}
    )
    assert page.status_code == 400


def test_the_api_raises_advances_and_refuses_stale_versions(world, api_for) -> None:
    api = api_for("orderer_b")
    made = api.post("/api/v1/initiatives/", {"title": "E-arkiv", "need": "Bevara", "need_owner": world.member_b.pk},
                    format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["is_shared"] is False
    pk = made.json()["id"]
    assert api_for("orderer_a").get(f"/api/v1/initiatives/{pk}/").status_code == 404
    moved = api.post(f"/api/v1/initiatives/{pk}/advance/", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved.json()["stage"] == "preparation"
    stale = api.post(f"/api/v1/initiatives/{pk}/advance/", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    missing = api.post(f"/api/v1/initiatives/{pk}/advance/", HTTP_IF_MATCH='"2"', HTTP_ACCEPT_LANGUAGE="sv")
    assert missing.status_code == 400 and missing.json()["detail"]
    assert api.post(f"/api/v1/initiatives/{pk}/advance/").status_code == 428
    classified = api.post(f"/api/v1/initiatives/{pk}/classify/", {q.code: True for q in assessment.QUESTIONS},
                          format="json", HTTP_IF_MATCH='"2"')  # fmt: skip
    assert classified.status_code == 200 and classified.json()["quadrant"] == Quadrant.COLLABORATION


def test_the_api_joins_a_procurement_only_for_ones_own_member(world, api_for) -> None:
    solution = f.solution(world)
    api = api_for("orderer_a")
    assert api.post(f"/api/v1/solutions/{solution.pk}/join/", {"member": world.member_b.pk}).status_code == 404
    joined = api.post(f"/api/v1/solutions/{solution.pk}/join/", {"member": world.member_a.pk, "message": "Gärna"})
    assert joined.status_code == 201 and joined.json()["stance"] == "follower"
    assert api.post(f"/api/v1/solutions/{solution.pk}/certify/", {"criteria": ["in_use"]},
                    HTTP_IF_MATCH='"1"').status_code == 403  # fmt: skip


names = st.text(alphabet="abcåäöÅÄÖ –”’ 0123456789", min_size=1, max_size=60).filter(lambda s: s.strip())
ore = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c) / 100)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, cost=ore)
def test_names_and_costs_survive_the_database(world, name, cost) -> None:
    made = f.cooperation(world, name=name.strip(), annual_cost=cost)
    stored = Cooperation.objects.get(pk=made.pk)
    assert stored.name == name.strip() and stored.annual_cost == cost
    assert Cooperation.objects.filter(name__icontains=name.strip()[:5]).filter(pk=made.pk).exists()
    need = actions.do_raise_need(acting_user=None, need_owner=world.member_b, title=name.strip(), need=name)
    assert Initiative.objects.get(pk=need.pk).title == name.strip()


def test_list_pages_and_the_member_overview_run_a_fixed_number_of_queries(world, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("orderer_a")
    urls = [f"/initiatives/{name}s/" for name in ("cooperation", "participant", "initiative", "participation",
                                                   "followup", "solution", "stance", "project", "statusreport")]  # fmt: skip
    urls.append(f"/initiatives/members/{world.member_b.pk}/")

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            found[url] = len(ctx)
        return found

    f.status_report(world)
    f.participant(world)
    f.stance(world)
    f.participation(world)
    f.followup(world)
    before = counts()
    for i in range(3):
        f.status_report(world)
        made = actions.do_add_participant(acting_user=None, cooperation=f.cooperation(world, name=f"Extra {i}"),
                                          member=world.member_b, annual_cost=Decimal("1.01"))  # fmt: skip
        assert made.pk
        f.followup(world, f.participation(world).initiative)
        actions.do_take_stance(acting_user=None, solution=f.solution(world, world.member_a), member=world.member_b,
                               stance=StanceKind.FOLLOWER)  # fmt: skip
    assert counts() == before
