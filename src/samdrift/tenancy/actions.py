"""The only way tenancy objects change. Each action is one transaction with an audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion

from .models import Collaboration, Department, Member, Population, Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def do_create_collaboration(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Collaboration:
    return create_object(Collaboration, acting_user=acting_user, **fields)


def do_update_collaboration(
    collaboration: Collaboration,
    *,
    acting_user: AbstractBaseUser | None,
    expected_version: ExpectedVersion,
    **changes: Any,
) -> Collaboration:
    return update_object(collaboration, acting_user=acting_user, expected_version=expected_version, **changes)


def do_create_member(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Member:
    return create_object(Member, acting_user=acting_user, **fields)


def do_update_member(
    member: Member, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion, **changes: Any
) -> Member:
    return update_object(member, acting_user=acting_user, expected_version=expected_version, **changes)


def do_record_population(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Population:
    return create_object(Population, acting_user=acting_user, **fields)


def do_update_population(
    population: Population, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion, **changes: Any
) -> Population:
    return update_object(population, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_population(
    population: Population, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion
) -> None:
    delete_object(population, acting_user=acting_user, expected_version=expected_version)


def do_create_department(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Department:
    return create_object(Department, acting_user=acting_user, **fields)


def do_update_department(
    department: Department, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion, **changes: Any
) -> Department:
    return update_object(department, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_department(
    department: Department, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion
) -> None:
    delete_object(department, acting_user=acting_user, expected_version=expected_version)


def do_create_unit(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Unit:
    return create_object(Unit, acting_user=acting_user, **fields)


def do_update_unit(
    unit: Unit, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion, **changes: Any
) -> Unit:
    return update_object(unit, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_unit(unit: Unit, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion) -> None:
    delete_object(unit, acting_user=acting_user, expected_version=expected_version)
