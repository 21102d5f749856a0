from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Collaboration, Member

from .models import BusinessCalendar, CalendarClosure, CalendarYear


class BusinessCalendarFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = BusinessCalendar
        fields = ["q", "collaboration"]


class CalendarYearFilterSet(ScopedFilterSet):
    calendar = filters.ModelChoiceFilter(label=_("Calendar"), queryset=visible(BusinessCalendar))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    year = filters.NumberFilter(label=_("From year"))

    class Meta:
        model = CalendarYear
        fields = ["calendar", "member", "year"]


class CalendarClosureFilterSet(ScopedFilterSet):
    calendar = filters.ModelChoiceFilter(label=_("Calendar"), queryset=visible(BusinessCalendar))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    starts_after = filters.DateFilter(label=_("Starts on or after"), field_name="starts", lookup_expr="date__gte")

    class Meta:
        model = CalendarClosure
        fields = ["calendar", "member", "starts_after"]
