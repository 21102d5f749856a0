from __future__ import annotations

from typing import Any

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.catalog.models import Service
from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Member

from . import search
from .choices import Visibility
from .models import Article


class ArticleFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="full_text")
    visibility = filters.ChoiceFilter(label=_("Visibility"), choices=Visibility.choices)
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    is_published = filters.BooleanFilter(label=_("Published"))

    class Meta:
        model = Article
        fields = ["q", "visibility", "member", "service", "is_published"]

    def full_text(self, queryset: Any, name: str, value: str) -> Any:
        return search.search(queryset, value) if value.strip() else queryset
