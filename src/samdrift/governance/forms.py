from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.followup.forms import MonthField

from .choices import SnapshotKind
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseSeriesForm(VersionedForm):
    class Meta:
        model = CaseSeries
        fields = ["collaboration", "prefix", "pattern"]


class BodyForm(VersionedForm):
    class Meta:
        model = Body
        fields = ["collaboration", "name", "short_name", "kind", "seats", "description"]


class MembershipForm(VersionedForm):
    class Meta:
        model = Membership
        fields = ["body", "person", "party", "member", "role", "office", "starts", "ends", "email", "user"]
        widgets = {"starts": DATE, "ends": DATE}


class RecipientForm(VersionedForm):
    class Meta:
        model = Recipient
        fields = ["collaboration", "name", "email", "member"]


class MatterForm(VersionedForm):
    ticket_number = forms.CharField(
        label=_("Ticket number"), required=False, max_length=20, help_text=_("e.g. HV-2026-00042")
    )

    class Meta:
        model = Matter
        fields = [
            "collaboration", "registered_on", "title", "description", "state", "body", "service",
            "allocation_model", "forecast", "collaboration_agreement", "service_agreement", "supplier_contract",
        ]  # fmt: skip
        widgets = {"registered_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.ticket_id and not self.is_bound:
            self.initial["ticket_number"] = self.instance.ticket.number
        if self.instance.pk:
            for fixed in ("collaboration", "registered_on"):
                self.fields[fixed].disabled = True

    def clean_ticket_number(self) -> Any:
        from samdrift.servicedesk.models import Ticket

        number = self.cleaned_data.get("ticket_number", "").strip()
        if not number:
            return None
        ticket = Ticket.objects.visible_to(self.user).filter(number=number).first()
        if ticket is None:
            raise forms.ValidationError(_("No ticket you can see has this number."))
        return ticket

    def changes(self) -> dict[str, Any]:
        values = super().changes()
        values["ticket"] = self.cleaned_data.get("ticket_number")
        return values


class DocumentForm(VersionedForm):
    class Meta:
        model = Document
        fields = ["matter", "kind", "date", "counterpart", "title", "text", "file", "confidential", "osl_reference"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["matter"].disabled = True


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["body", "starts", "ends", "place", "remote_link", "state"]
        widgets = {"starts": DATETIME, "ends": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["body"].disabled = True


class AttendanceForm(VersionedForm):
    class Meta:
        model = Attendance
        fields = ["meeting", "membership", "presence", "serving_for"]


class AgendaItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = [
            "meeting", "position", "kind", "title", "matter", "presenter", "confidential", "osl_reference",
            "summary", "background", "financial_assessment", "consultation", "motivation", "basis", "proposal",
            "dispatch_to", "author", "attachment",
        ]  # fmt: skip
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("summary", "background", "proposal")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if self.instance.pk:
            self.fields["meeting"].disabled = True


class DecisionForm(VersionedForm):
    class Meta:
        model = Decision
        fields = [
            "item", "text", "reservations", "votes_for", "votes_against", "abstentions", "effect", "forecast",
            "allocation_model", "budget_year", "service", "collaboration_agreement",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for fixed in (
                "item", "effect", "forecast", "allocation_model", "budget_year", "service", "collaboration_agreement",
            ):  # fmt: skip
                self.fields[fixed].disabled = True


class MinutesForm(VersionedForm):
    class Meta:
        model = Minutes
        fields = ["meeting", "adjusters", "justering_place", "notes"]
        widgets = {"adjusters": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["meeting"].disabled = True
            self.fields["adjusters"].queryset = self.fields["adjusters"].queryset.filter(  # type: ignore[attr-defined]
                body_id=self.instance.meeting.body_id
            )


class DispatchForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"), queryset=Recipient.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["recipients"]
        field.queryset = Recipient.objects.visible_to(user).filter(collaboration_id=decision.body.collaboration_id)


class SnapshotForm(forms.Form):
    """Which report to freeze on an agenda item: a forecast's follow-up table, or the SLA
    or delivery report for a period of months."""

    kind = forms.ChoiceField(label=_("Report"), choices=SnapshotKind.choices)
    forecast: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Forecast"),
        queryset=Matter.objects.none(),
        required=False,
        help_text=_("For the follow-up table; in the delivery report, its economy part."),
    )
    start = MonthField(label=_("From month"), required=False, help_text=_("For the SLA and delivery reports."))
    end = MonthField(label=_("To month"), required=False)

    def __init__(self, *args: Any, user: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samdrift.finance.models import Forecast

        field: Any = self.fields["forecast"]
        field.queryset = (
            Forecast.objects.visible_to(user)
            .filter(collaboration_id=item.meeting.body.collaboration_id)
            .order_by("-year", "-as_of_month")
        )
