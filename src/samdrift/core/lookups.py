"""Search-as-you-type for fields that choose among many objects (tickets, users).

A form field that could have thousands of choices never renders them: it is a
:class:`LookupField` whose widget is an accessible combobox (``core/widgets.py``), and
the browser asks ``core:lookup`` for the few objects that match what was typed. Apps
register their lookups (``register(Lookup(...))`` in their ``access.py``), so core names
no app's models. Every lookup starts from ``visible_to(user)``: what a user may not
see is neither offered nor accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

LIMIT = 20


@dataclass(frozen=True)
class Lookup:
    """One searchable set: ``search(user, text)`` answers a scoped queryset; ``key`` is
    the text that identifies one object in a form post (a ticket number, a username)
    and ``label`` what the list shows."""

    name: str
    model: type[models.Model]
    key_field: str
    search: Callable[[Any, str], models.QuerySet[Any]]
    label: Callable[[Any], str] = str
    normalise: Callable[[str], str] = str.strip
    # Also take a bare primary key (for people, whose key may be typed as an id by
    # scripts and tests); never for tickets, where "123" means the number's end.
    accepts_pk: bool = False

    def key(self, obj: Any) -> str:
        return str(getattr(obj, self.key_field))


_registry: dict[str, Lookup] = {}


def register(lookup: Lookup) -> None:
    _registry[lookup.name] = lookup


def get(name: str) -> Lookup | None:
    return _registry.get(name)


def results(lookup: Lookup, user: Any, text: str, *, restrict: models.QuerySet[Any] | None = None) -> list[Any]:
    """At most :data:`LIMIT` matches for ``text`` (nothing for an empty text)."""
    text = text.strip()
    if not text:
        return []
    queryset = lookup.search(user, text)
    if restrict is not None:
        queryset = queryset.filter(pk__in=restrict.values("pk"))
    return list(queryset[:LIMIT])
