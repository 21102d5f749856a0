from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.models import User
from samdrift.catalog.choices import DisruptionImpact, OrderFieldKind, ServiceState
from samdrift.catalog.models import OrderField, Service
from samdrift.core.querysets import with_label_related
from samdrift.core.views import EMPTY_CHOICE, VersionedForm, version_field
from samdrift.core.widgets import LookupField
from samdrift.inventory.choices import Lifecycle
from samdrift.inventory.models import System
from samdrift.tenancy.models import Member, Unit

from .access import requesters
from .choices import Impact, Status, Urgency, WorkType
from .filtersets import desk_staff
from .models import Category, DeskSettings, MajorIncident, ReplyTemplate, Ticket
from .slareport import reportable_members


class PageForm(forms.Form):
    """A form that shares the ticket page with others: its ids carry its own prefix."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (validated per desk in the action, before storing)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _scoped(field: forms.Field, user: Any) -> None:
    if isinstance(field, forms.ModelChoiceField):
        manager: Any = field.queryset.model._default_manager  # type: ignore[union-attr]
        field.queryset = with_label_related(manager.visible_to(user))


class PortalTicketForm(forms.Form):
    """What a requester fills in: plain questions instead of ITIL terms."""

    service = forms.ModelChoiceField(
        label=_("Which service?"), queryset=Service.objects.none(), required=False, empty_label=_("Don't know")
    )
    category = forms.ModelChoiceField(
        label=_("What is it about?"), queryset=Category.objects.none(), required=False, empty_label=_("Don't know")
    )
    system = forms.ModelChoiceField(
        label=_("Which system?"), queryset=System.objects.none(), required=False, empty_label=_("Don't know")
    )
    ticket_type = forms.ChoiceField(
        label=_("What do you need?"),
        choices=[
            ("incident", _("Something does not work")),
            ("request", _("I want to order or change something")),
            ("question", _("I have a question")),
        ],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Describe the problem or need"), widget=forms.Textarea(attrs={"rows": 6}))
    impact = forms.TypedChoiceField(
        label=_("Who is affected?"),
        coerce=int,
        initial=Impact.LOW,
        choices=[
            (Impact.LOW, _("Only me")),
            (Impact.MEDIUM, _("My workplace or group")),
            (Impact.HIGH, _("Many, or a whole service")),
        ],
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it?"),
        coerce=int,
        initial=Urgency.MEDIUM,
        choices=[
            (Urgency.LOW, _("It can wait")),
            (Urgency.MEDIUM, _("It hinders my work")),
            (Urgency.HIGH, _("I cannot work at all")),
        ],
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = with_label_related(  # type: ignore[attr-defined]
            Category.objects.visible_to(user).filter(is_active=True)
        )
        self.fields["service"].queryset = Service.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            state=ServiceState.ACTIVE
        )
        self.fields["system"].queryset = System.objects.visible_to(user).exclude(  # type: ignore[attr-defined]
            lifecycle=Lifecycle.RETIRED
        )


class AgentTicketForm(VersionedForm):
    """Register a ticket on someone's behalf, or edit one's fields (desk staff)."""

    attachments = MultipleFileField(label=_("Attachments"))
    # Tickets and people are many: typed and searched, never listed (core/widgets.py).
    requester = LookupField(
        User.objects.none(),
        lookup="requesters",
        label=_("Requester"),
        help_text=_("Type a name or username and choose from the list."),
    )
    assignee = LookupField(User.objects.none(), lookup="agents", label=_("Assignee"), required=False)
    parent = LookupField(
        Ticket.objects.none(),
        lookup="tickets",
        label=_("Parent ticket"),
        required=False,
        help_text=_("Type the ticket number or words from its subject."),
    )

    class Meta:
        model = Ticket
        fields = [
            "requester",
            "ticket_type",
            "service",
            "system",
            "category",
            "subject",
            "description",
            "impact",
            "urgency",
            "member",
            "department",
            "unit",
            "assignee",
            "major_incident",
            "parent",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_staff(self.user)  # type: ignore[attr-defined]
        self.fields["member"].required = False
        self.fields["member"].help_text = _("Taken from the requester unless you correct it.")
        self.fields["department"].help_text = _("Taken from the requester unless you correct it.")
        if self.instance.pk:
            del self.fields["requester"]
            del self.fields["attachments"]
            self.fields["member"].required = True
        else:
            self.fields["requester"].queryset = requesters(self.user).select_related(  # type: ignore[attr-defined]
                "member", "department"
            )
        self.fields["parent"].queryset = Ticket.objects.visible_to(self.user)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # Number, collaboration and priority are set by the action, so skip model validation here.
        pass


class ReplyForm(PageForm):
    id_prefix = "reply"

    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    is_internal = forms.BooleanField(label=_("Internal note (not shown to the requester)"), required=False)
    attachments = MultipleFileField(label=_("Attachments"))


class StatusForm(PageForm):
    id_prefix = "status"

    version = version_field()
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Message to the requester (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(PageForm):
    id_prefix = "assign"

    version = version_field()
    unit = forms.ModelChoiceField(label=_("Assignment group"), queryset=Unit.objects.none(), required=False)
    assignee = LookupField(User.objects.none(), lookup="agents", label=_("Assignee"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self.fields["unit"], user)
        self.fields["assignee"].queryset = desk_staff(user)  # type: ignore[attr-defined]


class TimeEntryForm(PageForm):
    id_prefix = "time"

    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    work_type = forms.ChoiceField(label=_("Work type"), choices=WorkType.choices)
    billable = forms.BooleanField(label=_("Billable to the member"), required=False)
    performed_on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReopenForm(PageForm):
    id_prefix = "reopen"

    reason = forms.CharField(label=_("Why is the problem not solved?"), widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(PageForm):
    id_prefix = "rating"

    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the resolution?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TakeForm(forms.Form):
    """ "Ta ärendet": the version the ticket was shown with, and where to go back to."""

    version = version_field()
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class MergeForm(PageForm):
    """Merge this ticket (a duplicate) into the one that stays."""

    id_prefix = "merge"

    number = forms.CharField(
        label=_("Number of the ticket to keep"),
        max_length=20,
        help_text=_("Replies, notes, files and time move there; this ticket is closed."),
    )
    version = version_field()


TICKET_NUMBERS_HELP = _("Ticket numbers, separated by spaces, commas or new lines.")


def ticket_numbers(text: str) -> list[str]:
    """The ticket numbers typed in a field, upper case, each once, in the order typed."""
    seen: dict[str, None] = {}
    for word in text.replace(",", " ").replace(";", " ").split():
        seen.setdefault(word.strip().upper(), None)
    return list(seen)


class DeclareIncidentForm(PageForm):
    """Declare this ticket a major incident: what Driftinformation says, and the related
    tickets to link at once."""

    id_prefix = "declare"

    title = forms.CharField(label=_("Title on Driftinformation"), max_length=200)
    service = forms.ModelChoiceField(label=_("Affected service"), queryset=Service.objects.none())
    impact = forms.ChoiceField(label=_("Impact"), choices=DisruptionImpact.choices, initial=DisruptionImpact.OUTAGE)
    affected_members = forms.ModelMultipleChoiceField(
        label=_("Affected members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when every member is affected."),
    )
    public_text = forms.CharField(
        label=_("Public information"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Shown on the public Driftinformation page."),
    )
    numbers = forms.CharField(
        label=_("Related tickets to link"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=TICKET_NUMBERS_HELP,
    )
    version = version_field()

    def __init__(self, *args: Any, ticket: Ticket, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            collaboration_id=ticket.collaboration_id
        )
        self.fields["affected_members"].queryset = Member.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            collaboration_id=ticket.collaboration_id
        )


class IncidentLinkForm(PageForm):
    id_prefix = "incident_link"

    numbers = forms.CharField(
        label=_("Tickets to link"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text=TICKET_NUMBERS_HELP,
    )


class IncidentUpdateForm(PageForm):
    id_prefix = "incident_update"

    body = forms.CharField(
        label=_("Update to all requesters"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    publish = forms.BooleanField(label=_("Also show this text on Driftinformation"), required=False, initial=True)


class IncidentResolveForm(PageForm):
    id_prefix = "incident_resolve"

    closing_message = forms.CharField(
        label=_("Closing message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("Every open linked ticket is resolved with this message, and the disruption ends now."),
    )
    version = version_field()


class LinkForm(PageForm):
    id_prefix = "link"

    number = forms.CharField(label=_("Related ticket number"), max_length=20)


class BulkForm(forms.Form):
    tickets = forms.ModelMultipleChoiceField(queryset=Ticket.objects.none())
    action = forms.ChoiceField(
        choices=[
            ("assign", _("Assign")),
            ("status", _("Change status")),
            ("classify", _("Change priority or category")),
            ("incident", _("Link to a major incident")),
        ]
    )
    incident = forms.ModelChoiceField(label=_("Major incident"), queryset=MajorIncident.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Assignment group"), queryset=Unit.objects.none(), required=False)
    assignee = LookupField(User.objects.none(), lookup="agents", label=_("Assignee"), required=False)
    status = forms.ChoiceField(label=_("New status"), choices=[("", "---------"), *Status.choices], required=False)
    impact = forms.TypedChoiceField(
        label=_("New impact"), choices=[("", _("Keep")), *Impact.choices], coerce=int, empty_value=None, required=False
    )
    urgency = forms.TypedChoiceField(
        label=_("New urgency"),
        choices=[("", _("Keep")), *Urgency.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The priority follows impact and urgency (the desk's priority matrix)."),
    )
    category = forms.ModelChoiceField(
        label=_("New category"), queryset=Category.objects.none(), required=False, empty_label=_("Keep")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tickets"].queryset = Ticket.objects.visible_to(user)  # type: ignore[attr-defined]
        _scoped(self.fields["unit"], user)
        self.fields["assignee"].queryset = desk_staff(user)  # type: ignore[attr-defined]
        self.fields["incident"].queryset = (  # type: ignore[attr-defined]
            MajorIncident.objects.visible_to(user).filter(resolved_at__isnull=True).select_related("ticket")
        )
        self.fields["category"].queryset = with_label_related(  # type: ignore[attr-defined]
            Category.objects.visible_to(user).filter(is_active=True)
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, max_length=1000, required=False)


class CategoryForm(VersionedForm):
    class Meta:
        model = Category
        fields = ["collaboration", "parent", "name", "default_unit", "is_active"]


class ReplyTemplateForm(VersionedForm):
    class Meta:
        model = ReplyTemplate
        fields = ["collaboration", "unit", "title", "body", "is_internal", "is_active"]


class DeskSettingsForm(VersionedForm):
    class Meta:
        model = DeskSettings
        fields = [
            "collaboration",
            "ticket_prefix",
            "default_unit",
            "reopen_days",
            "priority_matrix",
            "target_hours",
            "attachment_max_mb",
            "attachment_types",
            "require_assignee_to_resolve",
        ]


class SLAReportForm(forms.Form):
    """The SLA report's period and selection (a GET form: the URL is the report)."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), required=False)
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False)
    system = forms.ModelChoiceField(
        label=_("System"),
        queryset=System.objects.none(),
        required=False,
        help_text=_("Only tickets that name this system."),
    )

    MAX_DAYS = 3 * 366

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = reportable_members(user)
        member_field: Any = self.fields["member"]
        member_field.queryset = members
        service_field: Any = self.fields["service"]
        service_field.queryset = (
            Service.objects.filter(collaboration__members__in=members, slas__isnull=False).distinct().order_by("name")
        )
        system_field: Any = self.fields["system"]
        system_field.queryset = System.objects.visible_to(user).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period must end on or after its first day."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return cleaned


