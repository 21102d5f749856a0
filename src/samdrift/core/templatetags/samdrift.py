from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html

from samdrift.core import formatting
from samdrift.core.tables import Column, display, resolve

register = template.Library()


@register.simple_tag
def cell(obj: Any, column: Column) -> str:
    value = display(resolve(obj, column.accessor))
    url = obj.get_absolute_url() if column.link and hasattr(obj, "get_absolute_url") else None
    if url:
        return format_html('<a href="{}">{}</a>', url, value)
    return format_html("{}", value)


@register.simple_tag
def header(model: type[models.Model], column: Column) -> str:
    return column.header(model)


@register.filter
def show(value: Any) -> str:
    return display(value)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter(name="money")
def money(value: Any) -> str:
    """An amount in kronor: ``15 199 000,00 kr`` (see ``core/formatting.py``)."""
    return formatting.money(value)


@register.filter(name="number")
def number(value: Any, decimals: Any = None) -> str:
    """A number with grouped thousands: ``{{ value|number:1 }}``."""
    return formatting.number(value, None if decimals is None else int(decimals))


@register.filter(name="percent")
def percent(value: Any) -> str:
    """A percentage with at most one decimal: ``99,5 %``."""
    return formatting.percent(value)


@register.filter(name="day")
def day(value: Any) -> str:
    """A date in the locale's short format."""
    return formatting.day(value)


@register.filter(name="moment")
def moment(value: Any) -> str:
    """A time in Swedish time, in the locale's short format."""
    return formatting.moment(value)
