"""The only way follow-up's objects change: one transaction and one audit row each."""

from __future__ import annotations

from typing import Any

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion

from . import stats
from .models import Benefit, Goal


def do_create_goal(*, acting_user: Any, **fields: Any) -> Goal:
    return create_object(Goal, acting_user=acting_user, **fields)


def do_update_goal(goal: Goal, *, acting_user: Any, expected_version: ExpectedVersion, **changes: Any) -> Goal:
    return update_object(goal, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_goal(goal: Goal, *, acting_user: Any, expected_version: ExpectedVersion) -> None:
    delete_object(goal, acting_user=acting_user, expected_version=expected_version)


def do_rebuild_statistics(*, acting_user: Any = None) -> int:
    """Count every ticket into the statistics again (operations; the rollup is derived
    data, not a domain object, so there is nothing to audit)."""
    return stats.rebuild()


def do_create_benefit(*, acting_user: Any, **fields: Any) -> Benefit:
    return create_object(Benefit, acting_user=acting_user, **fields)


def do_update_benefit(
    benefit: Benefit, *, acting_user: Any, expected_version: ExpectedVersion, **changes: Any
) -> Benefit:
    return update_object(benefit, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_benefit(benefit: Benefit, *, acting_user: Any, expected_version: ExpectedVersion) -> None:
    delete_object(benefit, acting_user=acting_user, expected_version=expected_version)
