"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, search, visible
from samdrift.tenancy.models import Member

from .choices import CooperationForm, CooperationKind, Decision, ReportStatus, Stage, StanceKind
from .models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)


class CooperationFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "area", "description"]))
    kind = filters.ChoiceFilter(label=_("Type"), choices=CooperationKind.choices)
    legal_form = filters.ChoiceFilter(label=_("Legal form"), choices=CooperationForm.choices)

    class Meta:
        model = Cooperation
        fields = ["q", "kind", "legal_form"]


class ParticipantFilterSet(ScopedFilterSet):
    cooperation = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Cooperation))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))

    class Meta:
        model = Participant
        fields = ["cooperation", "member"]


class InitiativeFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["title", "need", "area"]))
    stage = filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    need_owner = filters.ModelChoiceFilter(label=_("Need owner"), queryset=visible(Member))
    is_shared = filters.BooleanFilter(label=_("Shared"))

    class Meta:
        model = Initiative
        fields = ["q", "stage", "need_owner", "is_shared"]


class ParticipationFilterSet(ScopedFilterSet):
    initiative = filters.ModelChoiceFilter(label=_("Initiative"), queryset=visible(Initiative))
    decision = filters.ChoiceFilter(label=_("Decision"), choices=Decision.choices)

    class Meta:
        model = Participation
        fields = ["initiative", "decision"]


class FollowUpFilterSet(ScopedFilterSet):
    initiative = filters.ModelChoiceFilter(label=_("Initiative"), queryset=visible(Initiative))
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = FollowUp
        fields = ["initiative", "year"]


class SolutionFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["name", "description", "procurement_reference"]))
    certified = filters.BooleanFilter(label=_("Certified"), field_name="certified_on", lookup_expr="isnull",
                                      exclude=True)  # fmt: skip

    class Meta:
        model = Solution
        fields = ["q", "certified"]


class StanceFilterSet(ScopedFilterSet):
    solution = filters.ModelChoiceFilter(label=_("Solution"), queryset=visible(Solution))
    stance = filters.ChoiceFilter(label=_("Stance"), choices=StanceKind.choices)

    class Meta:
        model = Stance
        fields = ["solution", "stance"]


class ProjectFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method=search(["initiative__title", "manager"]))

    class Meta:
        model = Project
        fields = ["q"]


class StatusReportFilterSet(ScopedFilterSet):
    project = filters.ModelChoiceFilter(label=_("Project"), queryset=visible(Project))
    status = filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)

    class Meta:
        model = StatusReport
        fields = ["project", "status"]
