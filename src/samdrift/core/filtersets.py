"""Base FilterSet: choice filters offer only what the user may see."""

from typing import Any

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEntry


class ScopedFilterSet(filters.FilterSet):
    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            queryset = f.extra.get("queryset")
            manager = getattr(getattr(queryset, "model", None), "_default_manager", None)
            if user is not None and hasattr(manager, "visible_to"):
                f.extra["queryset"] = manager.visible_to(user)  # type: ignore[union-attr]
            if isinstance(f, filters.BooleanFilter):
                f.extra.setdefault("widget", forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]))


class AuditEntryFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Object"), field_name="object_repr", lookup_expr="icontains")
    action = filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    actor = filters.CharFilter(label=_("Changed by"), field_name="actor_repr", lookup_expr="icontains")
    since = filters.DateFilter(
        label=_("From date"), field_name="timestamp", lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "actor", "since"]
