from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Member

from . import assessment
from .choices import Criterion, StanceKind
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

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CooperationForm(VersionedForm):
    class Meta:
        model = Cooperation
        fields = ["collaboration", "name", "area", "kind", "legal_form", "host", "starts", "ends", "agreement", "body",
                  "annual_cost", "description"]  # fmt: skip
        widgets = {"starts": DATE, "ends": DATE}


class ParticipantForm(VersionedForm):
    class Meta:
        model = Participant
        fields = ["cooperation", "member", "representatives", "annual_cost", "joined_on"]
        widgets = {"joined_on": DATE}


class InitiativeForm(VersionedForm):
    """Raising a need asks for the need and its owner; the rest is filled in stage by stage."""

    class Meta:
        model = Initiative
        fields = ["title", "need", "need_owner", "area", "prestudy", "guiding_principles", "agreement",
                  "agreement_reference", "cooperation", "body", "coordinator", "lead_member", "lead_from",
                  "lead_until"]  # fmt: skip
        widgets = {"lead_from": DATE, "lead_until": DATE, "need": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for name in list(self.fields):
                if name not in ("title", "need", "need_owner", "area", "version"):
                    del self.fields[name]

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in super().changes().items() if name in self.fields}


class ParticipationForm(VersionedForm):
    class Meta:
        model = Participation
        fields = ["initiative", "member", "decision", "decision_reference", "decided_on", "representative"]
        widgets = {"decided_on": DATE}


class FollowUpForm(VersionedForm):
    class Meta:
        model = FollowUp
        fields = ["initiative", "year", "revisited", "priorities"]


class SolutionForm(VersionedForm):
    class Meta:
        model = Solution
        fields = ["name", "description", "owner", "contact_name", "contact_email", "procurement_reference",
                  "contract_ends"]  # fmt: skip
        widgets = {"contract_ends": DATE}


class StanceForm(VersionedForm):
    class Meta:
        model = Stance
        fields = ["solution", "member", "stance", "note"]


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = ["initiative", "manager", "starts", "ends", "budget", "budget_line", "benefits"]
        widgets = {"starts": DATE, "ends": DATE, "benefits": forms.CheckboxSelectMultiple}


class StatusReportForm(VersionedForm):
    class Meta:
        model = StatusReport
        fields = ["project", "year", "month", "status", "progress", "next_steps", "risks"]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ClassifierForm(forms.Form):
    """The classifier's six questions, each yes or no."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in assessment.QUESTIONS:
            self.fields[question.code] = forms.ChoiceField(
                label=str(question.text), choices=YES_NO, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, bool]:
        return {q.code: self.cleaned_data[q.code] == "yes" for q in assessment.QUESTIONS}


class KeyFactorForm(forms.Form):
    """A member's self-assessment: each key factor 1 (weak) to 5 (strong), or not rated."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [("", _("Not rated")), *[(str(i), str(i)) for i in assessment.SCALE]]
        for factor in assessment.KEY_FACTORS:
            self.fields[factor.code] = forms.ChoiceField(label=str(factor.text), choices=scale, required=False)

    def ratings(self) -> dict[str, Any]:
        return {f.code: self.cleaned_data.get(f.code) for f in assessment.KEY_FACTORS}


class CertifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"), choices=Criterion.choices, widget=forms.CheckboxSelectMultiple
    )
    certified_on = forms.DateField(label=_("Certified on"), widget=DATE)


class JoinForm(forms.Form):
    """A member's stance, or its request to join the procurement."""

    member: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    stance = forms.ChoiceField(label=_("Stance"), choices=StanceKind.choices, required=False)
    message = forms.CharField(label=_("Message to the owner"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
