"""One FilterSet per model, shared by the list pages and the API."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, search, visible

from .choices import LegalForm
from .models import Collaboration, Department, Member, Population, Unit


class CollaborationFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "description"]))
    legal_form = filters.ChoiceFilter(label=_("Legal form"), choices=LegalForm.choices)

    class Meta:
        model = Collaboration
        fields = ["q", "legal_form"]


class MemberFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "scb_code"]))
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    active = filters.BooleanFilter(label=_("Current member"), field_name="left_on", lookup_expr="isnull")

    class Meta:
        model = Member
        fields = ["q", "collaboration", "active"]


class PopulationFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Population
        fields = ["member", "year"]


class DepartmentFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "code"]))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    is_active = filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Department
        fields = ["q", "member", "is_active"]


class UnitFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "code", "description"]))
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    is_active = filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "collaboration", "is_active"]
