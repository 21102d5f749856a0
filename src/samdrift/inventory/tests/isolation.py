"""Isolation cases of the inventory: a member's people see its own assets, the systems it
uses and the shared systems; nothing of another member's systems or assets."""

import datetime
from decimal import Decimal

from samdrift.catalog import actions as catalog_actions
from samdrift.inventory import actions
from samdrift.testing.isolation import IsolationCase


def system(world, shared=False):
    """A system that member B uses (not shared: member A's people must not see it)."""
    made = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Procapita – ”skola”", area="Skola", shared=shared,
        members=[world.member_b],
    )  # fmt: skip
    return made


def shared_system(world):
    return system(world, shared=True)


def instance(world):
    return actions.do_create_instance(
        acting_user=None, system=system(world), name="Produktion", host_member=world.member_b
    )


def role(world):
    return actions.do_assign_system_role(
        acting_user=None, system=system(world), member=world.member_b, role="system_owner", person="Åsa Öberg"
    )


def system_sla(world):
    made = system(world)
    service = catalog_actions.do_create_service(
        acting_user=None,
        collaboration=world.alpha,
        name="Verksamhetssystem",
        level="business",
        owner_unit=world.unit_alpha,
    )
    actions.do_update_system(made, acting_user=None, expected_version=made.version, services=[service])
    calendar = catalog_actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    return actions.do_set_system_sla(acting_user=None, system=made, member=world.member_b, calendar=calendar)


def asset(world):
    return actions.do_create_asset(
        acting_user=None, collaboration=world.alpha, member=world.member_b, department=world.dept_b1, kind="device",
        asset_type="Bärbar dator", serial="SN-B-0001", price=Decimal("12499.50"),
        purchase_date=datetime.date(2025, 3, 1),
    )  # fmt: skip


def licence(world):
    return actions.do_create_licence(
        acting_user=None,
        system=system(world),
        name="Användarlicens",
        metric="users",
        valid_from=datetime.date(2026, 1, 1),
    )


def tier(world):
    return actions.do_add_tier(acting_user=None, licence=licence(world), from_quantity=1, unit_price=Decimal("950.00"))


def assignment(world):
    return actions.do_assign_licence(acting_user=None, licence=licence(world), member=world.member_b, quantity=120)


def area(world):
    return actions.do_create_area(
        acting_user=None, collaboration=world.alpha, name="Skola", plan_starts=datetime.date(2026, 1, 1),
        plan_ends=datetime.date(2027, 12, 31),
    )  # fmt: skip


def step(world):
    return actions.do_plan_step(
        acting_user=None, area=area(world), member=world.member_b, planned_on=datetime.date(2027, 6, 30)
    )


BETA = ("requester_c1", "admin_beta", "agent_beta", "nobody")
NOT_B = (*BETA, "requester_a1", "orderer_a")
ISOLATION_CASES = [
    IsolationCase(model, make, insider="requester_b1", outsiders=NOT_B, name=name)
    for model, make, name in [
        (actions.System, system, ""),
        (actions.SystemInstance, instance, ""),
        (actions.SystemRole, role, ""),
        (actions.SystemSLA, system_sla, ""),
        (actions.Asset, asset, ""),
        (actions.Licence, licence, ""),
        (actions.LicenceTier, tier, ""),
        (actions.LicenceAssignment, assignment, ""),
        (actions.ConsolidationStep, step, ""),
    ]
] + [
    # A shared system is seen by every member of its collaboration, not by other collaborations.
    IsolationCase(
        actions.System, shared_system, insider="requester_a1", outsiders=BETA, name="inventory.system-shared"
    ),
    IsolationCase(actions.ConsolidationArea, area, insider="requester_a1", outsiders=BETA),
]
