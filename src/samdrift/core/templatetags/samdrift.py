from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html

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
