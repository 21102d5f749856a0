"""Declarative columns and detail rows for the generic object views."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.text import capfirst

from . import formatting


def resolve(obj: Any, accessor: str) -> Any:
    """Walk ``a.b.c`` on ``obj``; uses ``get_<field>_display`` for fields with choices."""
    value = obj
    parts = accessor.split(".")
    for i, part in enumerate(parts):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        if i == len(parts) - 1 and callable(display):
            return display()
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Decimal):
        return formatting.number(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return formatting.moment(value)
    return str(localize(value))


def field_label(model: type[models.Model], accessor: str) -> str:
    """The verbose name of the (possibly dotted) field, capitalised."""
    current: Any = model
    field = None
    for part in accessor.split("."):
        field = current._meta.get_field(part)
        current = getattr(field, "related_model", None) or current
    return capfirst(str(field.verbose_name)) if field is not None else accessor


@dataclass(frozen=True)
class Column:
    accessor: str
    label: str | Promise = ""
    link: bool = False

    def header(self, model: type[models.Model]) -> str:
        return str(self.label) if self.label else field_label(model, self.accessor)
