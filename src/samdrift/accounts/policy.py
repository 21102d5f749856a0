"""The access policy: the mechanism that decides who may see and change what.

The *rules* per model are not here: each app declares them for its own models in
``<app>/access.py`` with :func:`register` (``accounts/access.py`` declares those of
``core``, ``tenancy`` and ``accounts``, which sit below the roles). ``AccountsConfig.ready``
imports every app's ``access`` module and installs this module as the policy of
``samdrift.core.access``, through which every queryset, view and viewset checks.

A user's reach comes from role assignments. Each assignment is scoped to a whole
collaboration, one member or one department. Seeing follows scope:

* a collaboration-wide assignment sees everything in that collaboration;
* a member assignment sees everything owned by that member (all its departments);
* a department assignment sees that department's objects and the member-level objects
  of its member (the member itself, its population figures), not other departments;
* objects owned by the collaboration as a whole (units) are seen by anyone with a role
  in it.

Querysets are narrowed with :func:`visibility_q`; every generic view and API viewset does
that first, so an object outside a user's scope answers 404 like one that does not exist.
Changing follows each model's :class:`Rules`: which roles may change it, and how wide
their assignment must be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q

from samdrift.core.tenancy import TenantKeys, TenantPaths, tenant_keys

from .choices import Role, ScopeLevel
from .models import RoleAssignment, User

ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = frozenset({Role.AGENT, Role.UNIT_LEAD, Role.ADMINISTRATOR, Role.CONTROLLER})

# The shared organisation's desk staff, who work tickets for every member.
DESK_STAFF = frozenset({Role.AGENT, Role.UNIT_LEAD, Role.ADMINISTRATOR})

# Who reads the reports (SLA report, the finance follow-up): aggregates for the members
# in their scope. Requesters do not; they see their own tickets.
REPORT_READERS = DESK_STAFF | {Role.ORDERER, Role.CONTROLLER, Role.COMMITTEE_MEMBER}

NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """What one model declares about access. Every field has the common default.

    ``read``
        Roles whose holders read rows within their scope (default: every role).
    ``own``
        ORM paths to a user: rows the user also reads because they are theirs, whatever
        their scope (a requester's own tickets).
    ``staff_only``
        Rows only desk staff (:data:`DESK_STAFF`) of their scope read, even where others
        read the model (internal notes).
    ``shared_when``
        When set, only *collaboration-wide* holders of ``read`` roles read the rows,
        except rows matching this ``Q``, which every ``read`` holder of the row's
        collaboration reads (allocation runs: "members see each other's statements").
    ``private_when``
        Rows matching this ``Q`` are read only by ``read`` holders whose assignment is
        *of the row's member* (member or department scope), and by ``own``: not by
        collaboration-wide holders, nor by other members (a member's draft that it has
        not shared yet). Combine with ``shared_when`` for "shared once published".
    ``manage``
        Roles that may create, change and delete (default: nobody, e.g. read-only or
        changed only by dedicated actions).
    ``manage_level``
        The narrowest assignment that may change: a member-level administrator edits its
        own departments, but only a collaboration-wide one edits units.
    ``create``
        False: only an installation superuser creates one (a collaboration).
    ``reached_by``
        ORM paths to a member: rows the holders of ``read`` roles scoped to one member (or
        one of its departments) also read when that member is found along a path (the
        systems a member uses). Checked through a subquery, so a many-valued path does
        not repeat rows. Usually combined with ``shared_when``.
    ``also_manage`` / ``also_create``
        An object-level check that lets someone change (or create) beyond the roles,
        e.g. the appointed secretary of a body its meetings: ``(user, obj) -> bool`` and
        ``(user) -> bool``. It only widens what ``manage`` allows, never narrows it.
    ``narrow`` / ``narrow_roles``
        Holders of ``narrow_roles`` read, within their scope, only the rows matching
        ``narrow(user)`` (a ``Q``), unless another ``read`` role of theirs reaches the row:
        committee members read the papers of the bodies they sit on, not every body's.
    """

    read: frozenset[str] = ALL_ROLES
    own: tuple[str, ...] = ()
    staff_only: Q | None = None
    shared_when: Q | None = None
    private_when: Q | None = None
    manage: frozenset[str] = NOBODY
    manage_level: ScopeLevel = ScopeLevel.COLLABORATION
    create: bool = True
    reached_by: tuple[str, ...] = ()
    also_manage: Callable[[Any, models.Model], bool] | None = None
    also_create: Callable[[Any], bool] | None = None
    narrow: Callable[[Any], Q] | None = None
    narrow_roles: frozenset[str] = NOBODY


RULES: dict[str, Rules] = {}


def register(model: type[models.Model], **rules: Any) -> Rules:
    """Declare the access rules of ``model`` (once, from its app's ``access.py``)."""
    label = model._meta.label_lower
    if label in RULES:
        raise ImproperlyConfigured(f"Access rules for {label} are declared twice.")
    if not hasattr(model, "tenant_paths"):
        raise ImproperlyConfigured(f"{label} has no tenant_paths: the policy cannot scope it.")
    RULES[label] = Rules(**rules)
    return RULES[label]


def rules_for(model: type[models.Model] | models.Model) -> Rules:
    """The declared rules of a model. A scoped model without a declaration is an error
    (``test_architecture`` checks that every one has one)."""
    label = model._meta.label_lower
    try:
        return RULES[label]
    except KeyError:
        raise ImproperlyConfigured(
            f"{label} declares no access rules: add register({model._meta.object_name}, ...) to its app's access.py."
        ) from None


@dataclass(frozen=True)
class Assignment:
    role: str
    collaboration_id: int
    member_id: int | None
    department_id: int | None
    unit_id: int | None

    @property
    def level(self) -> ScopeLevel:
        if self.department_id:
            return ScopeLevel.DEPARTMENT
        if self.member_id:
            return ScopeLevel.MEMBER
        return ScopeLevel.COLLABORATION

    def covers(self, keys: TenantKeys, narrowest: ScopeLevel = ScopeLevel.DEPARTMENT) -> bool:
        """Whether this assignment reaches an object with ``keys`` at the given level."""
        if keys.collaboration_id != self.collaboration_id:
            return False
        level = self.level
        if level == ScopeLevel.COLLABORATION:
            return True
        if level == ScopeLevel.MEMBER:
            return narrowest != ScopeLevel.COLLABORATION and keys.member_id == self.member_id
        return narrowest == ScopeLevel.DEPARTMENT and keys.department_id == self.department_id


@dataclass(frozen=True)
class Scope:
    """The ids a user reaches, for a set of roles."""

    everything: bool
    collaboration_ids: frozenset[int]
    member_ids: frozenset[int]
    department_ids: frozenset[int]
    department_member_ids: frozenset[int]
    any_collaboration_ids: frozenset[int]


def assignments(user: Any) -> list[Assignment]:
    """The user's role assignments, loaded once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Assignment] | None = getattr(user, "_samdrift_assignments", None)
    if cached is None:
        cached = (
            [
                Assignment(*row)
                for row in RoleAssignment.objects.filter(user_id=user.pk).values_list(
                    "role", "collaboration_id", "member_id", "department_id", "unit_id"
                )
            ]
            if user.is_active
            else []
        )
        user._samdrift_assignments = cached
    return cached


def forget(user: Any) -> None:
    """Drop the assignments cached on this user object (after a grant or revoke)."""
    for name in ("_samdrift_assignments", "_samdrift_owned"):
        user.__dict__.pop(name, None)


def forget_owned(user: Any) -> None:
    """Drop the cached ``owned_outside`` answers (the user now owns a row somewhere new)."""
    if user is not None:
        user.__dict__.pop("_samdrift_owned", None)


def roles(user: Any) -> frozenset[str]:
    return frozenset(a.role for a in assignments(user))


def has_any_role(user: Any, wanted: Iterable[str]) -> bool:
    return bool(getattr(user, "is_superuser", False)) or not roles(user).isdisjoint(wanted)


def scope(user: Any, for_roles: frozenset[str] = ALL_ROLES) -> Scope:
    if getattr(user, "is_superuser", False) and user.is_active:
        empty: frozenset[int] = frozenset()
        return Scope(True, empty, empty, empty, empty, empty)
    mine = [a for a in assignments(user) if a.role in for_roles]
    return Scope(
        everything=False,
        collaboration_ids=frozenset(a.collaboration_id for a in mine if a.level == ScopeLevel.COLLABORATION),
        member_ids=frozenset(a.member_id for a in mine if a.level == ScopeLevel.MEMBER and a.member_id),
        department_ids=frozenset(a.department_id for a in mine if a.department_id),
        department_member_ids=frozenset(a.member_id for a in mine if a.department_id and a.member_id),
        any_collaboration_ids=frozenset(a.collaboration_id for a in mine),
    )


def _in(path: str, ids: frozenset[int]) -> Q:
    return Q(**{f"{path}__in": sorted(ids)})


def visibility_q(user: Any, model: type[models.Model]) -> Q:
    """A filter that keeps only the rows of ``model`` the user may see.

    The filter is as simple as the user's reach allows, because every list query carries
    it and an ``OR`` keeps the database from using an index for the rest of the query:

    * a collaboration-wide reader gets ``collaboration IN (…)`` alone: their own rows
      (``Rules.own``, a requester's tickets) are added only for the collaborations outside
      that reach in which they own such rows (``owned_outside``); in an installation with
      one collaboration, or for staff who never raised a ticket elsewhere, there are none;
    * ``staff_only`` rows (internal notes) need no second condition when the user's desk
      staff reach is their whole reading reach.
    """
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser and user.is_active:
        return Q()  # an empty Q combined with | or & would vanish, so answer here
    rules = rules_for(model)
    paths: TenantPaths = model.tenant_paths  # type: ignore[attr-defined]
    read = scope(user, rules.read)
    if rules.shared_when is not None:
        q = _in(paths.collaboration, read.collaboration_ids) | (
            rules.shared_when & _in(paths.collaboration, read.any_collaboration_ids)
        )
    elif rules.narrow is not None and rules.narrow_roles:
        q = scope_q(user, rules.read - rules.narrow_roles, paths) | (
            scope_q(user, rules.read & rules.narrow_roles, paths) & rules.narrow(user)
        )
    else:
        q = _scope_q(read, paths)
    if rules.reached_by:
        member_ids = read.member_ids | read.department_member_ids
        if member_ids:
            for path in rules.reached_by:
                rows = model._default_manager.filter(_in(path, member_ids)).values("pk")
                q |= Q(pk__in=rows)
    if rules.private_when is not None and paths.member is not None:
        mine = _in(paths.member, read.member_ids | read.department_member_ids)
        q = (q & ~rules.private_when) | (rules.private_when & mine)
    own_outside = False
    if rules.own:
        own = Q()
        for path in rules.own:
            own |= Q(**{path: user.pk})
        if read.collaboration_ids:
            outside = owned_outside(user, model, own, paths.collaboration, read.collaboration_ids)
            if outside:
                q |= own & _in(paths.collaboration, outside)
                own_outside = True
        else:
            q |= own
            own_outside = True
    if rules.staff_only is not None:
        staff = scope(user, DESK_STAFF)
        if own_outside or not _same_reach(staff, read):
            q &= ~rules.staff_only | _scope_q(staff, paths)
    return q


def _same_reach(a: Scope, b: Scope) -> bool:
    return (a.collaboration_ids, a.member_ids, a.department_ids, a.department_member_ids) == (
        b.collaboration_ids,
        b.member_ids,
        b.department_ids,
        b.department_member_ids,
    )


def owned_outside(user: Any, model: type[models.Model], own: Q, path: str, reach: frozenset[int]) -> frozenset[int]:
    """The collaborations outside ``reach`` in which the user owns rows of ``model``.

    Usually none: a collaboration's staff rarely raise tickets in another collaboration. Then
    the list query keeps ``collaboration IN (…)`` alone and the database walks the
    (collaboration, created) index in order instead of sorting every row the ``OR`` matched.
    One indexed query per model, cached on the user object (i.e. per request) like the
    assignments; an action that gives the user a ticket calls ``forget_owned``.
    """
    cache: dict[tuple[str, frozenset[int]], frozenset[int]] = user.__dict__.setdefault("_samdrift_owned", {})
    key = (model._meta.label, reach)
    if key not in cache:
        found = model._default_manager.filter(own).exclude(_in(path, reach)).order_by().values_list(path, flat=True)
        cache[key] = frozenset(found.distinct())
    return cache[key]


def scope_q(user: Any, for_roles: frozenset[str], paths: TenantPaths) -> Q:
    """Rows owned within the reach of the user's assignments of ``for_roles``."""
    return _scope_q(scope(user, for_roles), paths)


def _scope_q(s: Scope, paths: TenantPaths) -> Q:
    if s.everything:
        return Q()
    if paths.member is None:
        # Collaboration-owned rows: anyone with a role in the collaboration (a superset of
        # the collaboration-wide assignments).
        return _in(paths.collaboration, s.any_collaboration_ids)
    q = _in(paths.collaboration, s.collaboration_ids)
    q |= _in(paths.member, s.member_ids)
    if paths.department is None:
        return q | _in(paths.member, s.department_member_ids)
    q |= _in(paths.department, s.department_ids)
    if paths.department != "pk":
        q |= _in(paths.member, s.department_member_ids) & Q(**{f"{paths.department}__isnull": True})
    return q


def report_scope_q(user: Any, model: type[models.Model]) -> Q:
    """Rows of ``model`` within the reach of the user's report-reading roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    return scope_q(user, REPORT_READERS, model.tenant_paths)  # type: ignore[attr-defined]


def can_read_reports(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and has_any_role(user, REPORT_READERS)


def holds_role_over(
    user: Any,
    target: models.Model | TenantKeys,
    wanted: Iterable[str],
    level: ScopeLevel = ScopeLevel.COLLABORATION,
) -> bool:
    """Whether the user has one of ``wanted`` with an assignment that covers ``target``
    (an object, or the keys of one) at ``level``. The building block of the app-specific
    checks in each ``access.py`` (who works a ticket, who issues a run)."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    keys = target if isinstance(target, TenantKeys) else tenant_keys(target)
    wanted = frozenset(wanted)
    return any(a.covers(keys, level) for a in assignments(user) if a.role in wanted)


def is_desk_staff_for(user: Any, obj: models.Model) -> bool:
    """Desk staff of the whole collaboration that owns ``obj``."""
    return holds_role_over(user, obj, DESK_STAFF)


def can_view(user: Any, obj: models.Model) -> bool:
    return type(obj)._default_manager.filter(visibility_q(user, type(obj)), pk=obj.pk).exists()


def can_manage(user: Any, obj: models.Model) -> bool:
    """Whether the user may create, change or delete ``obj`` (an unsaved one for create)."""
    rules = rules_for(obj)
    if holds_role_over(user, obj, rules.manage, rules.manage_level):
        return True
    return rules.also_manage is not None and bool(getattr(user, "is_active", False)) and rules.also_manage(user, obj)


def can_create(user: Any, model: type[models.Model]) -> bool:
    """Whether the user may create some object of ``model`` (shows the "New" button)."""
    if getattr(user, "is_superuser", False):
        return True
    rules = rules_for(model)
    if not rules.create:
        return False
    order = [ScopeLevel.COLLABORATION, ScopeLevel.MEMBER, ScopeLevel.DEPARTMENT]
    allowed = order[: order.index(rules.manage_level) + 1]
    if any(a.role in rules.manage and a.level in allowed for a in assignments(user)):
        return True
    return rules.also_create is not None and bool(getattr(user, "is_active", False)) and rules.also_create(user)


def can_view_audit(user: Any, obj: models.Model) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    keys = tenant_keys(obj)
    return any(a.covers(keys, ScopeLevel.MEMBER) for a in assignments(user) if a.role == Role.ADMINISTRATOR)


def grantable(user: Any, assignment: Assignment) -> bool:
    """An administrator may grant only roles within their own reach."""
    if getattr(user, "is_superuser", False):
        return True
    keys = TenantKeys(assignment.collaboration_id, assignment.member_id, assignment.department_id)
    needed = assignment.level if assignment.level != ScopeLevel.DEPARTMENT else ScopeLevel.MEMBER
    return any(a.covers(keys, needed) for a in assignments(user) if a.role == Role.ADMINISTRATOR)


def signed_in(request: Any) -> User:
    """The signed-in user of a request, typed as the user model, for ``acting_user=``.

    Every view that calls an action is behind a login (the middleware and DRF's
    authentication refuse anonymous requests first); this is the type-level proof of it,
    and a refusal instead of an anonymous actor if a view ever forgets."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
