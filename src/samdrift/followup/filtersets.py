"""One FilterSet per model of follow-up, shared by the list pages and the API."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Member

from .choices import Measure
from .models import Goal


class GoalFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    year = filters.NumberFilter(label=_("Year"))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    measure = filters.ChoiceFilter(label=_("Measure"), choices=Measure.choices)

    class Meta:
        model = Goal
        fields = ["q", "year", "member", "measure"]
