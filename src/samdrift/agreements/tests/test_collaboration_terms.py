"""Collaboration-wide penalty terms: they apply to every member's yearly agreement for the
services it covers unless the member's agreement has its own term, the calculation says
which term applied, and signed agreements keep the terms they were signed with."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samdrift.agreements import actions, penalties
from samdrift.catalog import actions as catalog

from . import factories as f

pytestmark = pytest.mark.django_db


def both_members(world):
    """E-post for members A and B, a collaboration-wide term, and A's own term (override)."""
    made = f.subscribed(world)  # member B
    catalog.do_subscribe(acting_user=None, member=world.member_a, service=made, starts=datetime.date(2020, 1, 1))
    wide = f.collaboration_term(world, made)
    agreements = {}
    for member in (world.member_a, world.member_b):
        agreements[member.pk] = actions.do_draft_service_agreement(acting_user=None, member=member, year=f.YEAR)
    own = actions.do_add_penalty_term(
        acting_user=None, agreement=agreements[world.member_a.pk], service=made, percent_per_point=Decimal("1"),
        amount_per_p1_breach=Decimal("0"), cap=None,
    )  # fmt: skip
    return made, wide, own, agreements


def test_the_effective_term_is_the_members_own_else_the_collaborations(world) -> None:
    _made, wide, own, agreements = both_members(world)
    assert penalties.effective_terms(agreements[world.member_a.pk]) == [(own, penalties.AGREEMENT)]
    assert penalties.effective_terms(agreements[world.member_b.pk]) == [(wide, penalties.COLLABORATION)]
    # Not in force in another year, and not for a service the agreement does not cover.
    later = actions.do_update_collaboration_penalty_term(
        wide, acting_user=None, expected_version=wide.version, first_year=f.YEAR + 1
    )
    assert penalties.effective_terms(agreements[world.member_b.pk]) == []
    other = f.service(world, "Telefoni")
    f.collaboration_term(world, other)
    assert penalties.effective_terms(agreements[world.member_b.pk]) == []
    del later


def test_the_penalty_run_explains_which_term_applied(world) -> None:
    made, wide, own, agreements = both_members(world)
    for member in (world.member_a, world.member_b):
        draft = agreements[member.pk]
        orderer = world.orderer_a if member == world.member_a else world.orderer_b
        actions.do_sign_service_agreement(
            draft, acting_user=orderer, expected_version=draft.version, signed_on=datetime.date(f.YEAR, 1, 15)
        )
    f.outage(world, made, datetime.datetime(f.YEAR, 10, 5, 8, tzinfo=datetime.UTC), 10)
    run = actions.do_compute_penalties(acting_user=None, collaboration=world.alpha, year=f.YEAR, month=10)
    lines = {entry["id"]: entry["lines"][0] for entry in run.output["members"]}
    a, b = lines[world.member_a.pk], lines[world.member_b.pk]
    assert (a["source"], a["term"]) == (penalties.AGREEMENT, own.pk)
    assert (b["source"], b["term"]) == (penalties.COLLABORATION, wide.pk)
    points = b["points"]
    assert points >= 1
    # B: 10 % of the monthly fee 10 000.01 per started point, capped at 5 000; A: 1 %, no cap.
    assert Decimal(b["amount"]) == min(Decimal("1000.00") * points, Decimal("5000"))
    assert Decimal(a["amount"]) == (Decimal("100.0001") * points).quantize(Decimal("0.01"))
    assert actions.penalty_run_reproduces(run)
    total = sum((Decimal(m["total"]) for m in run.output["members"]), Decimal("0.00"))
    assert total == run.total


def test_signed_agreements_keep_their_terms(world) -> None:
    made, wide, _own, agreements = both_members(world)
    draft = agreements[world.member_b.pk]
    actions.do_sign_service_agreement(draft, acting_user=world.orderer_b, expected_version=draft.version)
    with pytest.raises(ValidationError) as changed:
        actions.do_update_collaboration_penalty_term(
            wide, acting_user=None, expected_version=wide.version, percent_per_point=Decimal("50")
        )
    assert "percent_per_point" in changed.value.error_dict
    with pytest.raises(ValidationError):
        actions.do_update_collaboration_penalty_term(
            wide, acting_user=None, expected_version=wide.version, last_year=f.YEAR - 1
        )
    with pytest.raises(ValidationError):
        actions.do_delete_collaboration_penalty_term(wide, acting_user=None, expected_version=wide.version)
    ended = actions.do_update_collaboration_penalty_term(
        wide, acting_user=None, expected_version=wide.version, last_year=f.YEAR
    )
    assert ended.last_year == f.YEAR
    # A new term for a signed year is refused; from the next year it is fine.
    with pytest.raises(ValidationError):
        f.collaboration_term(world, made, first_year=f.YEAR, percent_per_point=Decimal("20"))
    assert f.collaboration_term(world, made, first_year=f.YEAR + 1).first_year == f.YEAR + 1


def test_bad_terms_are_refused(world) -> None:
    made = f.subscribed(world)
    f.collaboration_term(world, made)
    with pytest.raises(ValidationError) as overlap:
        f.collaboration_term(world, made, first_year=f.YEAR - 2, last_year=f.YEAR)
    assert "first_year" in overlap.value.error_dict
    with pytest.raises(ValidationError) as cap:
        f.collaboration_term(world, made, first_year=f.YEAR + 5, cap=Decimal("-0.01"))
    assert "cap" in cap.value.error_dict
    with pytest.raises(ValidationError) as years:
        f.collaboration_term(world, made, first_year=f.YEAR + 5, last_year=f.YEAR + 4)
    assert "last_year" in years.value.error_dict
    with pytest.raises(ValidationError) as other:
        f.collaboration_term(world, made, collaboration=world.beta, first_year=f.YEAR + 5)
    assert "service" in other.value.error_dict


def test_the_api_and_the_agreement_page(world, api_for, client_for) -> None:
    made, wide, _own, agreements = both_members(world)
    api = api_for("controller_alpha")
    listed = api.get(f"/api/v1/collaboration-penalty-terms/?year={f.YEAR}").json()
    assert [row["id"] for row in listed["results"]] == [wide.pk]
    bad = api.post(
        "/api/v1/collaboration-penalty-terms/",
        {"collaboration": world.alpha.pk, "service": made.pk, "first_year": f.YEAR + 3, "cap": "-5"},
        format="json",
    )
    assert bad.status_code == 400 and "cap" in bad.json()["errors"]
    assert api_for("orderer_b").get(f"/api/v1/collaboration-penalty-terms/{wide.pk}/").status_code == 200
    assert (
        api_for("orderer_b")
        .post(
            "/api/v1/collaboration-penalty-terms/",
            {"collaboration": world.alpha.pk, "service": made.pk, "first_year": f.YEAR + 3},
            format="json",
        )
        .status_code
        == 403
    )
    page = client_for("orderer_b").get(agreements[world.member_b.pk].get_absolute_url()).content.decode()
    assert "Gällande vitesvillkor" in page and "gemensamt för samverkan" in page
