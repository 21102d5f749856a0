import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from samdrift.core.versions import SYSTEM
from samdrift.tenancy import actions, municipalities, queries
from samdrift.tenancy.models import Member


def test_reference_list_has_all_290_municipalities() -> None:
    everything = municipalities.all_municipalities()
    assert len(everything) == 290
    assert len({m.county for m in everything.values()}) == 21
    assert everything["1466"].name == "Herrljunga"
    assert everything["1442"].county == "Västra Götalands län"
    assert everything["0180"].name == "Stockholm"
    assert all(code[:2] == m.county_code for code, m in everything.items())


@pytest.mark.parametrize("code", ["146", "14666", "abcd", "0000", "9999"])
def test_scb_code_is_validated(code: str) -> None:
    with pytest.raises(ValidationError):
        municipalities.validate_scb_code(code)


def test_member_takes_its_name_from_the_reference_list(world) -> None:
    member = actions.do_create_member(
        acting_user=None, collaboration=world.beta, scb_code="0604", joined_on=datetime.date(2021, 1, 1)
    )
    assert member.name == "Aneby"
    assert member.county == "Jönköpings län"


def test_member_cannot_join_twice_or_leave_before_joining(world) -> None:
    with pytest.raises(ValidationError):
        actions.do_create_member(
            acting_user=None, collaboration=world.alpha, scb_code="1466", joined_on=datetime.date(2021, 1, 1)
        )
    with pytest.raises(ValidationError) as info:
        actions.do_update_member(
            world.member_b, acting_user=None, expected_version=SYSTEM, left_on=datetime.date(2019, 1, 1)
        )
    assert "left_on" in info.value.message_dict
    assert Member.objects.get(pk=world.member_b.pk).left_on is None


def test_host_must_be_a_member_of_the_collaboration(world) -> None:
    with pytest.raises(ValidationError):
        actions.do_update_collaboration(
            world.alpha, acting_user=None, expected_version=SYSTEM, host_member=world.member_c
        )


def _population(member, year, inhabitants, employees):
    return actions.do_record_population(
        acting_user=None,
        member=member,
        year=year,
        inhabitants=inhabitants,
        employees=employees,
        reference_date=datetime.date(year - 1, 12, 31),
    )


def test_year_shares_are_exact_and_name_missing_members(world) -> None:
    _population(world.member_a, 2026, 9_500, 900)
    with pytest.raises(ValidationError) as info:
        queries.year_shares(world.alpha, 2026)
    assert world.member_b.name in str(info.value)

    _population(world.member_b, 2026, 12_000, 1_100)
    shares = {s.member.pk: s for s in queries.year_shares(world.alpha, 2026)}
    assert shares[world.member_a.pk].share == Fraction(9_500, 21_500)
    assert sum(s.share for s in shares.values()) == 1
    assert str(shares[world.member_a.pk].percent) == "44.19"
    by_staff = {s.member.pk: s.share for s in queries.year_shares(world.alpha, 2026, basis="employees")}
    assert by_staff[world.member_b.pk] == Fraction(1_100, 2_000)


def test_a_member_that_left_has_no_share_in_later_years(world) -> None:
    actions.do_update_member(
        world.member_b, acting_user=None, expected_version=SYSTEM, left_on=datetime.date(2025, 6, 30)
    )
    assert [m.pk for m in queries.members_in_year(world.alpha, 2025)] == sorted(
        [world.member_a.pk, world.member_b.pk], key=lambda pk: Member.objects.get(pk=pk).scb_code
    )
    assert [m.pk for m in queries.members_in_year(world.alpha, 2026)] == [world.member_a.pk]


def test_population_is_unique_per_member_and_year(world) -> None:
    _population(world.member_a, 2026, 9_500, 900)
    with pytest.raises(ValidationError):
        _population(world.member_a, 2026, 9_600, 900)


def test_shares_refuse_an_all_zero_basis_with_a_translated_message(world) -> None:
    from django.utils import translation

    _population(world.member_a, 2026, 9_500, 0)
    _population(world.member_b, 2026, 12_000, 0)
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        queries.year_shares(world.alpha, 2026, basis="employees")
    assert "anställda" in str(info.value) and "2026" in str(info.value)
