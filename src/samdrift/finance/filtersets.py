from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, search, visible
from samdrift.tenancy.models import Collaboration, Member, Unit

from .choices import AccountGroup, Basis, ReportedKind, RunState
from .models import (
    AllocationModel,
    AllocationRule,
    AllocationRun,
    BudgetLine,
    ClosedPeriod,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    OutcomeLine,
    ReportedCount,
)


class _FigureLineFilterSet(ScopedFilterSet):
    year = filters.NumberFilter(label=_("Year"))
    month = filters.NumberFilter(label=_("Month"))
    unit = filters.ModelChoiceFilter(label=_("Unit"), queryset=visible(Unit))
    account_group = filters.ChoiceFilter(label=_("Account group"), choices=AccountGroup.choices)
    member = filters.ModelChoiceFilter(label=_("Specific to member"), queryset=visible(Member))
    common = filters.BooleanFilter(label=_("Common"), field_name="member", lookup_expr="isnull")
    q = filters.CharFilter(label=_("Search"), method=search(["text", "project", "activity"]))


class BudgetLineFilterSet(_FigureLineFilterSet):
    class Meta:
        model = BudgetLine
        fields = ["year", "month", "unit", "account_group", "member", "common", "q"]


class OutcomeLineFilterSet(_FigureLineFilterSet):
    class Meta:
        model = OutcomeLine
        fields = ["year", "month", "unit", "account_group", "member", "common", "q"]


class ForecastFilterSet(ScopedFilterSet):
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Forecast
        fields = ["collaboration", "year"]


class ForecastLineFilterSet(ScopedFilterSet):
    forecast = filters.ModelChoiceFilter(label=_("Forecast"), queryset=visible(Forecast))
    unit = filters.ModelChoiceFilter(label=_("Unit"), queryset=visible(Unit))
    account_group = filters.ChoiceFilter(label=_("Account group"), choices=AccountGroup.choices)

    class Meta:
        model = ForecastLine
        fields = ["forecast", "unit", "account_group"]


class InvestmentFilterSet(ScopedFilterSet):
    year = filters.NumberFilter(label=_("Year"))
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Investment
        fields = ["year", "member", "q"]


class InvestmentForecastFilterSet(ScopedFilterSet):
    forecast = filters.ModelChoiceFilter(label=_("Forecast"), queryset=visible(Forecast))

    class Meta:
        model = InvestmentForecast
        fields = ["forecast"]


class ReportedCountFilterSet(ScopedFilterSet):
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    year = filters.NumberFilter(label=_("Year"))
    kind = filters.ChoiceFilter(label=_("What"), choices=ReportedKind.choices)

    class Meta:
        model = ReportedCount
        fields = ["member", "year", "kind"]


class ClosedPeriodFilterSet(ScopedFilterSet):
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = ClosedPeriod
        fields = ["year"]


class AllocationModelFilterSet(ScopedFilterSet):
    year = filters.NumberFilter(label=_("Year"))
    q = filters.CharFilter(label=_("Search"), method=search(["name", "decision_text"]))

    class Meta:
        model = AllocationModel
        fields = ["year", "q"]


class AllocationRuleFilterSet(ScopedFilterSet):
    allocation_model = filters.ModelChoiceFilter(label=_("Allocation model"), queryset=visible(AllocationModel))

    class Meta:
        model = AllocationRule
        fields = ["allocation_model"]


class AllocationRunFilterSet(ScopedFilterSet):
    allocation_model = filters.ModelChoiceFilter(label=_("Allocation model"), queryset=visible(AllocationModel))
    basis = filters.ChoiceFilter(label=_("Figures"), choices=Basis.choices)
    state = filters.ChoiceFilter(label=_("State"), choices=RunState.choices)

    class Meta:
        model = AllocationRun
        fields = ["allocation_model", "basis", "state"]


class FinanceSettingsFilterSet(ScopedFilterSet):
    collaboration = filters.ModelChoiceFilter(label=_("Collaboration"), queryset=visible(Collaboration))

    class Meta:
        model = FinanceSettings
        fields = ["collaboration"]
