"""Numbering, dates, quorum, justering and immutability, secrecy, decisions acting on finance."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.core.versions import SYSTEM
from samdrift.finance import actions as finance
from samdrift.finance.choices import ApprovalState
from samdrift.governance import actions, dates, queries
from samdrift.governance.choices import DecisionEffect, DocumentKind, MembershipRole, MinutesState, Presence
from samdrift.governance.models import Document, Matter
from samdrift.testing.world import PASSWORD

from .isolation import MEETING_AT, body, matter, meeting, membership

pytestmark = pytest.mark.django_db


def grant(world, name, role):
    user = account_actions.do_create_user(acting_user=None, username=name, password=PASSWORD, collaboration=world.alpha)
    account_actions.do_grant_role(acting_user=None, user=user, role=role, collaboration=world.alpha)
    world.users[name] = user
    return user


# Dates -----------------------------------------------------------------------------------

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 1))


@settings(suppress_health_check=[HealthCheck.too_slow])  # pure; the shared host can be slow
@given(days)
def test_deadlines_are_calendar_days(day: datetime.date) -> None:
    assert (dates.justering_due(day) - day).days == 14
    assert (dates.posting_due(day) - day).days == 2
    assert (dates.appeal_ends(day) - day).days == 21
    assert dates.appeal_open(day, day) and dates.appeal_open(day, dates.appeal_ends(day))
    assert not dates.appeal_open(day, dates.appeal_ends(day) + datetime.timedelta(days=1))


@settings(suppress_health_check=[HealthCheck.too_slow])  # pure; the shared host can be slow
@given(
    st.datetimes(
        min_value=datetime.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime.datetime(2099, 1, 1),  # noqa: DTZ001
        timezones=st.just(datetime.UTC),
    )
)
def test_meeting_day_is_the_stockholm_calendar_day(moment: datetime.datetime) -> None:
    local = moment.astimezone(dates.STOCKHOLM)
    assert dates.local_date(moment) == local.date()
    # Stockholm is one or two hours ahead of UTC: the day is the UTC day or the next.
    assert (dates.local_date(moment) - moment.date()).days in (0, 1)


def test_a_meeting_just_after_midnight_counts_from_its_swedish_day() -> None:
    moment = datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC)  # 00:30 on 1 June in Stockholm
    assert dates.local_date(moment) == datetime.date(2026, 6, 1)
    assert dates.justering_due(dates.local_date(moment)) == datetime.date(2026, 6, 15)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        dates.local_date(datetime.datetime(2026, 1, 1))  # noqa: DTZ001


# Numbering -------------------------------------------------------------------------------


def test_case_numbers_run_per_collaboration_and_year_in_the_pattern(world) -> None:
    actions.do_create_case_series(
        acting_user=None, collaboration=world.alpha, prefix="ITVT", pattern="{prefix} {number}/{year}"
    )
    first = matter(world)
    second = matter(world)
    other_year = actions.do_register_matter(
        acting_user=None, collaboration=world.alpha, registered_on=datetime.date(2027, 1, 2), title="Budget 2028"
    )
    beta = actions.do_register_matter(
        acting_user=None, collaboration=world.beta, registered_on=datetime.date(2026, 3, 1), title="Avtal"
    )
    assert [first.case_number, second.case_number] == ["ITVT 1/2026", "ITVT 2/2026"]
    assert other_year.case_number == "ITVT 1/2027"
    assert beta.case_number == "Dnr 2026/1"


def test_a_bad_pattern_is_a_form_error(world) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_create_case_series(acting_user=None, collaboration=world.alpha, prefix="X", pattern="{prefix} {nr}")
    assert "pattern" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers(world) -> None:
    numbers: list[str] = []
    errors: list[BaseException] = []

    def register() -> None:
        try:
            numbers.append(matter(world).case_number)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=register) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == sorted({*numbers}) and len(numbers) == 6


def test_paragraphs_run_per_body_and_year(world) -> None:
    made = body(world)
    other = actions.do_create_body(
        acting_user=None, collaboration=world.alpha, name="Ledningsgruppen", kind="management_group"
    )
    held = meeting(world, made)
    items = [actions.do_add_item(acting_user=None, meeting=held, title=f"Ärende {i}") for i in range(2)]
    decisions = [actions.do_decide(acting_user=None, item=i, text="Bifall") for i in items]
    elsewhere = actions.do_create_meeting(acting_user=None, body=other, starts=MEETING_AT, place="Rum 1")
    their = actions.do_decide(
        acting_user=None, item=actions.do_add_item(acting_user=None, meeting=elsewhere, title="X"), text="Ja"
    )
    assert [d.paragraph for d in decisions] == [1, 2]
    assert their.paragraph == 1
    assert decisions[0].year == 2026


def test_documents_are_numbered_within_their_matter(world) -> None:
    case = matter(world)
    docs = [
        actions.do_register_document(
            acting_user=None, matter=case, kind=DocumentKind.INCOMING, date=datetime.date(2026, 5, 2), title=t
        )
        for t in ("Skrivelse", "Svar")
    ]
    assert [d.number for d in docs] == [1, 2]
    assert str(docs[1]) == f"{case.case_number}-2"


# Meetings, quorum ------------------------------------------------------------------------


def test_a_new_meeting_has_the_opening_items_in_order(world) -> None:
    held = meeting(world)
    assert [i.title for i in held.items.order_by("position")] == list(actions.OPENING_ITEMS)


def test_quorum_counts_members_present_and_serving_substitutes() -> None:
    m, s = MembershipRole.MEMBER, MembershipRole.SUBSTITUTE
    assert not queries.quorum_of(4, [(m, Presence.PRESENT), (m, Presence.PRESENT)]).reached  # half is not enough
    assert queries.quorum_of(4, [(m, Presence.PRESENT), (m, Presence.PRESENT), (s, Presence.SERVING)]).reached
    assert not queries.quorum_of(3, [(m, Presence.PRESENT), (s, Presence.ABSENT), (m, Presence.ABSENT)]).reached
    assert queries.quorum_of(3, [(m, Presence.PRESENT), (s, Presence.SERVING)]).reached


@settings(suppress_health_check=[HealthCheck.too_slow])  # pure; the shared host can be slow
@given(st.integers(1, 40), st.integers(0, 40))
def test_quorum_is_more_than_half_of_the_seats(seats: int, present: int) -> None:
    present = min(present, seats)
    rows = [(MembershipRole.MEMBER, Presence.PRESENT)] * present
    assert queries.quorum_of(seats, rows).reached == (present * 2 > seats)


def test_roll_call_and_a_serving_substitute(world) -> None:
    made = body(world)
    a = membership(world, made, office="chair")
    b = membership(world, made, person="Kent Andersson", member=world.member_b)
    sub = membership(world, made, person="Eva Ek", member=world.member_b, role=MembershipRole.SUBSTITUTE)
    held = meeting(world, made)
    rows = {r.membership_id: r for r in actions.do_call_roll(held, acting_user=None)}
    assert rows[sub.pk].presence == Presence.ABSENT and queries.quorum(held).reached
    actions.do_update_attendance(rows[b.pk], acting_user=None, expected_version=1, presence=Presence.ABSENT)
    assert not queries.quorum(held).reached  # 1 of 2 seats
    with pytest.raises(ValidationError):
        actions.do_update_attendance(rows[sub.pk], acting_user=None, expected_version=1, presence=Presence.SERVING)
    actions.do_update_attendance(
        rows[sub.pk], acting_user=None, expected_version=1, presence=Presence.SERVING, serving_for=b
    )
    assert queries.quorum(held).reached
    assert a.pk in rows


def test_representation_per_member(world) -> None:
    made = body(world)
    membership(world, made)
    membership(world, made, person="Kent", member=world.member_b)
    old = membership(world, made, person="Förra", member=world.member_b, starts=datetime.date(2019, 1, 1))
    actions.do_update_membership(old, acting_user=None, expected_version=1, ends=datetime.date(2022, 12, 31))
    rows = queries.representation(made, datetime.date(2026, 1, 1))
    assert [(r.members, r.substitutes) for r in rows] == [(1, 0), (1, 0)] and queries.is_equal(rows)


def test_only_one_chair_at_a_time(world) -> None:
    made = body(world)
    membership(world, made, office="chair")
    with pytest.raises(ValidationError):
        membership(world, made, person="Annan", office="chair")


# Justering and immutability --------------------------------------------------------------


def _signed_meeting(world):
    made = body(world)
    chair_user = grant(world, "ordf", Role.COMMITTEE_MEMBER)
    adjuster_user = grant(world, "justerare", Role.COMMITTEE_MEMBER)
    membership(world, made, office="chair", user=chair_user)
    adjuster = membership(world, made, person="Kent", member=world.member_b, user=adjuster_user)
    held = meeting(world, made)
    item = actions.do_add_item(acting_user=None, meeting=held, title="Ekonomi prognos", matter=matter(world))
    decision = actions.do_decide(acting_user=None, item=item, text="Godkänns.")
    minutes = actions.do_create_minutes(acting_user=None, meeting=held, adjusters=[adjuster])
    return held, item, decision, minutes, chair_user, adjuster_user


def test_justering_needs_the_chair_and_every_justerare_then_locks(world) -> None:
    held, item, decision, minutes, chair_user, adjuster_user = _signed_meeting(world)
    with pytest.raises(PermissionDenied):
        actions.do_sign_minutes(minutes, acting_user=world.controller_alpha)
    at = datetime.datetime(2026, 5, 20, 22, 30, tzinfo=datetime.UTC)  # 00:30 on 21 May in Stockholm
    half = actions.do_sign_minutes(minutes, acting_user=chair_user, at=at)
    assert half.state == MinutesState.DRAFT
    done = actions.do_sign_minutes(minutes, acting_user=adjuster_user, at=at)
    assert done.state == MinutesState.SIGNED and done.signed_on == datetime.date(2026, 5, 21)
    assert done.posting_due == datetime.date(2026, 5, 23)
    held.refresh_from_db()
    assert held.is_locked
    for change in (
        lambda: actions.do_update_item(item, acting_user=None, expected_version=SYSTEM, title="Ändrad"),
        lambda: actions.do_update_decision(decision, acting_user=None, expected_version=SYSTEM, text="Annat"),
        lambda: actions.do_update_meeting(held, acting_user=None, expected_version=SYSTEM, place="Annan"),
        lambda: actions.do_add_item(acting_user=None, meeting=held, title="Nytt"),
        lambda: actions.do_update_minutes(done, acting_user=None, expected_version=SYSTEM, notes="x"),
        lambda: actions.do_decide(acting_user=None, item=held.items.first(), text="x"),
    ):
        with pytest.raises(ValidationError):
            change()
    posted = actions.do_post_minutes(done, acting_user=None, on=datetime.date(2026, 5, 22))
    assert posted.appeal_ends == datetime.date(2026, 6, 12)
    assert list(queries.notice_board(datetime.date(2026, 5, 22))) == [posted]
    with pytest.raises(ValidationError):
        actions.do_post_minutes(posted, acting_user=None)


# Secrecy ---------------------------------------------------------------------------------


def test_a_confidential_document_shows_that_it_exists_but_not_its_content(world, client_for, api_for) -> None:
    grant(world, "registrator", Role.REGISTRAR)
    case = matter(world)
    with pytest.raises(ValidationError):
        actions.do_register_document(
            acting_user=None, matter=case, kind="incoming", date=datetime.date(2026, 5, 2), title="X", confidential=True
        )
    doc = actions.do_register_document(
        acting_user=None, matter=case, kind="incoming", date=datetime.date(2026, 5, 2), title="Anmälan om kränkning",
        text="Elevens namn", confidential=True, osl_reference="23 kap. 1 § OSL",
    )  # fmt: skip
    outsider_page = client_for("controller_alpha").get(doc.get_absolute_url()).content.decode()
    assert "23 kap. 1 § OSL" in outsider_page and "kränkning" not in outsider_page and "Elevens" not in outsider_page
    matter_page = client_for("controller_alpha").get(case.get_absolute_url()).content.decode()
    assert "23 kap. 1 § OSL" in matter_page and "kränkning" not in matter_page
    assert "kränkning" not in client_for("controller_alpha").get("/governance/documents/").content.decode()
    # Searching for the secret title does not find the document (no oracle for its content).
    assert (
        doc.get_absolute_url()
        not in client_for("controller_alpha").get("/governance/documents/?q=kränkning").content.decode()
    )
    assert (
        doc.get_absolute_url()
        in client_for("controller_alpha").get(f"/governance/documents/?q={case.number}").content.decode()
    )
    assert client_for("controller_alpha").get(f"/governance/documents/{doc.pk}/history/").status_code == 403
    data = api_for("controller_alpha").get(f"/api/v1/governance/documents/{doc.pk}/").json()
    assert data["text"] == "" and "kränkning" not in data["title"] and data["osl_reference"] == "23 kap. 1 § OSL"
    registrar = client_for("registrator").get(doc.get_absolute_url()).content.decode()
    assert "kränkning" in registrar and "Elevens namn" in registrar
    assert api_for("registrator").get(f"/api/v1/governance/documents/{doc.pk}/").json()["text"] == "Elevens namn"


# Decisions act on the system -------------------------------------------------------------


def test_approving_a_forecast_and_adopting_a_model_only_through_decisions(world) -> None:
    forecast = finance.do_create_forecast(
        acting_user=None, collaboration=world.alpha, year=2026, as_of_month=4, name="April"
    )
    model = finance.do_create_allocation_model(
        acting_user=None, collaboration=world.alpha, year=2026, name="Befolkning", decision_text="KF § 8"
    )
    assert forecast.approval_state == ApprovalState.NOT_APPROVED and model.adopted_by == "KF § 8"
    held = meeting(world)
    item = actions.do_add_item(acting_user=None, meeting=held, title="Ekonomi prognos")
    with pytest.raises(ValidationError):
        actions.do_decide(acting_user=None, item=item, text="Godkänns", effect=DecisionEffect.APPROVE_FORECAST)
    approval = actions.do_decide(
        acting_user=None, item=item, text="Godkänns", effect=DecisionEffect.APPROVE_FORECAST, forecast=forecast
    )
    forecast.refresh_from_db()
    assert forecast.approval_state == ApprovalState.APPROVED and forecast.approved_by == approval
    other = actions.do_add_item(acting_user=None, meeting=held, title="Fördelningsmodell")
    adoption = actions.do_decide(
        acting_user=None, item=other, text="Antas", effect=DecisionEffect.ADOPT_ALLOCATION_MODEL, allocation_model=model
    )
    model.refresh_from_db()
    assert model.decision == adoption and model.adopted_by == str(adoption) and model.decision_text == "KF § 8"
    with pytest.raises(ValidationError):
        actions.do_update_decision(adoption, acting_user=None, expected_version=SYSTEM, effect="")


def test_a_decision_cannot_adopt_another_collaborations_forecast(world) -> None:
    forecast = finance.do_create_forecast(
        acting_user=None, collaboration=world.beta, year=2026, as_of_month=4, name="April"
    )
    item = actions.do_add_item(acting_user=None, meeting=meeting(world), title="Prognos")
    with pytest.raises(ValidationError):
        actions.do_decide(
            acting_user=None, item=item, text="Ja", effect=DecisionEffect.APPROVE_FORECAST, forecast=forecast
        )


def test_expediering_queues_mail_and_registers_an_outgoing_document(world, django_capture_on_commit_callbacks) -> None:
    _held, item, decision, minutes, chair_user, adjuster_user = _signed_meeting(world)
    recipients = [
        actions.do_create_recipient(acting_user=None, collaboration=world.alpha, name=n, email=e)
        for n, e in (("Kommunstyrelsen i Herrljunga kommun", "ks@herrljunga.example"), ("Kommunstyrelsen i Vårgårda kommun", "ks@vargarda.example"))
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        actions.do_dispatch(decision, acting_user=None, recipients=recipients)  # not justerat yet
    actions.do_sign_minutes(minutes, acting_user=chair_user)
    actions.do_sign_minutes(minutes, acting_user=adjuster_user)
    doc = actions.do_dispatch(decision, acting_user=None, recipients=recipients)
    assert doc.kind == DocumentKind.OUTGOING and doc.decision == decision and "Vårgårda" in doc.counterpart
    assert sorted(e.to[0] for e in Email.objects.all()) == ["ks@herrljunga.example", "ks@vargarda.example"]
    assert Document.objects.filter(matter=item.matter).count() == 1
    with pytest.raises(ValidationError):
        actions.do_update_document(doc, acting_user=None, expected_version=SYSTEM, title="Ändrad")
    assert Matter.objects.count() == 1