class OrderForm(forms.Form):
    """A service's order form in the portal, built from its questions (``OrderField``)."""

    def __init__(self, *args: Any, questions: list[OrderField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)
        self.fields["message"] = forms.CharField(
            label=_("Anything else we should know?"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    @staticmethod
    def _field(question: OrderField) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.label,
            "required": question.required,
            "help_text": question.help_text,
        }
        kind = question.kind
        if kind == OrderFieldKind.TEXTAREA:
            return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
        if kind == OrderFieldKind.NUMBER:
            return forms.DecimalField(max_digits=12, decimal_places=2, **common)
        if kind == OrderFieldKind.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if kind == OrderFieldKind.CHOICE:
            options = [(choice, choice) for choice in question.choice_list()]
            return forms.ChoiceField(choices=[("", EMPTY_CHOICE), *options], **common)
        if kind == OrderFieldKind.CHECKBOX:
            return forms.BooleanField(**common)
        return forms.CharField(max_length=500, **common)

    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) in the form's order; unanswered optional questions left out."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == OrderFieldKind.CHECKBOX:
                result.append((question.label, str(_("Yes") if value else _("No"))))
            elif value not in (None, ""):
                result.append((question.label, value.isoformat() if hasattr(value, "isoformat") else str(value)))
        return result
