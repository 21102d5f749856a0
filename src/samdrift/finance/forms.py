from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Collaboration, Member, Unit

from .choices import Basis
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

LINE_FIELDS = [
    "collaboration",
    "year",
    "month",
    "unit",
    "account_group",
    "member",
    "activity",
    "project",
    "amount",
    "text",
]


class BudgetLineForm(VersionedForm):
    class Meta:
        model = BudgetLine
        fields = LINE_FIELDS


class OutcomeLineForm(VersionedForm):
    class Meta:
        model = OutcomeLine
        fields = [*LINE_FIELDS, "source"]


class ForecastForm(VersionedForm):
    class Meta:
        model = Forecast
        fields = ["collaboration", "year", "as_of_month", "name", "comment"]


class ForecastLineForm(VersionedForm):
    class Meta:
        model = ForecastLine
        fields = ["forecast", "unit", "account_group", "member", "amount", "comment"]


class InvestmentForm(VersionedForm):
    class Meta:
        model = Investment
        fields = ["collaboration", "year", "name", "member", "budget", "outcome"]


class InvestmentForecastForm(VersionedForm):
    class Meta:
        model = InvestmentForecast
        fields = ["forecast", "investment", "amount", "comment"]


class ReportedCountForm(VersionedForm):
    class Meta:
        model = ReportedCount
        fields = ["member", "year", "kind", "value"]


class FinanceSettingsForm(VersionedForm):
    class Meta:
        model = FinanceSettings
        fields = ["collaboration", "transparent_statements", "counts_from_inventory", "seller_counterparty"]


class ClosedPeriodForm(VersionedForm):
    class Meta:
        model = ClosedPeriod
        fields = ["collaboration", "year", "month"]


class AllocationModelForm(VersionedForm):
    class Meta:
        model = AllocationModel
        fields = ["collaboration", "year", "name", "decision_text", "description"]


class AllocationRuleForm(VersionedForm):
    class Meta:
        model = AllocationRule
        fields = [
            "allocation_model",
            "position",
            "label",
            "unit",
            "account_group",
            "key_parts",
            "base_fee",
            "via_services",
        ]


