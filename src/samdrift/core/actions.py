"""Generic building blocks for the apps' actions: create, update and delete with audit.

Apps never call these from views; they wrap them in named actions in their own
``actions.py`` (``do_create_member`` …) that add domain rules. Every call runs in one
transaction, validates with ``full_clean`` and writes one audit row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from . import audit
from .exceptions import ConcurrentEditError, ObjectInUseError

M = TypeVar("M", bound=models.Model)


def create_object[M: models.Model](model: type[M], *, acting_user: Any, **values: Any) -> M:
    with transaction.atomic():
        obj = model(**values)
        obj.full_clean()
        obj.save(force_insert=True)
        audit.record("create", obj, acting_user=acting_user, after=audit.snapshot(obj))
    return obj


def update_object[M: models.Model](obj: M, *, acting_user: Any, expected_version: int | None, **changes: Any) -> M:
    """Apply ``changes`` if the stored version still equals ``expected_version``.

    ``expected_version=None`` is only for system jobs that re-read before writing.
    Raises ``ConcurrentEditError`` when someone else saved in between.
    """
    model = type(obj)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        current_version: int = getattr(current, "version", 0)
        if expected_version is not None and current_version != expected_version:
            raise ConcurrentEditError(current_version)
        before = audit.snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        after = audit.snapshot(current)
        if after == before:
            return current
        if hasattr(current, "version"):
            current.version = current_version + 1
            after["version"] = current.version
        current.save()
        audit.record("update", current, acting_user=acting_user, before=before, after=after)
    return current


def delete_object(obj: models.Model, *, acting_user: Any, expected_version: int | None) -> None:
    model = type(obj)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        current_version: int = getattr(current, "version", 0)
        if expected_version is not None and current_version != expected_version:
            raise ConcurrentEditError(current_version)
        before = audit.snapshot(current)
        pk = current.pk
        try:
            with transaction.atomic():
                current.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise ObjectInUseError(str(current)) from exc
        audit.record("delete", current, acting_user=acting_user, before=before, object_id=pk)
