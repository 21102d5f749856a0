"""Systems, system-level SLAs, licence pooling and the asset counts finance reads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from samdrift.catalog import actions as catalog_actions
from samdrift.catalog.queries import agreed_sla
from samdrift.core.versions import SYSTEM
from samdrift.inventory import actions, queries
from samdrift.inventory.models import System
from samdrift.servicedesk.choices import SLAState
from samdrift.testing.world import build_world, make_ticket


@pytest.fixture
def setup(world):
    service = catalog_actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Verksamhetssystem", level="business",
        owner_unit=world.unit_alpha,
    )  # fmt: skip
    calendar = catalog_actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Dygnet runt")
    catalog_actions.do_set_hours(
        acting_user=None, calendar=calendar, year=2020, workdays="1234567", closes=None,
        opens=datetime.time(0, 0), shortened_closes=None, closed_on_holidays=False,
    )  # fmt: skip
    common = catalog_actions.do_create_sla(acting_user=None, service=service, calendar=calendar, resolution_p3=24)
    system = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Procapita", area="Socialtjänst",
        members=[world.member_a, world.member_b], services=[service],
    )  # fmt: skip
    return service, calendar, common, system


def test_a_ticket_naming_the_system_gets_its_sla_and_the_members_override_first(world, setup) -> None:
    service, calendar, common, system = setup
    everyone = actions.do_set_system_sla(
        acting_user=None, system=system, calendar=calendar, resolution_p4=Decimal("8"), response_p4=Decimal("1")
    )
    own = actions.do_set_system_sla(
        acting_user=None,
        system=system,
        member=world.member_b,
        calendar=calendar,
        resolution_p4=Decimal("4"),
        response_p4=Decimal("1"),
    )
    assert everyone.sla.for_system and everyone.sla.service == service
    # The service's own SLA is untouched: tickets without the system keep it.
    assert agreed_sla(service.pk, world.member_a.pk) == common
    plain = make_ticket(world, service=service)
    assert plain.sla == common
    for_a = make_ticket(world, service=service, system=system)  # priority 4 by default
    assert for_a.sla == everyone.sla and for_a.sla_state == SLAState.ON_TRACK
    assert for_a.due_at == for_a.created + datetime.timedelta(hours=8)
    for_b = make_ticket(world, requester="requester_b1", system=system)  # no service: the system decides
    assert for_b.sla == own.sla
    assert for_b.due_at == for_b.created + datetime.timedelta(hours=4)


def test_naming_the_system_later_moves_the_clock_to_its_sla(world, setup) -> None:
    from samdrift.servicedesk import actions as desk

    service, calendar, _common, system = setup
    system_sla = actions.do_set_system_sla(
        acting_user=None, system=system, calendar=calendar, resolution_p4=Decimal("2"), response_p4=Decimal("1")
    )
    ticket = make_ticket(world, service=service)
    changed = desk.do_update_ticket(
        ticket, acting_user=world.agent_alpha, expected_version=ticket.version, system=system
    )
    assert changed.sla == system_sla.sla
    assert changed.due_at == ticket.created + datetime.timedelta(hours=2)


def test_one_system_sla_per_member_and_a_service_is_needed(world, setup) -> None:
    _service, calendar, _common, system = setup
    actions.do_set_system_sla(acting_user=None, system=system, calendar=calendar)
    with pytest.raises(ValidationError):
        actions.do_set_system_sla(acting_user=None, system=system, calendar=calendar)
    bare = actions.do_create_system(acting_user=None, collaboration=world.alpha, name="Utan tjänst")
    with pytest.raises(ValidationError) as refused:
        actions.do_set_system_sla(acting_user=None, system=bare, calendar=calendar)
    assert "system" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.do_set_system_sla(acting_user=None, system=system, member=world.member_c, calendar=calendar)


def test_updating_and_deleting_a_system_sla_keeps_its_targets_in_step(world, setup) -> None:
    from samdrift.catalog.models import SLA

    _service, calendar, _common, system = setup
    made = actions.do_set_system_sla(acting_user=None, system=system, calendar=calendar)
    saved = actions.do_update_system_sla(
        made, acting_user=None, expected_version=made.version, member=world.member_a, resolution_p1=Decimal("1.5")
    )
    sla = SLA.objects.get(pk=saved.sla_id)
    assert sla.member == world.member_a and sla.resolution_p1 == Decimal("1.5")
    actions.do_delete_system_sla(saved, acting_user=None, expected_version=saved.version)
    assert not SLA.objects.filter(pk=sla.pk).exists()


def test_the_sla_report_shows_tickets_under_a_system_sla(world, setup, client_for) -> None:
    from samdrift.servicedesk import actions as desk
    from samdrift.servicedesk.choices import Status

    service, calendar, _common, system = setup
    actions.do_set_system_sla(acting_user=None, system=system, calendar=calendar)
    ticket = make_ticket(world, service=service, system=system, unit=world.unit_alpha)
    desk.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=ticket.version, status=Status.RESOLVED
    )
    today = timezone.localdate()
    page = client_for("agent_alpha").get(
        "/servicedesk/reports/sla/",
        {"start": (today - datetime.timedelta(days=3)).isoformat(), "end": today.isoformat()},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="system-slas"' in body and "Procapita" in body


def test_the_sla_report_can_be_read_for_one_system(world, setup, client_for, api_for) -> None:
    from samdrift.servicedesk import actions as desk
    from samdrift.servicedesk.choices import Status

    service, calendar, _common, system = setup
    other = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Treserva – ”ny”", area="Socialtjänst",
        members=[world.member_a], services=[service],
    )  # fmt: skip
    actions.do_set_system_sla(acting_user=None, system=system, calendar=calendar)
    for named in (system, other, other, None):
        ticket = make_ticket(world, service=service, system=named, unit=world.unit_alpha)
        desk.do_take(ticket, acting_user=world.agent_alpha, expected_version=ticket.version)
        ticket.refresh_from_db()
        desk.do_change_status(
            ticket, acting_user=world.agent_alpha, expected_version=ticket.version, status=Status.RESOLVED
        )
    today = timezone.localdate()
    period = {"start": (today - datetime.timedelta(days=3)).isoformat(), "end": today.isoformat()}

    def resolved(**chosen: int) -> int:
        answer = api_for("agent_alpha").get("/api/v1/reports/sla/", period | chosen)
        assert answer.status_code == 200, answer.content
        return sum(row["resolved"] for row in answer.json()["rows"] if row["member"] == world.member_a.pk)

    assert resolved() == 4
    assert resolved(system=other.pk) == 2
    assert resolved(system=system.pk) == 1
    page = client_for("agent_alpha").get("/servicedesk/reports/sla/", period | {"system": system.pk})
    body = page.content.decode()
    assert page.status_code == 200 and 'id="system-slas"' in body and "Procapita" in body
    only_other = client_for("agent_alpha").get("/servicedesk/reports/sla/", period | {"system": other.pk})
    assert 'id="system-slas"' not in only_other.content.decode()
    # Another collaboration's people cannot pick the system.
    refused = api_for("agent_beta").get("/api/v1/reports/sla/", period | {"system": system.pk})
    assert refused.status_code == 400 and "system" in refused.json()["errors"]


def test_a_member_sees_the_systems_it_uses_and_the_shared_ones(world) -> None:
    used = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Ecos", members=[world.member_a, world.member_b]
    )
    shared = actions.do_create_system(acting_user=None, collaboration=world.alpha, name="Microsoft 365", shared=True)
    other = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Vision", members=[world.member_b]
    )
    seen = list(System.objects.visible_to(world.requester_a1).order_by("name"))
    assert seen == [used, shared]  # once each, though used by two members
    assert set(System.objects.visible_to(world.admin_alpha)) == {used, shared, other}
    assert not System.objects.visible_to(world.admin_beta).exists()


def test_devices_and_accounts_come_from_the_inventory_when_the_collaboration_says_so(world) -> None:
    from samdrift.finance import actions as finance
    from samdrift.finance.choices import KeyType, ReportedKind
    from samdrift.finance.queries import key_values

    finance.do_report_count(acting_user=None, member=world.member_a, year=2026, kind=ReportedKind.DEVICES, value=99)
    for i, bought in enumerate([datetime.date(2025, 5, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)]):
        actions.do_create_asset(
            acting_user=None, collaboration=world.alpha, member=world.member_a, kind="device", asset_type="Dator",
            serial=f"A-{i}", purchase_date=bought,
        )  # fmt: skip
    actions.do_create_asset(
        acting_user=None, collaboration=world.alpha, member=world.member_a, kind="device", asset_type="Dator",
        serial="A-gone", purchase_date=datetime.date(2020, 1, 1), retired_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    actions.do_create_asset(
        acting_user=None, collaboration=world.alpha, member=world.member_b, kind="account", asset_type="AD"
    )
    members = [world.member_a, world.member_b]
    wanted = {KeyType.DEVICES, KeyType.ACCOUNTS}
    reported = key_values(world.alpha.pk, 2026, members, wanted)
    assert reported[KeyType.DEVICES] == {world.member_a.pk: Decimal(99)}
    settings = finance.do_create_finance_settings(
        acting_user=None, collaboration=world.alpha, counts_from_inventory=True
    )
    counted = key_values(world.alpha.pk, 2026, members, wanted)
    assert counted[KeyType.DEVICES] == {world.member_a.pk: Decimal(2), world.member_b.pk: Decimal(0)}
    assert counted[KeyType.ACCOUNTS] == {world.member_a.pk: Decimal(0), world.member_b.pk: Decimal(1)}
    finance.do_update_finance_settings(settings, acting_user=None, expected_version=SYSTEM, counts_from_inventory=False)
    assert key_values(world.alpha.pk, 2026, members, wanted)[KeyType.DEVICES] == {world.member_a.pk: Decimal(99)}


def test_duplicate_serials_are_refused(world) -> None:
    actions.do_create_asset(
        acting_user=None,
        collaboration=world.alpha,
        member=world.member_a,
        kind="device",
        asset_type="Dator",
        serial="X1",
    )
    with pytest.raises(ValidationError):
        actions.do_create_asset(
            acting_user=None,
            collaboration=world.alpha,
            member=world.member_b,
            kind="device",
            asset_type="Dator",
            serial="X1",
        )


def test_the_pooling_page_shows_pooled_against_alone(world, client_for) -> None:
    system = actions.do_create_system(acting_user=None, collaboration=world.alpha, name="Microsoft 365", shared=True)
    licence = actions.do_create_licence(
        acting_user=None, system=system, name="E3", metric="users", valid_from=datetime.date(2026, 1, 1)
    )
    actions.do_add_tier(acting_user=None, licence=licence, from_quantity=1, unit_price=Decimal("100.00"))
    actions.do_add_tier(acting_user=None, licence=licence, from_quantity=1000, unit_price=Decimal("80.50"))
    actions.do_assign_licence(acting_user=None, licence=licence, member=world.member_a, quantity=600)
    actions.do_assign_licence(acting_user=None, licence=licence, member=world.member_b, quantity=500)
    pool = queries.pooling(licence, world.admin_alpha)
    assert pool.quantity == 1100 and pool.unit == Decimal("80.50")
    assert pool.total == Decimal("88550.00") and pool.alone_total == Decimal("110000.00")
    assert pool.saving == Decimal("21450.00")
    assert sum(line.pooled for line in pool.lines) == pool.total
    # Member A's people see their own line and the totals, not member B's figures.
    mine = queries.pooling(licence, world.orderer_a)
    assert [line.member for line in mine.lines] == [world.member_a] and mine.total == pool.total
    body = client_for("orderer_a").get(licence.get_absolute_url()).content.decode()
    assert "88550" in body.replace("\xa0", "").replace(" ", "").replace(",00", "") or "88 550" in body
    api = client_for("orderer_a").get(f"/api/v1/licences/{licence.pk}/pooling/").json()
    assert [line["member"] for line in api["lines"]] == [world.member_a.pk]


class PoolingSumsExactly(TestCase):
    """Amounts with öre: the pooled lines always sum to the pooled total, and a member
    never pays more pooled than alone."""

    @settings(max_examples=25, deadline=None)
    @given(
        quantities=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=3),
        prices=st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2), min_size=1, max_size=3
        ),
    )
    def test_pooled_lines_sum_to_the_total(self, quantities: list[int], prices: list[Decimal]) -> None:
        world = build_world()
        system = actions.do_create_system(acting_user=None, collaboration=world.alpha, name="Lön – ”HR”", shared=True)
        licence = actions.do_create_licence(
            acting_user=None, system=system, name="Åtkomst", metric="users", valid_from=datetime.date(2026, 1, 1)
        )
        for step, price in enumerate(sorted(prices, reverse=True)):
            actions.do_add_tier(acting_user=None, licence=licence, from_quantity=1 + step * 1000, unit_price=price)
        for member, quantity in zip([world.member_a, world.member_b], quantities, strict=False):
            actions.do_assign_licence(acting_user=None, licence=licence, member=member, quantity=quantity)
        pool = queries.pooling(licence, world.admin_alpha)
        assert sum((line.pooled for line in pool.lines), Decimal(0)) == pool.total
        assert all(line.saving >= 0 for line in pool.lines)
        assert pool.saving == pool.alone_total - pool.total


def test_list_pages_run_a_fixed_number_of_queries(world, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin_alpha")

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            actions.do_create_asset(
                acting_user=None, collaboration=world.alpha, member=world.member_a, department=world.dept_a1,
                kind="device", asset_type="Dator", serial=f"Q-{i}",
            )  # fmt: skip
            actions.do_create_system(
                acting_user=None, collaboration=world.alpha, name=f"System {i}", members=[world.member_a]
            )

    counts = []
    for n, start in ((1, 0), (6, 1)):
        add(n, start)
        for url in ("/inventory/assets/", "/inventory/systems/", "/inventory/consolidation/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:3] == counts[3:]
