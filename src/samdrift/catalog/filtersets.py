from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, search, visible
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from .choices import DisruptionImpact, DisruptionKind, PriceModel, ServiceLevel, ServiceState
from .models import (
    SLA,
    BusinessCalendar,
    CalendarClosure,
    CalendarYear,
    Disruption,
    OrderField,
    Price,
    Service,
    Subscription,
)


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


class ServiceFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "description", "included"]))
    level = filters.ChoiceFilter(label=_("Service level"), choices=ServiceLevel.choices)
    state = filters.ChoiceFilter(label=_("State"), choices=ServiceState.choices)
    owner_unit = filters.ModelChoiceFilter(label=_("Owner unit"), queryset=visible(Unit))
    is_standard = filters.BooleanFilter(label=_("Part of the common base"))
    orderable = filters.BooleanFilter(label=_("Orderable in the portal"))

    class Meta:
        model = Service
        fields = ["q", "level", "state", "owner_unit", "is_standard", "orderable"]


class SLAFilterSet(ScopedFilterSet):
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))

    class Meta:
        model = SLA
        fields = ["service", "member"]


class DisruptionFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["title", "public_text"]))
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    member = filters.ModelChoiceFilter(label=_("Affected member"), queryset=visible(Member), method="affecting")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=DisruptionKind.choices)
    impact = filters.ChoiceFilter(label=_("Impact"), choices=DisruptionImpact.choices)
    starts_after = filters.DateFilter(label=_("Starts on or after"), field_name="starts", lookup_expr="date__gte")

    class Meta:
        model = Disruption
        fields = ["q", "service", "member", "kind", "impact", "starts_after"]

    def affecting(self, queryset: Any, name: str, value: Member | None) -> Any:
        return queryset.affecting(value) if value else queryset


class PriceFilterSet(ScopedFilterSet):
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    level = filters.CharFilter(label=_("Level"), lookup_expr="iexact")
    price_model = filters.ChoiceFilter(label=_("Price model"), choices=PriceModel.choices)
    in_effect_on = filters.DateFilter(label=_("In effect on"), method="in_effect")

    class Meta:
        model = Price
        fields = ["service", "level", "price_model", "in_effect_on"]

    def in_effect(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.filter(valid_from__lte=value).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value))


class SubscriptionFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    department = filters.ModelChoiceFilter(label=_("Department"), queryset=visible(Department))
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    running_on = filters.DateFilter(label=_("Running on"), method="running")

    class Meta:
        model = Subscription
        fields = ["member", "department", "service", "running_on"]

    def running(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.filter(starts__lte=value).filter(Q(ends__isnull=True) | Q(ends__gte=value))


class OrderFieldFilterSet(ScopedFilterSet):
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))

    class Meta:
        model = OrderField
        fields = ["service"]
