"""Base FilterSet: choice filters offer only what the user may see."""

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEntry
from .querysets import with_label_related


def visible(model: type[models.Model]) -> Callable[[Any], QuerySet[Any]]:
    """A ``queryset=`` for choice filters: only objects the requesting user may see."""

    def queryset(request: Any) -> QuerySet[Any]:
        user = getattr(request, "user", None)
        manager: Any = model._default_manager
        if user is None:
            return manager.none()
        return with_label_related(manager.visible_to(user))

    return queryset


class ScopedFilterSet(filters.FilterSet):
    """Base FilterSet: yes/no filters render as a labelled select with "All"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            if isinstance(f, filters.BooleanFilter):
                f.extra.setdefault(
                    "widget", forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
                )


class AuditEntryFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Object"), field_name="object_repr", lookup_expr="icontains")
    action = filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    actor = filters.CharFilter(label=_("Changed by"), field_name="actor_repr", lookup_expr="icontains")
    since = filters.DateFilter(
        label=_("From date"),
        field_name="timestamp",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "actor", "since"]


def search(fields: list[str]) -> Any:
    """A filter method matching ``value`` anywhere in any of ``fields`` (case-insensitive)."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return method
