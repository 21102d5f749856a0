"""Related tables that an app higher in the layering adds to a lower app's object page.

A lower app cannot import a higher one, yet its pages sometimes should show what the
higher app links to them (a system in the inventory, and the supplier contracts of
agreements that cover it). The higher app adds a builder here from its
``AppConfig.ready()``; ``core.views.ObjectDetailView`` appends what the builders return,
after the page's own tables. A builder gets the object and the user and returns a
``RelatedTable``, or ``None`` when the user has nothing to see there; it reads through
``visible_to`` like any page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .views import RelatedTable

Builder = Callable[[Any, Any], "RelatedTable | None"]

_BUILDERS: dict[type[models.Model], list[Builder]] = defaultdict(list)


def add(model: type[models.Model], builder: Builder) -> None:
    """Show ``builder``'s table on the page of each ``model`` object (idempotent)."""
    if builder not in _BUILDERS[model]:
        _BUILDERS[model].append(builder)


def tables_for(obj: models.Model, user: Any) -> list[RelatedTable]:
    return [table for builder in _BUILDERS.get(type(obj), []) if (table := builder(obj, user)) is not None]
