"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.catalog.models import Service
from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Collaboration, Department, Member

from .choices import AgreementKind, PenaltyRunState, ProposalState, ServiceAgreementState
from .models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)


class CollaborationAgreementFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)

    class Meta:
        model = CollaborationAgreement
        fields = ["q", "collaboration", "kind"]


class NoticeFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    agreement = filters.ModelChoiceFilter(label=_("Agreement"), queryset=visible(CollaborationAgreement))

    class Meta:
        model = Notice
        fields = ["member", "agreement"]


class ServiceAgreementFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    department = filters.ModelChoiceFilter(label=_("Department"), queryset=visible(Department))
    year = filters.NumberFilter(label=_("Year"))
    state = filters.ChoiceFilter(label=_("State"), choices=ServiceAgreementState.choices)

    class Meta:
        model = ServiceAgreement
        fields = ["member", "department", "year", "state"]


class PenaltyTermFilterSet(ScopedFilterSet):
    agreement = filters.ModelChoiceFilter(label=_("Service agreement"), queryset=visible(ServiceAgreement))
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))

    class Meta:
        model = PenaltyTerm
        fields = ["agreement", "service"]


class CollaborationPenaltyTermFilterSet(ScopedFilterSet):
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    service = filters.ModelChoiceFilter(label=_("Service"), queryset=visible(Service))
    year = filters.NumberFilter(label=_("In force in year"), method="in_force")

    class Meta:
        model = CollaborationPenaltyTerm
        fields = ["collaboration", "service", "year"]

    def in_force(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        return queryset.filter(first_year__lte=value).filter(Q(last_year__isnull=True) | Q(last_year__gte=value))


class SubscriptionProposalFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    state = filters.ChoiceFilter(label=_("State"), choices=ProposalState.choices)

    class Meta:
        model = SubscriptionProposal
        fields = ["member", "state"]


class PenaltyRunFilterSet(ScopedFilterSet):
    year = filters.NumberFilter(label=_("Year"))
    month = filters.NumberFilter(label=_("Month"))
    state = filters.ChoiceFilter(label=_("State"), choices=PenaltyRunState.choices)

    class Meta:
        model = PenaltyRun
        fields = ["year", "month", "state"]


class PenaltyFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    year = filters.NumberFilter(label=_("Year"))
    month = filters.NumberFilter(label=_("Month"))

    class Meta:
        model = Penalty
        fields = ["member", "year", "month"]


class SupplierFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Supplier
        fields = ["q"]


class SupplierContractFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    supplier = filters.ModelChoiceFilter(label=_("Supplier"), queryset=visible(Supplier))
    procuring_member = filters.ModelChoiceFilter(label=_("Procured by member"), queryset=visible(Member))
    ends_before = filters.DateFilter(
        label=_("Ends on or before"), field_name="ends", lookup_expr="lte",
        widget=filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    class Meta:
        model = SupplierContract
        fields = ["q", "supplier", "procuring_member", "ends_before"]


class AgreementReviewFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = AgreementReview
        fields = ["member", "year"]
