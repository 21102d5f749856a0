"""One FilterSet per model of follow-up, shared by the list pages and the API."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Member

from .choices import BenefitKind, Measure, QuestionKind, SurveyKind, SurveyState
from .models import Benefit, Goal, Question, Survey


class GoalFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    year = filters.NumberFilter(label=_("Year"))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    measure = filters.ChoiceFilter(label=_("Measure"), choices=Measure.choices)

    class Meta:
        model = Goal
        fields = ["q", "year", "member", "measure"]


class BenefitFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=BenefitKind.choices)
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    follow_up_before = filters.DateFilter(label=_("Follow-up before"), field_name="follow_up_on", lookup_expr="lte")

    class Meta:
        model = Benefit
        fields = ["q", "kind", "member", "follow_up_before"]


class SurveyFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=SurveyKind.choices)
    state = filters.ChoiceFilter(label=_("State"), choices=SurveyState.choices)
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Survey
        fields = ["q", "kind", "state", "year"]


class QuestionFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="text", lookup_expr="icontains")
    survey = filters.ModelChoiceFilter(label=_("Survey"), queryset=visible(Survey))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=QuestionKind.choices)

    class Meta:
        model = Question
        fields = ["q", "survey", "kind"]
