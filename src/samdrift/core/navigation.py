"""The main navigation: each app adds its entries (from its ``access.py``), each shown
only to the roles that use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in
    order: int = 500  # place in the menu, lowest first


ITEMS: list[NavItem] = []


def add(*items: NavItem) -> None:
    """Add entries to the menu (at start-up, from an app's ``access.py``)."""
    known = {item.url_name for item in ITEMS}
    ITEMS.extend(item for item in items if item.url_name not in known)
    ITEMS.sort(key=lambda item: item.order)
