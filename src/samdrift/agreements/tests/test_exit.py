"""Exit: end date from the notice period, liability from the terms, the issued run and the
investment register, exact to the öre; bad input refused; the same numbers in the API."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samdrift.agreements import actions, exits
from samdrift.finance import actions as finance

from . import factories as f

NOTICE = datetime.date(2026, 3, 1)


@pytest.fixture
def setup(world):
    f.issued_run(world)  # 120 000 of other costs (40 % fixed), equal shares: 60 000 each
    for name, year, member, outcome in (
        ("Nätverk", 2025, None, Decimal("1000000.05")),  # the collaboration's own: shared
        ("Trådlöst VGA", 2025, "b", Decimal("500000")),  # in Vårgårda's own accounts: not shared
        ("Framtida", 2028, None, Decimal("900000")),  # after the exit: not counted
    ):
        finance.do_create_investment(
            acting_user=None, collaboration=world.alpha, year=year, name=name,
            member=world.member_b if member else None, budget=outcome, outcome=outcome,
        )  # fmt: skip
    return f.agreement(world)


def test_end_date_follows_the_notice_period_and_the_turn_of_the_year(world) -> None:
    agreement = f.agreement(world)
    assert exits.end_date(agreement, NOTICE) == datetime.date(2027, 12, 31)
    agreement.exit_at_year_end = False
    assert exits.end_date(agreement, datetime.date(2026, 1, 31)) == datetime.date(2027, 1, 31)
    agreement.notice_months = 1
    assert exits.end_date(agreement, datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)


def test_the_exit_liability_is_explained_line_by_line_to_the_ore(world, setup) -> None:
    output = actions.exit_liability(setup, world.member_b, NOTICE)["output"]
    assert output["end_date"] == "2027-12-31"
    assert output["share"] == "1/2"
    fixed, investment = output["lines"]
    # 60 000 a year × 40 % fixed × 2 years × 50 %
    assert fixed["kind"] == "fixed_costs" and fixed["amount"] == "24000.00"
    # 1 000 000.05 written off over 60 months from 2026-01-01, 24 gone at 2027-12-31:
    # 600 000.03 left, × ½ = 300 000.015 → 300 000.02 (rounded once, half up)
    assert investment["label"] == "Nätverk 2025" and investment["factors"]["months_written_off"] == 24
    assert investment["factors"]["undepreciated"] == "600000.03" and investment["amount"] == "300000.02"
    assert output["total"] == "324000.02"


def test_giving_notice_stores_the_liability_reproducibly_and_audited(world, setup) -> None:
    from samdrift.core.models import AuditEntry

    notice = actions.do_give_notice(
        acting_user=world.orderer_b, agreement=setup, member=world.member_b, notice_date=NOTICE
    )
    assert notice.end_date == datetime.date(2027, 12, 31) and notice.liability == Decimal("324000.02")
    assert actions.notice_reproduces(notice) and len(notice.digest) == 64
    assert AuditEntry.objects.filter(object_id=str(notice.pk), action="create", actor=world.orderer_b).exists()
    with pytest.raises(ValidationError, match="redan sagt upp"):
        actions.do_give_notice(acting_user=world.orderer_b, agreement=setup, member=world.member_b, notice_date=NOTICE)


def test_bad_notices_are_refused_clearly(world, setup) -> None:
    with pytest.raises(ValidationError) as before:
        actions.do_give_notice(
            acting_user=None, agreement=setup, member=world.member_b, notice_date=datetime.date(2019, 12, 31)
        )
    assert "före avtalets start" in str(before.value.message_dict["notice_date"])
    with pytest.raises(ValidationError) as stranger:
        actions.do_give_notice(acting_user=None, agreement=setup, member=world.member_c, notice_date=NOTICE)
    assert "inte part i" in str(stranger.value.message_dict["member"])
    with pytest.raises(PermissionDenied):
        actions.do_give_notice(acting_user=world.orderer_a, agreement=setup, member=world.member_b, notice_date=NOTICE)


def test_overlapping_versions_are_refused_and_a_new_version_ends_the_old(world) -> None:
    first = f.agreement(world)
    with pytest.raises(ValidationError, match="överlappar"):
        f.agreement(world, valid_from=datetime.date(2024, 1, 1))
    second = actions.do_new_agreement_version(
        first, acting_user=None, expected_version=first.version, valid_from=datetime.date(2025, 1, 1), notice_months=24
    )
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2024, 12, 31) and first.notice_months == 12
    assert second.notice_months == 24 and set(second.parties.all()) == {world.member_a, world.member_b}


def test_the_api_gives_the_same_numbers(world, setup, api_for) -> None:
    api = api_for("orderer_b")
    url = f"/api/v1/collaboration-agreements/{setup.pk}/exit-liability/"
    preview = api.get(url, {"member": world.member_b.pk, "notice_date": "2026-03-01"})
    assert preview.status_code == 200 and preview.json()["total"] == "324000.02"
    made = api.post(
        "/api/v1/notices/",
        {"agreement": setup.pk, "member": world.member_b.pk, "notice_date": "2026-03-01"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["liability"] == "324000.02" and made.json()["output"]["lines"][1]["amount"] == "300000.02"
    early = api_for("admin_alpha").post(
        "/api/v1/notices/",
        {"agreement": setup.pk, "member": world.member_a.pk, "notice_date": "2019-01-01"},
        format="json",
    )
    assert early.status_code == 400 and "notice_date" in early.json()["errors"]