class PrepareRunForm(forms.Form):
    """What to allocate: a model, which figures, and for budget or outcome the months."""

    allocation_model = forms.ModelChoiceField(label=_("Allocation model"), queryset=AllocationModel.objects.none())
    basis = forms.ChoiceField(label=_("Figures"), choices=Basis.choices)
    forecast = forms.ModelChoiceField(label=_("Forecast"), queryset=Forecast.objects.none(), required=False)
    first_month = forms.IntegerField(label=_("From month"), min_value=1, max_value=12, initial=1)
    last_month = forms.IntegerField(label=_("To month"), min_value=1, max_value=12, initial=12)
    corrects = forms.ModelChoiceField(
        label=_("Corrects the issued run"), queryset=AllocationRun.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["allocation_model"].queryset = AllocationModel.objects.visible_to(user)
        fields["forecast"].queryset = Forecast.objects.visible_to(user)
        fields["corrects"].queryset = (
            AllocationRun.objects.visible_to(user).filter(state="issued").select_related("allocation_model")
        )


class FollowUpForm(forms.Form):
    forecast = forms.ModelChoiceField(label=_("Forecast"), queryset=Forecast.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["forecast"].queryset = Forecast.objects.visible_to(user).select_related("collaboration")
        fields["unit"].queryset = Unit.objects.visible_to(user)


class StatementForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = members


class ImportForm(forms.Form):
    """A file from the ledger or a spreadsheet: outcome as SIE 4, budget or outcome as CSV/XLSX."""

    KINDS = [
        ("outcome_sie", _("Outcome from the ledger (SIE 4)")),
        ("budget", _("Budget lines (CSV or XLSX)")),
        ("outcome", _("Outcome lines (CSV or XLSX)")),
    ]
    kind = forms.ChoiceField(label=_("What"), choices=KINDS)
    collaboration = forms.ModelChoiceField(label=_("Collaboration"), queryset=Collaboration.objects.none())
    year = forms.IntegerField(label=_("Year (SIE)"), min_value=2000, max_value=2100, required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, collaborations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["collaboration"]
        field.queryset = collaborations
        if len(collaborations) == 1:  # the usual case: preselect it
            self.initial.setdefault("collaboration", collaborations[0].pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == "outcome_sie" and not cleaned.get("year"):
            self.add_error("year", _("Give the year the SIE file's vouchers belong to."))
        return cleaned


class ScenarioForm(forms.Form):
    """A what-if on a run's inputs: a member leaves, a member joins, or a member cuts."""

    KINDS = [("leave", _("Members leave")), ("join", _("A member joins")), ("cut", _("A member cuts its contribution"))]
    run = forms.ModelChoiceField(label=_("Based on the run"), queryset=AllocationRun.objects.none())
    kind = forms.ChoiceField(label=_("Scenario"), choices=KINDS)
    members = forms.ModelMultipleChoiceField(
        label=_("Members (leaving, or cutting)"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cut = forms.DecimalField(label=_("Cut (SEK)"), max_digits=14, decimal_places=2, required=False)
    new_name = forms.CharField(label=_("Joining member"), max_length=100, required=False)
    new_population = forms.DecimalField(label=_("Its population"), required=False, min_value=0)
    new_employees = forms.DecimalField(label=_("Its employees"), required=False, min_value=0)
    new_devices = forms.DecimalField(label=_("Its devices"), required=False, min_value=0)
    new_accounts = forms.DecimalField(label=_("Its user accounts"), required=False, min_value=0)
    new_tickets = forms.DecimalField(label=_("Its tickets a year"), required=False, min_value=0)
    new_billable_hours = forms.DecimalField(label=_("Its billable hours a year"), required=False, min_value=0)
    fixed_1 = forms.DecimalField(label=_("Fixed share of income (%)"), min_value=0, max_value=100, initial=0)
    fixed_3 = forms.DecimalField(label=_("Fixed share of staff costs (%)"), min_value=0, max_value=100, initial=70)
    fixed_4 = forms.DecimalField(label=_("Fixed share of premises costs (%)"), min_value=0, max_value=100, initial=100)
    fixed_5 = forms.DecimalField(label=_("Fixed share of other costs (%)"), min_value=0, max_value=100, initial=40)
    fixed_6 = forms.DecimalField(label=_("Fixed share of capital costs (%)"), min_value=0, max_value=100, initial=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["run"].queryset = (
            AllocationRun.objects.visible_to(user).select_related("allocation_model").defer("output")
        )
        # Any member of a collaboration whose models the user reads: the exit problem is
        # about the others too.
        collaborations = AllocationModel.objects.visible_to(user).values("collaboration_id")
        fields["members"].queryset = Member.objects.filter(collaboration_id__in=collaborations).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, members = cleaned.get("kind"), list(cleaned.get("members") or [])
        if kind in ("leave", "cut") and not members:
            self.add_error("members", _("Choose the members."))
        if kind == "cut":
            if len(members) > 1:
                self.add_error("members", _("Choose one member to cut."))
            if not cleaned.get("cut"):
                self.add_error("cut", _("Give the amount the member cuts."))
        if kind == "join" and not cleaned.get("new_name"):
            self.add_error("new_name", _("Name the joining member."))
        return cleaned

    def fixed(self) -> dict[str, Any]:
        return {group: self.cleaned_data[f"fixed_{group}"] for group in ("1", "3", "4", "5", "6")}

    def new_key_values(self) -> dict[str, Any]:
        keys = ("population", "employees", "devices", "accounts", "tickets", "billable_hours")
        return {key: self.cleaned_data[f"new_{key}"] for key in keys if self.cleaned_data.get(f"new_{key}") is not None}
