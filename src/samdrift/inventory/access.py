"""Access rules of the inventory.

A member's people see the member's own assets, the systems the member uses, and the
shared systems (``shared``, run by the shared organisation for every member); the
collaboration-wide roles see everything of their collaboration. Instances and licences
follow their system. Administrators keep the systems and the plan; a member's
administrator or orderer keeps the member's assets (and imports them); controllers keep
licences and their assignments.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)

ADMIN = frozenset({Role.ADMINISTRATOR})
ASSET_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.ORDERER})
LICENCE_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.CONTROLLER})

register(System, shared_when=Q(shared=True), reached_by=("members",), manage=ADMIN)
register(SystemInstance, shared_when=Q(system__shared=True), reached_by=("system__members",), manage=ADMIN)
register(SystemRole, manage=ASSET_KEEPERS, manage_level=ScopeLevel.MEMBER)
register(SystemSLA, manage=ADMIN)
register(Asset, manage=ASSET_KEEPERS, manage_level=ScopeLevel.MEMBER)
register(Licence, shared_when=Q(system__shared=True), reached_by=("system__members",), manage=LICENCE_KEEPERS)
register(
    LicenceTier,
    shared_when=Q(licence__system__shared=True),
    reached_by=("licence__system__members",),
    manage=LICENCE_KEEPERS,
)
register(LicenceAssignment, manage=LICENCE_KEEPERS)
register(ConsolidationArea, manage=ADMIN)
register(ConsolidationStep, manage=ADMIN)


def can_import_assets(user: Any, member: Any) -> bool:
    """A member's administrator or orderer (or a collaboration-wide one) imports its assets."""
    return holds_role_over(
        user, Asset(collaboration_id=member.collaboration_id, member=member), ASSET_KEEPERS, ScopeLevel.MEMBER
    )


# Requesters see the portal, not the inventory (the pages stay scoped for everyone).
NAV_READERS = frozenset(Role.values) - {Role.REQUESTER}
navigation.add(
    NavItem(_("Systems"), "inventory:system_list", NAV_READERS, order=73, group=navigation.CATALOG),
    NavItem(_("Assets"), "inventory:asset_list", NAV_READERS, order=74, group=navigation.CATALOG),
    NavItem(_("Licences"), "inventory:licence_list", NAV_READERS, order=75, group=navigation.CATALOG),
    NavItem(_("Consolidation"), "inventory:consolidation", NAV_READERS, order=76, group=navigation.CATALOG),
    NavItem(_("Import assets"), "inventory:asset_import", ASSET_KEEPERS, order=77, group=navigation.CATALOG),
)
