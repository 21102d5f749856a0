from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm

from .choices import Weekday
from .models import BusinessCalendar, CalendarClosure, CalendarYear


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
