"""The access policy: who may see and change what. The only place these rules live.

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
Changing follows :data:`MANAGE_RULES`: which roles may change a model, and how wide their
assignment must be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from samdrift.core.tenancy import TenantKeys, TenantPaths, tenant_keys

from .choices import Role, ScopeLevel

ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = frozenset({Role.AGENT, Role.UNIT_LEAD, Role.ADMINISTRATOR, Role.CONTROLLER})

# The shared organisation's desk staff, who work tickets for every member.
DESK_STAFF = frozenset({Role.AGENT, Role.UNIT_LEAD, Role.ADMINISTRATOR})
# Who reads tickets within their scope. Requesters read only their own (OWNER_PATHS);
# politicians and controllers see tickets only as aggregates in reports.
TICKET_READERS = DESK_STAFF | {Role.ORDERER}

# Who reads the reports (SLA report, later the follow-up): aggregates for the members in
# their scope. Requesters do not; they see their own tickets.
REPORT_READERS = DESK_STAFF | {Role.ORDERER, Role.CONTROLLER, Role.COMMITTEE_MEMBER}

# The committee's finances: controllers prepare them, the committee and the members'
# orderers read them (an orderer its own member's specific lines and the common ones in
# the follow-up and statements), unit leads their budget.
FINANCE_READERS = frozenset({Role.CONTROLLER, Role.ADMINISTRATOR, Role.COMMITTEE_MEMBER, Role.ORDERER, Role.UNIT_LEAD})
FINANCE_MODELS = (
    "financesettings",
    "closedperiod",
    "budgetline",
    "outcomeline",
    "forecast",
    "forecastline",
    "investment",
    "investmentforecast",
    "reportedcount",
    "allocationmodel",
    "allocationrule",
    "allocationrun",
    "invoiceadjustment",
)

# Roles whose holders may read a model at all, when narrower than "anyone in scope".
VIEW_ROLES: dict[str, frozenset[str]] = {
    "core.auditentry": frozenset({Role.ADMINISTRATOR}),
    "servicedesk.ticket": TICKET_READERS,
    "servicedesk.comment": TICKET_READERS,
    "servicedesk.attachment": TICKET_READERS,
    "servicedesk.rating": TICKET_READERS,
    "servicedesk.ticketlink": TICKET_READERS,
    # Hours are billable to members: their orderers and the controllers follow them.
    "servicedesk.timeentry": DESK_STAFF | {Role.ORDERER, Role.CONTROLLER},
    **{f"finance.{name}": FINANCE_READERS for name in FINANCE_MODELS},
}

# Rows a user also sees because they are theirs, whatever their scope: a requester's
# own tickets (as requester, or registered by them) and what hangs off those tickets.
OWNER_PATHS: dict[str, tuple[str, ...]] = {
    "servicedesk.ticket": ("requester", "created_by"),
    "servicedesk.comment": ("ticket__requester", "ticket__created_by"),
    "servicedesk.attachment": ("ticket__requester", "ticket__created_by"),
    "servicedesk.rating": ("ticket__requester", "ticket__created_by"),
}

# Rows only desk staff may see, even on tickets others may read: internal notes.
STAFF_ONLY: dict[str, Q] = {
    "servicedesk.comment": Q(is_internal=True),
    "servicedesk.attachment": Q(comment__is_internal=True),
}


@dataclass(frozen=True)
class ManageRule:
    roles: frozenset[str]
    # The narrowest assignment that may change the object: a member-level administrator
    # may edit its own departments, but only a collaboration-wide one edits units.
    level: ScopeLevel


MANAGE_RULES: dict[str, ManageRule] = {
    "tenancy.collaboration": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "tenancy.member": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "tenancy.unit": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    # Population drives cost shares between members: no member edits its own.
    "tenancy.population": ManageRule(frozenset({Role.ADMINISTRATOR, Role.CONTROLLER}), ScopeLevel.COLLABORATION),
    "tenancy.department": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.MEMBER),
    "accounts.user": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.MEMBER),
    "accounts.roleassignment": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.MEMBER),
    "servicedesk.category": ManageRule(frozenset({Role.ADMINISTRATOR, Role.UNIT_LEAD}), ScopeLevel.COLLABORATION),
    "servicedesk.desksettings": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    # Calendars drive every SLA due time of the collaboration, member overrides included.
    "catalog.businesscalendar": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "catalog.calendaryear": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "catalog.calendarclosure": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "catalog.service": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    "catalog.sla": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    # The desk reports disruptions as they happen, for whichever members they hit.
    "catalog.disruption": ManageRule(DESK_STAFF, ScopeLevel.COLLABORATION),
    # Prices and subscriptions decide what members pay: set for the whole collaboration.
    "catalog.price": ManageRule(frozenset({Role.ADMINISTRATOR, Role.CONTROLLER}), ScopeLevel.COLLABORATION),
    "catalog.subscription": ManageRule(frozenset({Role.ADMINISTRATOR, Role.CONTROLLER}), ScopeLevel.COLLABORATION),
    "catalog.orderfield": ManageRule(frozenset({Role.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    # Controllers prepare budgets, forecasts, outcome and allocation runs for the whole
    # collaboration; issuing a run is a controller's alone (``can_issue_run``).
    **{
        f"finance.{name}": ManageRule(frozenset({Role.CONTROLLER}), ScopeLevel.COLLABORATION) for name in FINANCE_MODELS
    },
    # Members report their own device and account counts through their orderer too.
    "finance.reportedcount": ManageRule(frozenset({Role.CONTROLLER, Role.ORDERER}), ScopeLevel.MEMBER),
}


def _merge_app_rules() -> None:
    """Apps that keep their rules as data in ``<app>/access.py`` (agreements so far)."""
    from samdrift.agreements import access as agreements_access

    VIEW_ROLES.update(agreements_access.VIEW_ROLES)
    MANAGE_RULES.update({label: ManageRule(*rule) for label, rule in agreements_access.MANAGE_RULES.items()})


_merge_app_rules()


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
        from .models import RoleAssignment

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
    user.__dict__.pop("_samdrift_assignments", None)


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
    """A filter that keeps only the rows of ``model`` the user may see."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser and user.is_active:
        return Q()  # an empty Q combined with | or & would vanish, so answer here
    label = model._meta.label_lower
    paths: TenantPaths = model.tenant_paths  # type: ignore[attr-defined]
    q = scope_q(user, VIEW_ROLES.get(label, ALL_ROLES), paths)
    for path in OWNER_PATHS.get(label, ()):
        q |= Q(**{path: user.pk})
    if label in STAFF_ONLY:
        q &= ~STAFF_ONLY[label] | scope_q(user, DESK_STAFF, paths)
    return q


