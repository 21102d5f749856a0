from django import forms

from samdrift.core.views import VersionedForm

from . import municipalities
from .models import Collaboration, Department, Member, Population, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CollaborationForm(VersionedForm):
    class Meta:
        model = Collaboration
        fields = ["name", "legal_form", "host_member", "start_date", "organisation_number", "description"]
        widgets = {"start_date": DATE}


class MemberForm(VersionedForm):
    scb_code = forms.ChoiceField(label=Member._meta.get_field("scb_code").verbose_name, choices=[])

    class Meta:
        model = Member
        fields = ["collaboration", "scb_code", "name", "joined_on", "left_on"]
        widgets = {"joined_on": DATE, "left_on": DATE}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scb_code"].choices = [("", "---------"), *municipalities.choices()]  # type: ignore[attr-defined]


class PopulationForm(VersionedForm):
    class Meta:
        model = Population
        fields = ["member", "year", "inhabitants", "employees", "reference_date", "source"]
        widgets = {"reference_date": DATE}


class DepartmentForm(VersionedForm):
    class Meta:
        model = Department
        fields = ["member", "name", "code", "is_active"]


class UnitForm(VersionedForm):
    class Meta:
        model = Unit
        fields = ["collaboration", "name", "code", "description", "email", "is_active"]
