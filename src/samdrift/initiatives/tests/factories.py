"""Objects of the initiatives app for tests, owned by member B of Alpha unless told."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.initiatives import actions
from samdrift.initiatives.choices import CooperationForm, CooperationKind, Decision, ReportStatus, StanceKind


def cooperation(world: Any, **fields: Any) -> Any:
    values = {"collaboration": world.alpha, "name": "Överförmyndare i samverkan", "area": "Överförmyndare",
              "kind": CooperationKind.OPERATIONAL, "legal_form": CooperationForm.JOINT_COMMITTEE,
              "host": world.member_b, "starts": datetime.date(2020, 1, 1), "annual_cost": Decimal("2450000.50")}  # fmt: skip
    return actions.do_create_cooperation(acting_user=None, **(values | fields))


def participant(world: Any) -> Any:
    return actions.do_add_participant(
        acting_user=None,
        cooperation=cooperation(world),
        member=world.member_b,
        representatives="Kerstin Ek, KS",
        annual_cost=Decimal("1225000.25"),
    )


def draft(world: Any, member: Any = None, title: str = "Gemensamt e-arkiv") -> Any:
    """A need member B has raised and not shared."""
    return actions.do_raise_need(
        acting_user=None, need_owner=member or world.member_b, title=title, need="Långsiktigt bevarande."
    )


def shared(world: Any, member: Any = None) -> Any:
    initiative = draft(world, member)
    return actions.do_share_initiative(initiative, acting_user=None, expected_version=initiative.version)


def participation(world: Any, initiative: Any = None, member: Any = None) -> Any:
    initiative = initiative or shared(world)
    return actions.do_set_participation(
        acting_user=None,
        initiative=initiative,
        member=member or world.member_b,
        decision=Decision.IN,
        decision_reference="KS § 12",
    )


def draft_participation(world: Any) -> Any:
    return participation(world, draft(world))


def followup(world: Any, initiative: Any = None) -> Any:
    return actions.do_record_followup(
        acting_user=None, initiative=initiative or shared(world), year=2026, priorities="Baskarta"
    )


def solution(world: Any, owner: Any = None) -> Any:
    return actions.do_create_solution(
        acting_user=None,
        owner=owner or world.member_b,
        name="E-arkiv (OAIS)",
        contact_name="Kerstin Ek",
        contact_email="e-arkiv@b.example",
        procurement_reference="Adda 2024-117",
        contract_ends=datetime.date(2029, 12, 31),
    )


def stance(world: Any) -> Any:
    return actions.do_take_stance(
        acting_user=None, solution=solution(world, world.member_a), member=world.member_b, stance=StanceKind.LEADER
    )


def project(world: Any, initiative: Any = None) -> Any:
    return actions.do_start_project(
        acting_user=None,
        initiative=initiative or shared(world),
        manager="Kerstin Ek",
        starts=datetime.date(2026, 1, 1),
        budget=Decimal("1250000.50"),
    )


def draft_project_followup(world: Any) -> Any:
    """A follow-up of a draft: private like its initiative."""
    return followup(world, draft(world))


def status_report(world: Any) -> Any:
    return actions.do_report_status(
        acting_user=None,
        project=project(world),
        year=2026,
        month=3,
        status=ReportStatus.ON_TRACK,
        progress="Migrering klar",
    )
