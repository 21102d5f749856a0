"""A small, fixed world for tests: two collaborations, members, departments, users per role.

``alpha`` is a joint committee of members A (hosting) and B; ``beta`` is a federation
with member C. Users are named by role and scope, e.g. ``requester_a1`` works in
department A1 and ``orderer_b`` orders for member B.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.accounts.models import User
from samdrift.core.versions import SYSTEM
from samdrift.tenancy import actions
from samdrift.tenancy.choices import LegalForm
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    alpha: Collaboration
    beta: Collaboration
    member_a: Member
    member_b: Member
    member_c: Member
    dept_a1: Department
    dept_a2: Department
    dept_b1: Department
    dept_c1: Department
    unit_alpha: Unit
    unit_beta: Unit
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _user(name: str, place: dict[str, Any]) -> User:
    return account_actions.do_create_user(
        acting_user=None,
        username=name,
        password=PASSWORD,
        first_name=name.title(),
        email=f"{name}@example.org",
        **place,
    )


def build_world() -> World:
    start = datetime.date(2020, 1, 1)
    alpha = actions.do_create_collaboration(
        acting_user=None, name="Alpha IT-nämnd", legal_form=LegalForm.JOINT_COMMITTEE, start_date=start
    )
    beta = actions.do_create_collaboration(
        acting_user=None, name="Beta kommunalförbund", legal_form=LegalForm.FEDERATION, start_date=start
    )
    member_a = actions.do_create_member(acting_user=None, collaboration=alpha, scb_code="1466", joined_on=start)
    member_b = actions.do_create_member(acting_user=None, collaboration=alpha, scb_code="1442", joined_on=start)
    member_c = actions.do_create_member(acting_user=None, collaboration=beta, scb_code="0682", joined_on=start)
    alpha = actions.do_update_collaboration(alpha, acting_user=None, expected_version=SYSTEM, host_member=member_a)

    def dept(member: Member, name: str) -> Department:
        return actions.do_create_department(acting_user=None, member=member, name=name, code=name[:3].upper())

    world = World(
        alpha=alpha,
        beta=beta,
        member_a=member_a,
        member_b=member_b,
        member_c=member_c,
        dept_a1=dept(member_a, "Barn och utbildning"),
        dept_a2=dept(member_a, "Vård och omsorg"),
        dept_b1=dept(member_b, "Barn och utbildning"),
        dept_c1=dept(member_c, "Socialtjänst"),
        unit_alpha=actions.do_create_unit(acting_user=None, collaboration=alpha, name="Servicedesk", code="SD"),
        unit_beta=actions.do_create_unit(acting_user=None, collaboration=beta, name="Servicedesk", code="SD"),
    )
    a, b = world.member_a, world.member_b
    specs: list[tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]] = [
        ("admin_alpha", {"collaboration": alpha}, [(Role.ADMINISTRATOR, {"collaboration": alpha})]),
        ("admin_b", {"department": world.dept_b1}, [(Role.ADMINISTRATOR, {"collaboration": alpha, "member": b})]),
        ("admin_beta", {"collaboration": beta}, [(Role.ADMINISTRATOR, {"collaboration": beta})]),
        ("agent_alpha", {"collaboration": alpha}, [(Role.AGENT, {"collaboration": alpha, "unit": world.unit_alpha})]),
        (
            "lead_alpha",
            {"collaboration": alpha},
            [(Role.UNIT_LEAD, {"collaboration": alpha, "unit": world.unit_alpha})],
        ),
        ("agent_beta", {"collaboration": beta}, [(Role.AGENT, {"collaboration": beta, "unit": world.unit_beta})]),
        ("controller_alpha", {"collaboration": alpha}, [(Role.CONTROLLER, {"collaboration": alpha})]),
        ("orderer_a", {"department": world.dept_a1}, [(Role.ORDERER, {"collaboration": alpha, "member": a})]),
        ("orderer_b", {"department": world.dept_b1}, [(Role.ORDERER, {"collaboration": alpha, "member": b})]),
        (
            "requester_a1",
            {"department": world.dept_a1},
            [(Role.REQUESTER, {"collaboration": alpha, "department": world.dept_a1})],
        ),
        (
            "colleague_a1",
            {"department": world.dept_a1},
            [(Role.REQUESTER, {"collaboration": alpha, "department": world.dept_a1})],
        ),
        (
            "requester_a2",
            {"department": world.dept_a2},
            [(Role.REQUESTER, {"collaboration": alpha, "department": world.dept_a2})],
        ),
        (
            "requester_b1",
            {"department": world.dept_b1},
            [(Role.REQUESTER, {"collaboration": alpha, "department": world.dept_b1})],
        ),
        (
            "requester_c1",
            {"department": world.dept_c1},
            [(Role.REQUESTER, {"collaboration": beta, "department": world.dept_c1})],
        ),
        ("nobody", {}, []),
    ]
    for name, place, grants in specs:
        user = _user(name, place)
        for role, scope in grants:
            account_actions.do_grant_role(acting_user=None, user=user, role=role, **scope)
        world.users[name] = user
    return world


def make_ticket(world: World, requester: str = "requester_a1", acting: str | None = None, **fields: Any) -> Any:
    """A ticket raised by (or for) one of the world's users."""
    from samdrift.servicedesk import actions as desk

    fields.setdefault("subject", "Skrivaren på plan 2 skriver inte ut")
    fields.setdefault("description", "Det kommer inget papper ur skrivaren.")
    return desk.do_create_ticket(
        acting_user=world.users[acting or requester], requester=world.users[requester], **fields
    )
