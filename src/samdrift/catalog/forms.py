from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Member

from .choices import Weekday
from .models import (
    SLA,
    BusinessCalendar,
    CalendarClosure,
    CalendarYear,
    Disruption,
    OrderField,
    Price,
    Service,
    Subscription,
)


class BusinessCalendarForm(VersionedForm):
    class Meta:
        model = BusinessCalendar
        fields = ["collaboration", "name", "description"]


class CalendarYearForm(VersionedForm):
    workdays = forms.MultipleChoiceField(
        label=_("Working days"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = CalendarYear
        fields = [
            "calendar",
            "member",
            "year",
            "opens",
            "closes",
            "shortened_closes",
            "workdays",
            "closed_on_holidays",
        ]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "shortened_closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            stored = self.instance.workdays if self.instance.pk else "12345"
            self.initial["workdays"] = list(self.initial.get("workdays") or stored)

    def clean_workdays(self) -> str:
        # Stored as ISO weekday digits, "12345" for Monday to Friday; the model refuses none.
        return "".join(sorted(self.cleaned_data.get("workdays") or []))


class CalendarClosureForm(VersionedForm):
    class Meta:
        model = CalendarClosure
        fields = ["calendar", "member", "starts", "ends", "reason"]
        widgets = {
            "starts": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }


class ServiceForm(VersionedForm):
    class Meta:
        model = Service
        fields = [
            "collaboration",
            "name",
            "level",
            "owner_unit",
            "state",
            "is_standard",
            "orderable",
            "description",
            "included",
            "excluded",
        ]


class SLAForm(VersionedForm):
    class Meta:
        model = SLA
        fields = [
            "service",
            "member",
            "calendar",
            "response_p1",
            "resolution_p1",
            "response_p2",
            "resolution_p2",
            "response_p3",
            "resolution_p3",
            "response_p4",
            "resolution_p4",
            "availability_target",
            "measurement_period",
            "penalty_terms",
        ]


class DisruptionForm(VersionedForm):
    class Meta:
        model = Disruption
        fields = [
            "service",
            "title",
            "kind",
            "impact",
            "starts",
            "ends",
            "affected_members",
            "public_text",
            "internal_notes",
        ]
        widgets = {
            "starts": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "affected_members": forms.CheckboxSelectMultiple,
        }


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PriceForm(VersionedForm):
    class Meta:
        model = Price
        fields = ["service", "level", "price_model", "unit_price", "valid_from", "valid_to", "note"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class SubscriptionForm(VersionedForm):
    class Meta:
        model = Subscription
        fields = ["member", "department", "service", "level", "quantity", "starts", "ends"]
        widgets = {"starts": DATE, "ends": DATE}


class PortfolioForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = members


class OrderFieldForm(VersionedForm):
    class Meta:
        model = OrderField
        fields = ["service", "position", "label", "kind", "choices", "required", "help_text"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 4})}
