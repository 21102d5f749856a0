from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Collaboration, Member

from .models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    PenaltyTerm,
    ServiceAgreement,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CollaborationAgreementForm(VersionedForm):
    class Meta:
        model = CollaborationAgreement
        fields = [
            "collaboration", "kind", "title", "legal_form", "parties", "valid_from", "valid_to", "term_years",
            "notice_months", "exit_at_year_end", "exit_fixed_cost_years", "exit_fixed_cost_percent",
            "exit_investment_percent", "depreciation_years", "exit_terms", "cost_sharing", "allocation_model",
            "decision_reference",
        ]  # fmt: skip
        widgets = {"valid_from": DATE, "valid_to": DATE, "parties": forms.CheckboxSelectMultiple}


class ServiceAgreementForm(VersionedForm):
    """Drafting asks for whom and which year; a draft's notes can be edited."""

    class Meta:
        model = ServiceAgreement
        fields = ["member", "department", "year", "notes"]


class PenaltyTermForm(VersionedForm):
    class Meta:
        model = PenaltyTerm
        fields = ["agreement", "service", "percent_per_point", "amount_per_p1_breach", "cap"]


class CollaborationPenaltyTermForm(VersionedForm):
    class Meta:
        model = CollaborationPenaltyTerm
        fields = [
            "collaboration", "service", "first_year", "last_year", "percent_per_point", "amount_per_p1_breach", "cap",
        ]  # fmt: skip


class SubscriptionProposalForm(VersionedForm):
    class Meta:
        model = SubscriptionProposal
        fields = ["level", "quantity", "starts"]
        widgets = {"starts": DATE}


class SupplierForm(VersionedForm):
    class Meta:
        model = Supplier
        fields = ["collaboration", "name", "org_number"]


class SupplierContractForm(VersionedForm):
    class Meta:
        model = SupplierContract
        fields = [
            "supplier", "title", "services", "systems", "inventory_systems", "starts", "ends", "extension_options", "notice_date",
            "value_per_year", "procuring_member", "owner",
        ]  # fmt: skip
        widgets = {"starts": DATE, "ends": DATE, "notice_date": DATE, "services": forms.CheckboxSelectMultiple}


class AgreementReviewForm(VersionedForm):
    class Meta:
        model = AgreementReview
        fields = ["member", "year", "held_on", "satisfaction", "summary", "agreed_changes"]
        widgets = {"held_on": DATE}


class NoticeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    notice_date = forms.DateField(label=_("Notice given on"), widget=DATE)

    def __init__(self, *args: Any, user: Any, agreement: CollaborationAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.queryset = Member.objects.visible_to(user).filter(pk__in=agreement.parties.values("pk"))
        self.fields["notice_date"].initial = timezone.localdate()


class PenaltyRunForm(forms.Form):
    collaboration = forms.ModelChoiceField(label=_("Collaboration"), queryset=Collaboration.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    member = forms.ModelChoiceField(
        label=_("Only member"), queryset=Member.objects.none(), required=False, help_text=_("Empty: every member.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        collaboration: Any = self.fields["collaboration"]
        member: Any = self.fields["member"]
        collaboration.queryset = Collaboration.objects.visible_to(user)
        member.queryset = Member.objects.visible_to(user)
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        self.fields["year"].initial = last_month.year
        self.fields["month"].initial = last_month.month
        if collaboration.queryset.count() == 1:
            collaboration.initial = collaboration.queryset.first()


class HorizonForm(forms.Form):
    months = forms.IntegerField(label=_("Ending within (months)"), min_value=1, max_value=120, initial=12)
