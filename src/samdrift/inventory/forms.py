from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.catalog.models import SLA, BusinessCalendar, Service
from samdrift.core.querysets import with_label_related
from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Member

from .actions import SLA_TARGETS
from .choices import ImportFormat
from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SystemForm(VersionedForm):
    class Meta:
        model = System
        fields = [
            "collaboration", "name", "area", "supplier", "description", "lifecycle", "shared", "members",
            "departments", "services", "in_use_since", "planned_retirement", "retired_on",
        ]  # fmt: skip
        widgets = {"in_use_since": DATE, "planned_retirement": DATE, "retired_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("members", "departments", "services"):
            field = self.fields[name]
            manager: Any = field.queryset.model._default_manager  # type: ignore[attr-defined]
            field.queryset = with_label_related(manager.visible_to(self.user))  # type: ignore[attr-defined]


class SystemInstanceForm(VersionedForm):
    class Meta:
        model = SystemInstance
        fields = ["system", "name", "member", "host_member", "version_label"]


class SystemRoleForm(VersionedForm):
    class Meta:
        model = SystemRole
        fields = ["system", "member", "role", "person", "email"]


class SystemSLAForm(VersionedForm):
    """A system SLA: the system (and member, for an override) and the targets, stored on a
    system-level catalogue SLA row."""

    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False,
        help_text=_("The catalogue service the system is delivered by. Empty: its first one."),
    )  # fmt: skip
    calendar = forms.ModelChoiceField(label=_("Support hours"), queryset=BusinessCalendar.objects.none())

    class Meta:
        model = SystemSLA
        fields = ["system", "member"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.visible_to(self.user)  # type: ignore[attr-defined]
        self.fields["calendar"].queryset = BusinessCalendar.objects.visible_to(self.user)  # type: ignore[attr-defined]
        for name in SLA_TARGETS[1:]:
            model_field: Any = SLA._meta.get_field(name)
            self.fields[name] = model_field.formfield()
        sla = self.instance.sla if self.instance.pk else None
        if sla is not None and not self.is_bound:
            for name in SLA_TARGETS:
                self.initial[name] = getattr(sla, f"{name}_id" if name == "calendar" else name)
        if self.instance.pk:
            del self.fields["service"]

    def changes(self) -> dict[str, Any]:
        values = super().changes()
        for name in (*SLA_TARGETS, "service"):
            if name in self.cleaned_data and (name != "service" or self.cleaned_data[name] is not None):
                values[name] = self.cleaned_data[name]
        return values


class AssetForm(VersionedForm):
    class Meta:
        model = Asset
        fields = [
            "collaboration", "member", "department", "kind", "asset_type", "model_name", "serial", "owner",
            "purchase_date", "price", "ownership", "end_of_life", "retired_on", "system",
        ]  # fmt: skip
        widgets = {"purchase_date": DATE, "end_of_life": DATE, "retired_on": DATE}


class LicenceForm(VersionedForm):
    class Meta:
        model = Licence
        fields = ["system", "name", "metric", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class LicenceTierForm(VersionedForm):
    class Meta:
        model = LicenceTier
        fields = ["licence", "from_quantity", "unit_price"]


class LicenceAssignmentForm(VersionedForm):
    class Meta:
        model = LicenceAssignment
        fields = ["licence", "member", "quantity"]


class ConsolidationAreaForm(VersionedForm):
    class Meta:
        model = ConsolidationArea
        fields = ["collaboration", "name", "target_system", "plan_starts", "plan_ends", "description"]
        widgets = {"plan_starts": DATE, "plan_ends": DATE}


class ConsolidationStepForm(VersionedForm):
    class Meta:
        model = ConsolidationStep
        fields = ["area", "member", "leaves_system", "planned_on", "done_on"]
        widgets = {"planned_on": DATE, "done_on": DATE}


class AssetImportForm(forms.Form):
    """Upload a file for preview; the preview's commit sends the same file again with ``commit``."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    fmt = forms.ChoiceField(label=_("File layout"), choices=ImportFormat.choices, initial=ImportFormat.SAMDRIFT)
    file = forms.FileField(label=_("File (CSV or XLSX)"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.visible_to(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not cleaned.get("content"):
            self.add_error("file", _("Choose a file."))
        return cleaned


ZERO = Decimal(0)
