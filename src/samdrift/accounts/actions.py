"""The only way users, role assignments and API tokens change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from samdrift.core import audit
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import SYSTEM, ExpectedVersion

from . import policy
from .models import RoleAssignment, User


def do_create_user(
    *, acting_user: Any, password: str | None = None, password_hash: str | None = None, **fields: Any
) -> User:
    """Create a user with a password (validated), an already hashed one (imports), or none."""
    with transaction.atomic():
        user = User(**fields)
        if password_hash:
            user.password = password_hash
        elif password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save(force_insert=True)
        audit.record("create", user, acting_user=acting_user, after=audit.snapshot(user))
    return user


def do_update_user(user: User, *, acting_user: Any, expected_version: ExpectedVersion, **changes: Any) -> User:
    return update_object(user, acting_user=acting_user, expected_version=expected_version, **changes)


def do_set_password(user: User, *, acting_user: Any, password: str) -> None:
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record("update", user, acting_user=acting_user, before={"password": "***"}, after={"password": "changed"})


def do_grant_role(*, acting_user: Any, user: User, **fields: Any) -> RoleAssignment:
    candidate = RoleAssignment(user=user, **fields)
    candidate.clean()
    duplicate = RoleAssignment.objects.filter(
        user=user,
        role=candidate.role,
        collaboration=candidate.collaboration,
        member=candidate.member,
        department=candidate.department,
        unit=candidate.unit,
    )
    if duplicate.exists():
        raise ValidationError(_("The user already has this role with this scope."))
    fields["member"] = candidate.member
    assignment = create_object(RoleAssignment, acting_user=acting_user, user=user, **fields)
    policy.forget(user)
    return assignment


def do_revoke_role(assignment: RoleAssignment, *, acting_user: Any) -> None:
    delete_object(assignment, acting_user=acting_user, expected_version=SYSTEM)
    policy.forget(assignment.user)


def do_rotate_api_token(user: User, *, acting_user: Any) -> Token:
    """Replace the user's API token with a new one; the old one stops working at once."""
    with transaction.atomic():
        had_token = Token.objects.filter(user=user).delete()[0] > 0
        token = Token.objects.create(user=user)
        audit.record(
            "update",
            user,
            acting_user=acting_user,
            before={"api_token": "set" if had_token else None},
            after={"api_token": "rotated"},
        )
    return token


def do_revoke_api_token(user: User, *, acting_user: Any) -> None:
    with transaction.atomic():
        if Token.objects.filter(user=user).delete()[0]:
            audit.record(
                "update", user, acting_user=acting_user, before={"api_token": "set"}, after={"api_token": None}
            )
