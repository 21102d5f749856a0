"""Writing audit rows. Called only from actions, inside their transaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditAction, AuditEntry
from .tenancy import tenant_keys

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def snapshot(obj: models.Model) -> dict[str, Any]:
    """A JSON-safe dict of the object's concrete field values (FKs as ids) and its
    many-to-many relations (sorted lists of ids)."""
    exclude: frozenset[str] = getattr(type(obj), "audit_exclude", frozenset())
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = field.value_from_object(obj)
        if isinstance(value, FieldFile):
            value = value.name
        data[field.attname] = value
    for m2m in obj._meta.many_to_many:
        if m2m.name not in exclude:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True)) if obj.pk else []
    # Round-trip through the encoder so dates, decimals and UUIDs become plain JSON values.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def actor_fields(user: AbstractBaseUser | None) -> dict[str, Any]:
    """The audit row's actor and its name; no user (or an unsaved one) is the system."""
    actor: Any = user if user is not None and user.pk else None
    return {"actor": actor, "actor_repr": (actor.get_username() if actor else "system")[:200]}


def record(
    action: str,
    obj: models.Model,
    *,
    acting_user: AbstractBaseUser | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_id: Any = None,
) -> AuditEntry:
    keys = tenant_keys(obj) if hasattr(type(obj), "tenant_paths") else None
    return AuditEntry.objects.create(
        **actor_fields(acting_user),
        action=AuditAction(action),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(object_id if object_id is not None else obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        scope_collaboration=keys.collaboration_id if keys else None,
        scope_member=keys.member_id if keys else None,
        scope_department=keys.department_id if keys else None,
    )
