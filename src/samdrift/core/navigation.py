"""The main navigation: each app adds its entries (from its ``access.py``), each shown
only to the roles that use it, grouped by task.

The groups are fixed here, in the order of a working day: the self-service portal first
(what a requester needs), then the desk, the catalogue, the money, follow-up, governance,
and the settings last. An entry names its group; one without a group lands in "More".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Any
    order: int


PORTAL = "portal"
DESK = "desk"
CATALOG = "catalog"
FINANCE = "finance"
FOLLOWUP = "followup"
GOVERNANCE = "governance"
SETTINGS = "settings"
MORE = "more"

GROUPS: dict[str, NavGroup] = {
    group.key: group
    for group in (
        NavGroup(PORTAL, _("Self-service"), 10),
        NavGroup(DESK, _("Service desk"), 20),
        NavGroup(CATALOG, _("Service catalogue"), 30),
        NavGroup(FINANCE, _("Finance and agreements"), 40),
        NavGroup(FOLLOWUP, _("Follow-up"), 50),
        NavGroup(GOVERNANCE, _("Governance"), 60),
        NavGroup(SETTINGS, _("Settings"), 90),
        NavGroup(MORE, _("More"), 95),
    )
}


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in
    order: int = 500  # place in the menu, lowest first
    group: str = MORE  # a key of GROUPS


ITEMS: list[NavItem] = []


def add(*items: NavItem) -> None:
    """Add entries to the menu (at start-up, from an app's ``access.py``)."""
    for item in items:
        if item.group not in GROUPS:
            raise ValueError(f"Unknown navigation group {item.group!r} for {item.url_name}")
    known = {item.url_name for item in ITEMS}
    ITEMS.extend(item for item in items if item.url_name not in known)
    ITEMS.sort(key=lambda item: item.order)
