from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, search, visible
from samdrift.tenancy.models import Collaboration, Department, Member

from .choices import AssetKind, LicenceMetric, Lifecycle, Ownership, SystemRoleKind
from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)


class SystemFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "supplier", "area", "description"]))
    area = filters.CharFilter(label=_("Area"), lookup_expr="iexact")
    lifecycle = filters.ChoiceFilter(label=_("Lifecycle"), choices=Lifecycle.choices)
    member = filters.ModelChoiceFilter(label=_("Used by member"), queryset=visible(Member), field_name="members")
    shared = filters.BooleanFilter(label=_("Shared system"))

    class Meta:
        model = System
        fields = ["q", "area", "lifecycle", "member", "shared"]


class SystemInstanceFilterSet(ScopedFilterSet):
    system = filters.ModelChoiceFilter(label=_("System"), queryset=visible(System))
    host_member = filters.ModelChoiceFilter(label=_("Hosted by member"), queryset=visible(Member))

    class Meta:
        model = SystemInstance
        fields = ["system", "host_member"]


class SystemRoleFilterSet(ScopedFilterSet):
    system = filters.ModelChoiceFilter(label=_("System"), queryset=visible(System))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    role = filters.ChoiceFilter(label=_("Role"), choices=SystemRoleKind.choices)

    class Meta:
        model = SystemRole
        fields = ["system", "member", "role"]


class SystemSLAFilterSet(ScopedFilterSet):
    system = filters.ModelChoiceFilter(label=_("System"), queryset=visible(System))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))

    class Meta:
        model = SystemSLA
        fields = ["system", "member"]


class AssetFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["serial", "asset_type", "model_name", "owner"]))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=AssetKind.choices)
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    department = filters.ModelChoiceFilter(label=_("Department"), queryset=visible(Department))
    ownership = filters.ChoiceFilter(label=_("Lease or owned"), choices=Ownership.choices)
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = Asset
        fields = ["q", "kind", "member", "department", "ownership", "collaboration"]


class LicenceFilterSet(ScopedFilterSet):
    system = filters.ModelChoiceFilter(label=_("System"), queryset=visible(System))
    metric = filters.ChoiceFilter(label=_("Metric"), choices=LicenceMetric.choices)

    class Meta:
        model = Licence
        fields = ["system", "metric"]


class LicenceTierFilterSet(ScopedFilterSet):
    licence = filters.ModelChoiceFilter(label=_("Licence"), queryset=visible(Licence))

    class Meta:
        model = LicenceTier
        fields = ["licence"]


class LicenceAssignmentFilterSet(ScopedFilterSet):
    licence = filters.ModelChoiceFilter(label=_("Licence"), queryset=visible(Licence))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))

    class Meta:
        model = LicenceAssignment
        fields = ["licence", "member"]


class ConsolidationAreaFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = ConsolidationArea
        fields = ["q"]


class ConsolidationStepFilterSet(ScopedFilterSet):
    area = filters.ModelChoiceFilter(label=_("Consolidation area"), queryset=visible(ConsolidationArea))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))

    class Meta:
        model = ConsolidationStep
        fields = ["area", "member"]
