"""Generic building blocks for the apps' actions: create, update and delete with audit.

Apps never call these from views; they wrap them in named actions in their own
``actions.py`` (``do_create_member`` …) that add domain rules. Every call runs in one
transaction, validates with ``full_clean`` and writes one audit row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from . import audit
from .exceptions import ObjectInUseError
from .versions import SYSTEM, ExpectedVersion, SystemJob, check_version

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

__all__ = ["SYSTEM", "ExpectedVersion", "SystemJob", "create_object", "delete_object", "update_object"]

M = TypeVar("M", bound=models.Model)


def _split_many_to_many(model: type[models.Model], values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """``values`` without the many-to-many fields, and those (set after the row is saved)."""
    names = {field.name for field in model._meta.many_to_many}
    plain = {name: value for name, value in values.items() if name not in names}
    related = {name: list(value) for name, value in values.items() if name in names}
    return plain, related


def _ids(objects: list[Any]) -> list[Any]:
    return sorted(getattr(o, "pk", o) for o in objects)


def _loaded_relations(obj: models.Model) -> list[str]:
    """Foreign keys given as saved objects: their existence check (one query each) is
    skipped, since the object was just read. ``clean()`` still checks that they belong
    together, and no Samdrift field uses ``limit_choices_to`` (which the check would apply)."""
    loaded = []
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.is_cached(obj) and not field.remote_field.limit_choices_to:
            related = field.get_cached_value(obj)
            if related is not None and related.pk is not None and not related._state.adding:
                loaded.append(field.name)
    return loaded


def create_object[M: models.Model](model: type[M], *, acting_user: AbstractBaseUser | None, **values: Any) -> M:
    plain, related = _split_many_to_many(model, values)
    with transaction.atomic():
        obj = model(**plain)
        # Unique checks and constraints still see every field: only the existence checks
        # of the loaded relations are skipped.
        obj.full_clean(exclude=_loaded_relations(obj), validate_unique=False, validate_constraints=False)
        obj.validate_unique()
        obj.validate_constraints()
        obj.save(force_insert=True)
        for name, objects in related.items():
            getattr(obj, name).set(objects)
        audit.record("create", obj, acting_user=acting_user, after=audit.snapshot(obj))
    return obj


def update_object[M: models.Model](
    obj: M, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion, **changes: Any
) -> M:
    """Apply ``changes`` if the stored version still equals ``expected_version``.

    ``expected_version=SYSTEM`` is only for system jobs that re-read before writing.
    Raises ``ConcurrentEditError`` when someone else saved in between, and
    ``VersionRequiredError`` when no version was given (``None``).
    """
    model = type(obj)
    plain, related = _split_many_to_many(model, changes)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        current_version: int = getattr(current, "version", 0)
        check_version(current_version, expected_version)
        before = audit.snapshot(current)
        for name, value in plain.items():
            setattr(current, name, value)
        current.full_clean()
        after = audit.snapshot(current) | {name: _ids(objects) for name, objects in related.items()}
        if after == before:
            return current
        if hasattr(current, "version"):
            current.version = current_version + 1
            after["version"] = current.version
        current.save()
        for name, objects in related.items():
            getattr(current, name).set(objects)
        audit.record("update", current, acting_user=acting_user, before=before, after=after)
    return current


def delete_object(
    obj: models.Model, *, acting_user: AbstractBaseUser | None, expected_version: ExpectedVersion
) -> None:
    model = type(obj)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        current_version: int = getattr(current, "version", 0)
        check_version(current_version, expected_version)
        before = audit.snapshot(current)
        pk = current.pk
        try:
            with transaction.atomic():
                current.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise ObjectInUseError(str(current)) from exc
        audit.record("delete", current, acting_user=acting_user, before=before, object_id=pk)
