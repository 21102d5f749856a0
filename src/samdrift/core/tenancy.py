"""How a model says where it sits in the tenancy tree, so the access policy can scope it.

Every member-owned model declares ``tenant_paths``: ORM paths from the model to the
collaboration, the member and the department that own a row. ``"pk"`` means the row
itself. The access policy (``samdrift.accounts.policy``) turns these paths into a ``Q``
for querysets and into ids for permission checks on single objects.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class TenantPaths(NamedTuple):
    collaboration: str
    member: str | None = None
    department: str | None = None


class TenantKeys(NamedTuple):
    collaboration_id: int | None
    member_id: int | None = None
    department_id: int | None = None


def _resolve(obj: Any, path: str | None) -> int | None:
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    if last.endswith("_id") or last.startswith("scope_"):
        return getattr(obj, last, None)
    return getattr(obj, f"{last}_id", None)


def tenant_keys(obj: Any) -> TenantKeys:
    """The collaboration, member and department ids that own ``obj`` (saved or not)."""
    paths: TenantPaths = type(obj).tenant_paths
    return TenantKeys(
        _resolve(obj, paths.collaboration),
        _resolve(obj, paths.member),
        _resolve(obj, paths.department),
    )
