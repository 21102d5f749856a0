"""Forms of follow-up: the statistics' period and breakdown (a GET form), goals."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Department, Member

from .choices import Dimension
from .models import Benefit, Goal
from .queries import MAX_MONTHS, months_between

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class MonthField(forms.DateField):
    """A month as ``YYYY-MM`` (``<input type="month">``), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=MONTH_FORMATS, **kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


def default_period(today: datetime.date | None = None) -> dict[str, str]:
    """The last twelve months up to and including this one."""
    today = today or timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    return {"start": f"{start:%Y-%m}", "end": f"{today:%Y-%m}", "dimension": Dimension.UNIT}


class StatisticsForm(forms.Form):
    """The statistics' period (whole months), breakdown and selection. The URL is the report."""

    start = MonthField(label=_("From month"))
    end = MonthField(label=_("To month"))
    dimension = forms.ChoiceField(label=_("Per"), choices=Dimension.choices, initial=Dimension.UNIT)
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samdrift.accounts import policy

        members = Member.objects.filter(policy.report_scope_q(user, Member)).order_by("name")
        member_field: Any = self.fields["member"]
        member_field.queryset = members
        department_field: Any = self.fields["department"]
        department_field.queryset = (
            Department.objects.filter(policy.report_scope_q(user, Department))
            .select_related("member")
            .order_by("member__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period must end on or after its first month."))
            elif len(months_between(start, end)) > MAX_MONTHS:
                self.add_error("end", _("Choose a period of at most five years."))
        return cleaned


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = [
            "collaboration",
            "member",
            "service",
            "year",
            "name",
            "measure",
            "direction",
            "target",
            "tolerance",
            "manual_actual",
            "description",
        ]


class BenefitForm(VersionedForm):
    class Meta:
        model = Benefit
        fields = [
            "collaboration",
            "member",
            "service",
            "title",
            "kind",
            "expected_value",
            "realised_value",
            "follow_up_on",
            "owner",
            "notes",
        ]


class DashboardForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samdrift.accounts import policy

        member_field: Any = self.fields["member"]
        member_field.queryset = Member.objects.filter(policy.report_scope_q(user, Member)).order_by("name")


class DeliveryReportForm(forms.Form):
    """The delivery report's period and the forecast whose follow-up table it shows."""

    start = MonthField(label=_("From month"))
    end = MonthField(label=_("To month"))
    forecast: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Forecast"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samdrift.finance.models import Forecast

        field: Any = self.fields["forecast"]
        field.queryset = (
            Forecast.objects.visible_to(user).select_related("collaboration").order_by("-year", "-as_of_month")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period must end on or after its first month."))
            elif len(months_between(start, end)) > 24:
                self.add_error("end", _("Choose a period of at most two years."))
        return cleaned
