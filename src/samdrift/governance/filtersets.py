from __future__ import annotations

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.agreements.models import CollaborationAgreement, ServiceAgreement, SupplierContract
from samdrift.core.filtersets import ScopedFilterSet, search, visible
from samdrift.tenancy.models import Collaboration, Member

from .choices import (
    BodyKind,
    DecisionEffect,
    DocumentKind,
    ItemKind,
    MatterState,
    MeetingState,
    MembershipRole,
    MinutesState,
    Presence,
    SnapshotKind,
)
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

DATE = forms.DateInput(attrs={"type": "date"})


class CaseSeriesFilterSet(ScopedFilterSet):
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = CaseSeries
        fields = ["collaboration"]


class BodyFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "short_name", "description"]))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=BodyKind.choices)
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = Body
        fields = ["q", "kind", "collaboration"]


class MembershipFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Name"), field_name="person", lookup_expr="icontains")
    body = filters.ModelChoiceFilter(label=_("Body"), queryset=visible(Body))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    role = filters.ChoiceFilter(label=_("Role"), choices=MembershipRole.choices)

    class Meta:
        model = Membership
        fields = ["q", "body", "member", "role"]


class RecipientFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "email"]))
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = Recipient
        fields = ["q", "collaboration"]


class MatterFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["case_number", "title"]))
    year = filters.NumberFilter(label=_("Year"))
    state = filters.ChoiceFilter(label=_("State"), choices=MatterState.choices)
    body = filters.ModelChoiceFilter(label=_("Body"), queryset=visible(Body))
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    collaboration_agreement = filters.ModelChoiceFilter(
        label=_("Collaboration agreement"), queryset=visible(CollaborationAgreement)
    )
    service_agreement = filters.ModelChoiceFilter(label=_("Service agreement"), queryset=visible(ServiceAgreement))
    supplier_contract = filters.ModelChoiceFilter(label=_("Supplier contract"), queryset=visible(SupplierContract))

    class Meta:
        model = Matter
        fields = [
            "q", "year", "state", "body", "collaboration", "collaboration_agreement", "service_agreement",
            "supplier_contract",
        ]  # fmt: skip


class DocumentFilterSet(ScopedFilterSet):
    # Searches only what everyone may read: never the title or text of confidential ones.
    q = filters.CharFilter(label=_("Search"), method="search_public")
    matter = filters.ModelChoiceFilter(label=_("Matter"), queryset=visible(Matter))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)
    confidential = filters.BooleanFilter(label=_("Confidential"))
    since = filters.DateFilter(label=_("From date"), field_name="date", lookup_expr="gte", widget=DATE)

    class Meta:
        model = Document
        fields = ["q", "matter", "kind", "confidential", "since"]

    def search_public(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(
            Q(matter__case_number__icontains=value)
            | Q(counterpart__icontains=value)
            | (Q(confidential=False) & Q(title__icontains=value))
        )


class MeetingFilterSet(ScopedFilterSet):
    body = filters.ModelChoiceFilter(label=_("Body"), queryset=visible(Body))
    state = filters.ChoiceFilter(label=_("State"), choices=MeetingState.choices)
    since = filters.DateFilter(label=_("From date"), field_name="starts", lookup_expr="date__gte", widget=DATE)

    class Meta:
        model = Meeting
        fields = ["body", "state", "since"]


class AttendanceFilterSet(ScopedFilterSet):
    meeting = filters.ModelChoiceFilter(label=_("Meeting"), queryset=visible(Meeting))
    presence = filters.ChoiceFilter(label=_("Presence"), choices=Presence.choices)

    class Meta:
        model = Attendance
        fields = ["meeting", "presence"]


class AgendaItemFilterSet(ScopedFilterSet):
    meeting = filters.ModelChoiceFilter(label=_("Meeting"), queryset=visible(Meeting))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=ItemKind.choices)
    matter = filters.ModelChoiceFilter(label=_("Matter"), queryset=visible(Matter))

    class Meta:
        model = AgendaItem
        fields = ["meeting", "kind", "matter"]


class DecisionFilterSet(ScopedFilterSet):
    body = filters.ModelChoiceFilter(label=_("Body"), queryset=visible(Body))
    year = filters.NumberFilter(label=_("Year"))
    effect = filters.ChoiceFilter(label=_("Effect"), choices=DecisionEffect.choices)

    class Meta:
        model = Decision
        fields = ["body", "year", "effect"]


class MinutesFilterSet(ScopedFilterSet):
    state = filters.ChoiceFilter(label=_("State"), choices=MinutesState.choices)
    body = filters.ModelChoiceFilter(label=_("Body"), field_name="meeting__body", queryset=visible(Body))

    class Meta:
        model = Minutes
        fields = ["state", "body"]


class SignatureFilterSet(ScopedFilterSet):
    minutes = filters.ModelChoiceFilter(label=_("Minutes"), queryset=visible(Minutes))

    class Meta:
        model = Signature
        fields = ["minutes"]


class ReportSnapshotFilterSet(ScopedFilterSet):
    item = filters.ModelChoiceFilter(label=_("Agenda item"), queryset=visible(AgendaItem))
    meeting = filters.ModelChoiceFilter(label=_("Meeting"), field_name="item__meeting", queryset=visible(Meeting))
    kind = filters.ChoiceFilter(label=_("Report"), choices=SnapshotKind.choices)

    class Meta:
        model = ReportSnapshot
        fields = ["item", "meeting", "kind"]
