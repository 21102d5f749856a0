"""Forms of follow-up: the statistics' period and breakdown (a GET form), goals."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Department, Member

from .choices import Dimension, QuestionKind
from .models import Benefit, Goal, Question, Survey
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


class SurveyForm(VersionedForm):
    class Meta:
        model = Survey
        fields = ["collaboration", "kind", "title", "intro", "year", "closes_on", "remind_after_days"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class QuestionForm(VersionedForm):
    """A question; the options of a choice question are entered one per line."""

    options = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for a choice question: one option per line."),
    )  # fmt: skip

    class Meta:
        model = Question
        fields = ["survey", "position", "kind", "text", "options", "required", "factor"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(self.instance.options or [])

    def clean_options(self) -> list[str]:
        raw = self.cleaned_data.get("options") or ""
        return [line.strip() for line in str(raw).splitlines() if line.strip()]


class RecipientsForm(forms.Form):
    """Whom to ask for one member (or one of its departments): the people holding the chosen
    roles there, and addresses entered by hand (one per line)."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    roles = forms.MultipleChoiceField(
        label=_("People with the role"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    addresses = forms.CharField(
        label=_("Other addresses"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One e-mail address per line; they answer for the chosen member."),
    )  # fmt: skip

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samdrift.accounts.choices import Role

        member_field: Any = self.fields["member"]
        member_field.queryset = Member.objects.filter(collaboration_id=survey.collaboration_id).order_by("name")
        department_field: Any = self.fields["department"]
        department_field.queryset = (
            Department.objects.filter(member__collaboration_id=survey.collaboration_id)
            .select_related("member")
            .order_by("member__name", "name")
        )
        roles: Any = self.fields["roles"]
        roles.choices = [(r.value, r.label) for r in Role if r != Role.AGENT]

    def clean_addresses(self) -> list[str]:
        raw = self.cleaned_data.get("addresses") or ""
        return [line.strip() for line in str(raw).replace(",", "\n").splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        member, department = cleaned.get("member"), cleaned.get("department")
        if member and department and department.member_id != member.pk:
            self.add_error("department", _("The department does not belong to the member."))
        if not cleaned.get("roles") and not cleaned.get("addresses") and not self.errors:
            raise forms.ValidationError(_("Choose at least one role or enter an address."))
        return cleaned


class HealthSurveyForm(forms.Form):
    """The yearly collaboration-health survey: for which collaboration and year, until when."""

    collaboration = forms.ModelChoiceField(label=_("Collaboration"), queryset=Member.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, collaborations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["collaboration"]
        field.queryset = collaborations


class AnswerForm(forms.Form):
    """The questions of a survey as a form: a scale (radio buttons 1–5), a choice (radio
    buttons) or text. Nothing else about the survey or the recipient is in it."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text, required=q.required, coerce=int, widget=forms.RadioSelect,
                    choices=[(i, str(i)) for i in range(1, 6)],
                )  # fmt: skip
            elif q.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=q.text, required=q.required, widget=forms.RadioSelect, choices=[(o, o) for o in q.options]
                )
            else:
                self.fields[name] = forms.CharField(
                    label=q.text, required=q.required, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
