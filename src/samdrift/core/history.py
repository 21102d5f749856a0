"""Audit rows as people read them: field labels instead of column names, choice labels
instead of stored values, local times in the UI's date format, names instead of ids, and
one name for the person who made the change (their full name, as everywhere else).

The audit log keeps the raw values (``AuditEntry.before``/``after``); this module only
formats them for a page. Related objects are looked up in one query per model and page,
through ``visible_to`` where the model has it, so a name the reader may not see is shown
as its id.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditEntry

# Columns that are bookkeeping, not something a reader changed.
ALWAYS_HIDDEN = frozenset({"version", "search_vector"})
DATETIME_FORMAT = "Y-m-d H:i"
DATE_FORMAT = "Y-m-d"
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    field: str  # the column name, for tests and filters
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    actor: str
    changes: tuple[Change, ...]

    @property
    def timestamp(self) -> datetime.datetime:
        return self.entry.timestamp

    @property
    def local_time(self) -> str:
        return date_format(timezone.localtime(self.entry.timestamp), DATETIME_FORMAT)

    def get_action_display(self) -> str:
        return str(self.entry.get_action_display())

    @property
    def content_type(self) -> Any:
        return self.entry.content_type

    @property
    def object_repr(self) -> str:
        return self.entry.object_repr


def actor_name(entry: AuditEntry) -> str:
    """The full name of whoever made the change (their username if they have no name)."""
    if entry.actor_id is not None:
        actor = entry.actor
        if actor is not None:
            return str(actor)
    return _("System") if entry.actor_repr in ("", "system") else entry.actor_repr


def _fields(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    found: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        found[field.attname] = field
        found[field.name] = field
    for field in model._meta.many_to_many:
        found[field.name] = field
    return found


def _hidden(model: type[models.Model] | None) -> frozenset[str]:
    return ALWAYS_HIDDEN | frozenset(getattr(model, "history_hidden", ()))


class _Names:
    """Related objects' names, fetched once per model for all the entries on a page."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if item not in (None, ""):
                self.wanted[model].add(item)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            manager: Any = model._default_manager
            queryset = manager.visible_to(self.user) if hasattr(manager, "visible_to") else manager.all()
            for obj in queryset.filter(pk__in=list(ids)):
                self.names[(model, str(obj.pk))] = str(obj)

    def name(self, model: type[models.Model], value: Any) -> str:
        return self.names.get((model, str(value)), f"#{value}")


def format_value(field: Any, value: Any, names: _Names) -> str:
    """One stored audit value as a reader sees it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field is None:
        return str(value)
    related = getattr(field, "related_model", None)
    if related is not None and (field.many_to_one or field.one_to_one or field.many_to_many):
        if isinstance(value, list):
            return ", ".join(names.name(related, v) for v in value)
        return names.name(related, value)
    if field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value)) if isinstance(value, str) else value
        if isinstance(parsed, datetime.datetime):
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, datetime.UTC)
            return date_format(timezone.localtime(parsed), DATETIME_FORMAT)
    if isinstance(field, models.DateField):
        parsed_date = parse_date(str(value)) if isinstance(value, str) else value
        if isinstance(parsed_date, datetime.date):
            return date_format(parsed_date, DATE_FORMAT)
    if isinstance(field, models.DecimalField):
        try:
            return str(localize(Decimal(str(value))))
        except InvalidOperation:
            return str(value)
    if isinstance(value, int | float):
        return str(localize(value))
    return str(value)


def field_label(field: Any, name: str) -> str:
    return capfirst(str(field.verbose_name)) if field is not None else name


def readable_entries(entries: Iterable[AuditEntry], user: Any) -> list[ReadableEntry]:
    """The entries of one page, each with its actor's name and its changes formatted.

    Pass entries fetched with ``select_related("actor", "content_type")``.
    """
    rows = list(entries)
    names = _Names(user)
    parsed: list[tuple[AuditEntry, dict[str, Any], list[tuple[str, Any, Any]]]] = []
    for entry in rows:
        model = entry.content_type.model_class() if entry.content_type_id else None
        fields = _fields(model)
        hidden = _hidden(model)
        changes = [c for c in entry.changes() if c[0] not in hidden]
        for name, before, after in changes:
            field = fields.get(name)
            related = getattr(field, "related_model", None)
            if related is not None:
                names.want(related, before)
                names.want(related, after)
        parsed.append((entry, fields, changes))
    names.load()
    return [
        ReadableEntry(
            entry=entry,
            actor=actor_name(entry),
            changes=tuple(
                Change(
                    field=name,
                    label=field_label(fields.get(name), name),
                    before=format_value(fields.get(name), before, names),
                    after=format_value(fields.get(name), after, names),
                )
                for name, before, after in changes
            ),
        )
        for entry, fields, changes in parsed
    ]
