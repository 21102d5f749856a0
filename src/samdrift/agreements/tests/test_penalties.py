"""Penalties (vite): from the measured availability and breached P1 tickets, capped, exact,
reproducible, and credited on the member's invoice of the next issued run."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samdrift.agreements import actions, penalties
from samdrift.agreements.models import Penalty, PenaltyTerm
from samdrift.agreements.money import to_ore
from samdrift.core.versions import SYSTEM
from samdrift.finance import ledger

from . import factories as f


def term(**changes):
    return {
        "service": 1, "service_name": "E-post", "monthly_fee": "10000.01", "percent_per_point": "5",
        "amount_per_p1_breach": "1000", "cap": "8000", "target": "99.5", "measured": "99.2",
        "downtime_minutes": "120", "disruptions": [], "p1_breaches": [],
    } | changes  # fmt: skip


def test_started_points_below_target() -> None:
    assert penalties.started_points(Decimal("99.5"), Decimal("99.5")) == 0
    assert penalties.started_points(Decimal("99.5"), Decimal("99.2")) == 1
    assert penalties.started_points(Decimal("99.5"), Decimal("98.5")) == 1
    assert penalties.started_points(Decimal("99.5"), Decimal("98.4")) == 2


def test_a_penalty_line_is_exact_and_capped() -> None:
    one = penalties.term_penalty(term())
    assert one["points"] == 1 and one["amount"] == "500.00"  # 5 % of 10 000.01 = 500.0005
    # 10 points: 5 000.005 → 5 000.01, plus 4 breached P1 × 1 000 = 9 000.01, capped at 8 000
    many = penalties.term_penalty(term(measured="90.0", p1_breaches=["IN-1", "IN-2", "IN-3", "IN-4"]))
    assert many["availability_penalty"] == "5000.01" and many["uncapped"] == "9000.01"
    assert many["amount"] == "8000.00" and many["capped"]
    assert penalties.term_penalty(term(cap=None, measured=None))["amount"] == "0.00"


def test_a_negative_cap_is_refused(world) -> None:
    with pytest.raises(ValidationError) as error:
        f.service_agreement(world, cap=Decimal("-1"))
    assert "cap" in error.value.message_dict


ore = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c) / 100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(ore, st.integers(0, 2000).map(lambda p: Decimal(p) / 100), st.integers(0, 3000).map(lambda m: Decimal(m) / 1000),
                  st.integers(0, 5), ore, st.one_of(st.none(), ore)),
        min_size=1, max_size=8,
    )
)  # fmt: skip
def test_penalties_sum_exactly_in_the_database(world, raw) -> None:
    terms = [
        term(monthly_fee=str(fee), percent_per_point=str(percent), measured=str(Decimal("99.5") - below),
             p1_breaches=[f"IN-{i}" for i in range(breaches)], amount_per_p1_breach=str(per_p1),
             cap=None if cap is None else str(cap))
        for fee, percent, below, breaches, per_p1, cap in raw
    ]  # fmt: skip
    inputs = {"members": [{"id": world.member_b.pk, "name": "Vårgårda", "terms": terms}]}
    output = penalties.compute(inputs)
    run = actions.create_object(
        actions.PenaltyRun, acting_user=None, collaboration=world.alpha, year=2026, month=1, inputs=inputs,
        output=output, digest="0" * 64, total=Decimal(output["total"]),
    )  # fmt: skip
    for line in output["members"][0]["lines"]:
        Penalty.objects.create(run=run, member=world.member_b, year=2026, month=1, amount=Decimal(line["amount"]))
    stored = [p.amount for p in Penalty.objects.filter(run=run)]
    run.refresh_from_db()
    assert sum(stored, Decimal("0.00")) == run.total == Decimal(output["total"])
    for line, (fee, percent, _below, _n, _p, cap) in zip(output["members"][0]["lines"], raw, strict=True):
        assert Decimal(line["amount"]) >= 0 and (cap is None or Decimal(line["amount"]) <= cap)
        assert Decimal(line["availability_penalty"]) == to_ore(fee * percent / 100 * line["points"])
    run.delete()


def test_a_disruption_gives_a_reproducible_penalty_credited_on_the_next_invoice(world) -> None:
    run = f.penalty_run(world, month=10)  # 20 hours down of a month of 24/7 support
    line = run.output["members"][0]["lines"][0]
    assert line["monthly_fee"] == "10000.01" and line["disruptions"][0]["title"] == "Driftstopp"
    assert line["measured"] is not None and Decimal(line["measured"]) < Decimal("99.5")
    points = penalties.started_points(Decimal("99.5"), Decimal(line["measured"]))
    assert points >= 1 and line["amount"] == str(min(to_ore(Decimal("10000.01") * 5 / 100 * points), Decimal("8000")))
    assert actions.penalty_run_reproduces(run)
    penalty = run.penalties.get()
    assert penalty.member == world.member_b and str(penalty.amount) == line["amount"]

    actions.do_credit_penalties(run, acting_user=world.controller_alpha, expected_version=run.version)
    with pytest.raises(ValidationError, match="redan krediterade"):
        actions.do_credit_penalties(run, acting_user=world.controller_alpha, expected_version=SYSTEM)
    again = actions.do_compute_penalties(acting_user=None, collaboration=world.alpha, year=2026, month=10)
    with pytest.raises(ValidationError, match="redan krediterade för"):
        actions.do_credit_penalties(again, acting_user=world.controller_alpha, expected_version=again.version)

    issued = f.issued_run(world)
    invoice = next(i for i in ledger.invoices(issued) if i.member == world.member_b)
    assert invoice.adjustments == [("Vite 2026-10: E-post", -penalty.amount)]
    assert invoice.total == Decimal("60000.00") - penalty.amount
    csv = ledger.invoices_csv(issued).decode()
    assert f";-{penalty.amount};82;" in csv and "Vite 2026-10: E-post" in csv
    sie = ledger.invoices_sie(issued, datetime.date(2026, 12, 1)).decode("cp437")
    assert f"{penalty.amount}" in sie


def test_an_unfinished_month_is_refused(world) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="månaden är slut"):
        actions.do_compute_penalties(acting_user=None, collaboration=world.alpha, year=today.year, month=today.month)


def test_signed_agreements_are_immutable_and_revised_as_new_versions(world) -> None:
    agreement = f.service_agreement(world, signed=True)
    assert agreement.signed_by == world.orderer_b and agreement.total == Decimal("120000.12")
    with pytest.raises(ValidationError, match="ändras aldrig"):
        actions.do_update_service_agreement(agreement, acting_user=None, expected_version=agreement.version, notes="x")
    with pytest.raises(ValidationError, match="ändras aldrig"):
        actions.do_update_penalty_term(
            PenaltyTerm.objects.get(agreement=agreement), acting_user=None, expected_version=SYSTEM, cap=Decimal(1)
        )
    revision = actions.do_revise_service_agreement(agreement, acting_user=world.controller_alpha)
    assert revision.revision == 2 and revision.penalty_terms.count() == 1
    actions.do_sign_service_agreement(revision, acting_user=world.orderer_b, expected_version=revision.version)
    agreement.refresh_from_db()
    assert agreement.state == "superseded"


def test_only_the_members_orderer_signs(world) -> None:
    from django.core.exceptions import PermissionDenied

    agreement = f.service_agreement(world)
    for name in ("orderer_a", "controller_alpha", "requester_b1"):
        with pytest.raises(PermissionDenied):
            actions.do_sign_service_agreement(agreement, acting_user=world.users[name], expected_version=SYSTEM)