def scope_q(user: Any, for_roles: frozenset[str], paths: TenantPaths) -> Q:
    """Rows owned within the reach of the user's assignments of ``for_roles``."""
    s = scope(user, for_roles)
    if s.everything:
        return Q()
    q = _in(paths.collaboration, s.collaboration_ids)
    if paths.member is None:
        return q | _in(paths.collaboration, s.any_collaboration_ids)
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


def can_issue_run(user: Any, run: models.Model) -> bool:
    """Only a controller covering the whole collaboration issues an allocation run."""
    if not getattr(user, "is_active", False):
        return False
    keys = tenant_keys(run)
    return any(
        a.covers(keys, ScopeLevel.COLLABORATION) for a in assignments(user) if a.role == Role.CONTROLLER
    ) or bool(getattr(user, "is_superuser", False))


def can_view(user: Any, obj: models.Model) -> bool:
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


def can_manage(user: Any, obj: models.Model) -> bool:
    """Whether the user may create, change or delete ``obj`` (an unsaved one for create)."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    rule = MANAGE_RULES.get(obj._meta.label_lower)
    if rule is None:
        return False
    keys = tenant_keys(obj)
    return any(a.covers(keys, rule.level) for a in assignments(user) if a.role in rule.roles)


def can_create(user: Any, model: type[models.Model]) -> bool:
    """Whether the user may create some object of ``model`` (shows the "New" button)."""
    if getattr(user, "is_superuser", False):
        return True
    rule = MANAGE_RULES.get(model._meta.label_lower)
    if rule is None or model._meta.label_lower == "tenancy.collaboration":
        return False
    order = [ScopeLevel.COLLABORATION, ScopeLevel.MEMBER, ScopeLevel.DEPARTMENT]
    allowed = order[: order.index(rule.level) + 1]
    return any(a.role in rule.roles and a.level in allowed for a in assignments(user))


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


# Service desk -------------------------------------------------------------------------


def can_work_ticket(user: Any, ticket: models.Model) -> bool:
    """Desk staff covering the ticket may assign, change status, log time, add notes."""
    if getattr(user, "is_superuser", False):
        return True
    keys = tenant_keys(ticket)
    return any(a.covers(keys, ScopeLevel.COLLABORATION) for a in assignments(user) if a.role in DESK_STAFF)


def can_read_internal_notes(user: Any, obj: models.Model) -> bool:
    """Desk staff covering ``obj`` read its internal notes (of a disruption); no one else."""
    return can_work_ticket(user, obj)


def is_requester_of(user: Any, ticket: Any) -> bool:
    return bool(user.pk) and user.pk in (ticket.requester_id, ticket.created_by_id)


def can_raise_for(user: Any, requester: Any) -> bool:
    """Whether ``user`` may register a ticket with ``requester`` as the requester."""
    if requester.pk == user.pk:
        return requester.member_id is not None
    if requester.member_id is None:
        return False
    keys = TenantKeys(requester.collaboration_id, requester.member_id, requester.department_id)
    return getattr(user, "is_superuser", False) or any(
        a.covers(keys, ScopeLevel.COLLABORATION) for a in assignments(user) if a.role in DESK_STAFF
    )


# Agreements -----------------------------------------------------------------------------


def acts_for_member(user: Any, obj: models.Model, for_roles: frozenset[str]) -> bool:
    """Whether ``user`` holds one of ``for_roles`` for the member owning ``obj`` (member
    scope or wider): who signs a service agreement, gives notice, accepts a proposal."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_active", False):
        return False
    keys = tenant_keys(obj)
    return any(a.covers(keys, ScopeLevel.MEMBER) for a in assignments(user) if a.role in for_roles)
