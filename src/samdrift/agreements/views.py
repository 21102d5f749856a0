from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts import policy
from samdrift.accounts.policy import signed_in
from samdrift.core import views as generic
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.core.tables import Column
from samdrift.core.views import apply_errors
from samdrift.finance import scenarios
from samdrift.finance.allocation import AllocationError
from samdrift.tenancy.models import Member

from . import actions, exits, exports, filtersets, forms, penalties
from .models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)


def _version(request: HttpRequest) -> int:
    """The version the user's page showed; a post without it is refused, never taken as a system job."""
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise VersionRequiredError
    return int(raw)


def _errors(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def leave_scenario(agreement: CollaborationAgreement, member: Any, end: datetime.date) -> Any:
    """The finance app's leave scenario on the run the liability used (not duplicated here)."""
    run = exits.latest_issued_run(agreement.collaboration_id, end.year)
    if run is None:
        return None
    try:
        return scenarios.leaving(run.inputs, {member.pk})
    except AllocationError:
        return None


# Collaboration agreements
class CollaborationAgreementListView(generic.ObjectListView):
    model = CollaborationAgreement
    select_related = ("collaboration",)
    filterset_class = filtersets.CollaborationAgreementFilterSet
    columns = [
        Column("title", link=True),
        Column("collaboration"),
        Column("kind"),
        Column("valid_from"),
        Column("valid_to"),
        Column("notice_months"),
    ]


class CollaborationAgreementDetailView(generic.ObjectDetailView):
    model = CollaborationAgreement
    select_related = ("collaboration", "allocation_model", "decision__body")
    template_name = "agreements/collaborationagreement_detail.html"
    fields = [
        "collaboration", "kind", "legal_form", "valid_from", "valid_to", "term_years", "notice_months",
        "exit_at_year_end", "exit_fixed_cost_years", "exit_fixed_cost_percent", "exit_investment_percent",
        "depreciation_years", "exit_terms", "cost_sharing", "allocation_model", "decision", "decision_reference",
    ]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        return [
            generic.RelatedTable(
                gettext_lazy("Notices of exit"),
                Notice,
                [Column("member", link=True), Column("notice_date"), Column("end_date"), Column("liability")],
                list(Notice.objects.visible_to(self.request.user).filter(agreement=obj).select_related("member")),
            )
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        form = forms.NoticeForm(self.request.GET or None, user=user, agreement=obj)
        context: dict[str, Any] = {
            "parties": obj.parties.order_by("name"),
            "notice_form": form,
            "preview": None,
            "can_give_notice": any(
                actions.access.acts_for_member(user, Notice(agreement=obj, member=m), actions.access.NOTICE_ROLES)
                for m in Member.objects.visible_to(user).filter(pk__in=obj.parties.values("pk"))
            ),
        }
        if form.is_bound and form.is_valid():
            member, day = form.cleaned_data["member"], form.cleaned_data["notice_date"]
            try:
                computed = actions.exit_liability(obj, member, day)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                end = datetime.date.fromisoformat(computed["output"]["end_date"])
                context["preview"] = computed["output"]
                context["preview_member"] = member
                context["scenario"] = leave_scenario(obj, member, end)
        return context


class CollaborationAgreementEditView(generic.ObjectEditView):
    model = CollaborationAgreement
    form_class = forms.CollaborationAgreementForm
    create_action = actions.do_create_agreement
    update_action = actions.do_update_agreement


class CollaborationAgreementDeleteView(generic.ObjectDeleteView):
    model = CollaborationAgreement
    delete_action = actions.do_delete_agreement


class CollaborationAgreementHistoryView(generic.ObjectHistoryView):
    model = CollaborationAgreement


class GiveNoticeView(LoginRequiredMixin, View):
    """A member gives notice under the agreement (POST from the agreement page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = get_object_or_404(CollaborationAgreement.objects.visible_to(request.user), pk=pk)
        form = forms.NoticeForm(request.POST, user=request.user, agreement=agreement)
        if form.is_valid():
            try:
                notice = actions.do_give_notice(
                    acting_user=signed_in(request), agreement=agreement, member=form.cleaned_data["member"],
                    notice_date=form.cleaned_data["notice_date"],
                )  # fmt: skip
            except PermissionDenied:
                raise
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("The notice is recorded. The exit liability is shown below."))
                return HttpResponseRedirect(notice.get_absolute_url())
        else:
            messages.error(request, _("Choose a member and a date."))
        return HttpResponseRedirect(agreement.get_absolute_url())


# Notices
class NoticeListView(generic.ObjectListView):
    model = Notice
    select_related = ("member", "agreement")
    filterset_class = filtersets.NoticeFilterSet
    columns = [
        Column("member", link=True),
        Column("agreement"),
        Column("notice_date"),
        Column("end_date"),
        Column("liability"),
    ]


class NoticeDetailView(generic.ObjectDetailView):
    model = Notice
    select_related = ("member", "agreement", "given_by")
    template_name = "agreements/notice_detail.html"
    fields = ["agreement", "member", "notice_date", "end_date", "liability", "given_by", "digest"]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "can_manage": False,
            "output": obj.output,
            "reproduces": actions.notice_reproduces(obj),
            "scenario": leave_scenario(obj.agreement, obj.member, obj.end_date),
        }


class NoticeDeleteView(generic.ObjectDeleteView):
    model = Notice
    delete_action = actions.do_withdraw_notice


class NoticeHistoryView(generic.ObjectHistoryView):
    model = Notice


# Service agreements
class ServiceAgreementListView(generic.ObjectListView):
    model = ServiceAgreement
    select_related = ("member", "department")
    filterset_class = filtersets.ServiceAgreementFilterSet
    columns = [
        Column("year", link=True),
        Column("member"),
        Column("department"),
        Column("revision"),
        Column("state"),
        Column("total"),
        Column("signed_on"),
    ]


def _effective_row(term: Any, source: str) -> Any:
    """A penalty term in effect, labelled with where it comes from (for the table)."""
    term.applies = _("collaboration-wide") if source == penalties.COLLABORATION else _("the member's own agreement")
    return term


class ServiceAgreementDetailView(generic.ObjectDetailView):
    model = ServiceAgreement
    select_related = ("member", "department", "signed_by", "supersedes")
    template_name = "agreements/serviceagreement_detail.html"
    fields = ["member", "department", "year", "revision", "state", "supersedes", "total", "signed_by", "signed_on",
              "notes"]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        terms = PenaltyTerm.objects.visible_to(self.request.user).filter(agreement=obj).select_related("service")
        can_add = not obj.is_signed and policy.can_manage(self.request.user, PenaltyTerm(agreement=obj))
        return [
            generic.RelatedTable(
                gettext_lazy("Penalty terms (vite)"),
                PenaltyTerm,
                [
                    Column("service", link=True),
                    Column("percent_per_point"),
                    Column("amount_per_p1_breach"),
                    Column("cap"),
                ],
                list(terms),
                reverse("agreements:penaltyterm_add") + f"?agreement={obj.pk}" if can_add else None,
            ),
            generic.RelatedTable(
                gettext_lazy("Penalty terms in effect"),
                CollaborationPenaltyTerm,
                [
                    Column("service"),
                    Column("applies", label=gettext_lazy("Term")),
                    Column("percent_per_point"),
                    Column("amount_per_p1_breach"),
                    Column("cap"),
                ],
                [_effective_row(term, source) for term, source in penalties.effective_terms(obj)],
            ),
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "lines": obj.lines.select_related("service"),
            "can_sign": actions.can_sign(user, obj),
            "can_prepare": policy.can_manage(user, obj),
            "revisions": ServiceAgreement.objects.visible_to(user)
            .filter(member=obj.member, department=obj.department, year=obj.year)
            .exclude(pk=obj.pk),
            "proposals": SubscriptionProposal.objects.visible_to(user)
            .filter(member=obj.member, state="proposed")
            .select_related("service"),
        }


class ServiceAgreementEditView(generic.ObjectEditView):
    model = ServiceAgreement
    form_class = forms.ServiceAgreementForm
    create_action = actions.do_draft_service_agreement
    update_action = actions.do_update_service_agreement


class ServiceAgreementDeleteView(generic.ObjectDeleteView):
    model = ServiceAgreement
    delete_action = actions.do_delete_service_agreement


class ServiceAgreementHistoryView(generic.ObjectHistoryView):
    model = ServiceAgreement


class ServiceAgreementActionView(LoginRequiredMixin, View):
    """Sign, revise or refresh a service agreement (buttons on its page)."""

    def post(self, request: HttpRequest, pk: str, what: str) -> HttpResponse:
        agreement = get_object_or_404(ServiceAgreement.objects.visible_to(request.user), pk=pk)
        target = agreement
        try:
            if what == "sign":
                actions.do_sign_service_agreement(
                    agreement, acting_user=signed_in(request), expected_version=_version(request)
                )
                messages.success(request, _("The agreement is signed. It can no longer change."))
            elif what in ("revise", "refresh"):
                if not policy.can_manage(request.user, agreement):
                    raise PermissionDenied
                if what == "revise":
                    target = actions.do_revise_service_agreement(agreement, acting_user=signed_in(request))
                    messages.success(request, _("A new revision is drafted from the current subscriptions."))
                else:
                    actions.do_refresh_service_agreement(
                        agreement, acting_user=signed_in(request), expected_version=_version(request)
                    )
                    messages.success(request, _("The draft follows the current subscriptions and prices."))
            else:
                raise PermissionDenied
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(target.get_absolute_url())


# Penalty terms
class PenaltyTermListView(generic.ObjectListView):
    model = PenaltyTerm
    select_related = ("agreement__member", "agreement__department", "service")
    filterset_class = filtersets.PenaltyTermFilterSet
    columns = [
        Column("service", link=True),
        Column("agreement"),
        Column("percent_per_point"),
        Column("amount_per_p1_breach"),
        Column("cap"),
    ]


class PenaltyTermDetailView(generic.ObjectDetailView):
    model = PenaltyTerm
    select_related = ("agreement__member", "service")
    fields = ["agreement", "service", "percent_per_point", "amount_per_p1_breach", "cap"]


class PenaltyTermEditView(generic.ObjectEditView):
    model = PenaltyTerm
    form_class = forms.PenaltyTermForm
    create_action = actions.do_add_penalty_term
    update_action = actions.do_update_penalty_term


class PenaltyTermDeleteView(generic.ObjectDeleteView):
    model = PenaltyTerm
    delete_action = actions.do_delete_penalty_term


class PenaltyTermHistoryView(generic.ObjectHistoryView):
    model = PenaltyTerm


# Collaboration-wide penalty terms
class CollaborationPenaltyTermListView(generic.ObjectListView):
    model = CollaborationPenaltyTerm
    select_related = ("collaboration", "service")
    filterset_class = filtersets.CollaborationPenaltyTermFilterSet
    columns = [
        Column("service", link=True),
        Column("collaboration"),
        Column("first_year"),
        Column("last_year"),
        Column("percent_per_point"),
        Column("amount_per_p1_breach"),
        Column("cap"),
    ]


class CollaborationPenaltyTermDetailView(generic.ObjectDetailView):
    model = CollaborationPenaltyTerm
    select_related = ("collaboration", "service")
    fields = [
        "collaboration", "service", "first_year", "last_year", "percent_per_point", "amount_per_p1_breach", "cap",
    ]  # fmt: skip


class CollaborationPenaltyTermEditView(generic.ObjectEditView):
    model = CollaborationPenaltyTerm
    form_class = forms.CollaborationPenaltyTermForm
    create_action = actions.do_add_collaboration_penalty_term
    update_action = actions.do_update_collaboration_penalty_term


class CollaborationPenaltyTermDeleteView(generic.ObjectDeleteView):
    model = CollaborationPenaltyTerm
    delete_action = actions.do_delete_collaboration_penalty_term


class CollaborationPenaltyTermHistoryView(generic.ObjectHistoryView):
    model = CollaborationPenaltyTerm


# Subscription proposals
class SubscriptionProposalListView(generic.ObjectListView):
    model = SubscriptionProposal
    select_related = ("member", "service")
    filterset_class = filtersets.SubscriptionProposalFilterSet
    columns = [
        Column("service", link=True),
        Column("member"),
        Column("level"),
        Column("starts"),
        Column("order_reference"),
        Column("state"),
    ]


class SubscriptionProposalDetailView(generic.ObjectDetailView):
    model = SubscriptionProposal
    select_related = ("member", "department", "service", "decided_by")
    template_name = "agreements/subscriptionproposal_detail.html"
    fields = ["member", "department", "service", "level", "quantity", "starts", "order_reference", "state",
              "decided_by", "decided_on", "subscription"]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"can_decide": obj.state == "proposed" and policy.can_manage(self.request.user, obj)}


class SubscriptionProposalEditView(generic.ObjectEditView):
    model = SubscriptionProposal
    form_class = forms.SubscriptionProposalForm
    update_action = actions.do_update_proposal

    def editable_object(self, pk: int | None) -> Any:
        if pk is None:
            raise PermissionDenied
        return super().editable_object(pk)


class SubscriptionProposalHistoryView(generic.ObjectHistoryView):
    model = SubscriptionProposal


class DecideProposalView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: str, what: str) -> HttpResponse:
        proposal = get_object_or_404(SubscriptionProposal.objects.visible_to(request.user), pk=pk)
        action = actions.do_accept_proposal if what == "accept" else actions.do_decline_proposal
        try:
            action(proposal, acting_user=signed_in(request), expected_version=_version(request))
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The proposal is decided."))
        return HttpResponseRedirect(proposal.get_absolute_url())


# Penalty runs and penalties
class PenaltyRunListView(generic.ObjectListView):
    model = PenaltyRun
    select_related = ("collaboration", "member")
    filterset_class = filtersets.PenaltyRunFilterSet
    columns = [
        Column("pk", label=gettext_lazy("Run"), link=True),
        Column("year"),
        Column("month"),
        Column("member"),
        Column("state"),
        Column("total"),
    ]

    def get_queryset(self) -> Any:
        return super().get_queryset().defer("inputs", "output")


class ComputePenaltiesView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_create(request.user, PenaltyRun):
            raise PermissionDenied
        return render(request, "agreements/penaltyrun_compute.html", {"form": forms.PenaltyRunForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_create(request.user, PenaltyRun):
            raise PermissionDenied
        form = forms.PenaltyRunForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            if not policy.can_manage(
                request.user, PenaltyRun(collaboration=data["collaboration"], member=data["member"])
            ):
                raise PermissionDenied
            try:
                run = actions.do_compute_penalties(acting_user=signed_in(request), **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The penalties are computed. Check them, then credit them."))
                return HttpResponseRedirect(run.get_absolute_url())
        return render(request, "agreements/penaltyrun_compute.html", {"form": form}, status=400)


class PenaltyRunDetailView(generic.ObjectDetailView):
    model = PenaltyRun
    select_related = ("collaboration", "member", "computed_by")
    template_name = "agreements/penaltyrun_detail.html"
    fields = ["collaboration", "member", "year", "month", "state", "computed_by", "total", "digest"]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "can_manage": False,
            "output": obj.output,
            "reproduces": actions.penalty_run_reproduces(obj),
            "can_credit": obj.state == "prepared" and policy.can_manage(self.request.user, obj),
        }


class PenaltyRunDeleteView(generic.ObjectDeleteView):
    model = PenaltyRun
    delete_action = actions.do_discard_penalty_run


class PenaltyRunHistoryView(generic.ObjectHistoryView):
    model = PenaltyRun


class CreditPenaltiesView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_object_or_404(PenaltyRun.objects.visible_to(request.user), pk=pk)
        if not policy.can_manage(request.user, run):
            raise PermissionDenied
        try:
            actions.do_credit_penalties(run, acting_user=signed_in(request), expected_version=_version(request))
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The penalties are credited on the next issued allocation run's invoices."))
        return HttpResponseRedirect(run.get_absolute_url())


class PenaltyListView(generic.ObjectListView):
    model = Penalty
    select_related = ("member", "run")
    filterset_class = filtersets.PenaltyFilterSet
    columns = [
        Column("member", link=True),
        Column("year"),
        Column("month"),
        Column("amount"),
        Column("credited"),
    ]


class PenaltyDetailView(generic.ObjectDetailView):
    model = Penalty
    select_related = ("member", "run")
    template_name = "agreements/penalty_detail.html"
    fields = ["member", "year", "month", "amount", "credited"]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"can_manage": False}


class PenaltyHistoryView(generic.ObjectHistoryView):
    model = Penalty


# Suppliers and contracts
class SupplierListView(generic.ObjectListView):
    model = Supplier
    filterset_class = filtersets.SupplierFilterSet
    columns = [Column("name", link=True), Column("org_number"), Column("collaboration")]


class SupplierDetailView(generic.ObjectDetailView):
    model = Supplier
    select_related = ("collaboration",)
    fields = ["name", "org_number", "collaboration"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        contracts = SupplierContract.objects.visible_to(self.request.user).filter(supplier=obj)
        return [
            generic.RelatedTable(
                gettext_lazy("Contracts"),
                SupplierContract,
                [Column("title", link=True), Column("starts"), Column("ends"), Column("notice_date")],
                list(contracts.select_related("supplier")),
                reverse("agreements:suppliercontract_add") + f"?supplier={obj.pk}"
                if policy.can_manage(self.request.user, SupplierContract(supplier=obj))
                else None,
            )
        ]


class SupplierEditView(generic.ObjectEditView):
    model = Supplier
    form_class = forms.SupplierForm
    create_action = actions.do_create_supplier
    update_action = actions.do_update_supplier


class SupplierDeleteView(generic.ObjectDeleteView):
    model = Supplier
    delete_action = actions.do_delete_supplier


class SupplierHistoryView(generic.ObjectHistoryView):
    model = Supplier


CONTRACT_COLUMNS = [
    Column("title", link=True),
    Column("supplier"),
    Column("procuring_member"),
    Column("ends"),
    Column("notice_date"),
    Column("value_per_year"),
]


class SupplierContractListView(generic.ObjectListView):
    model = SupplierContract
    select_related = ("supplier", "procuring_member")
    filterset_class = filtersets.SupplierContractFilterSet
    columns = CONTRACT_COLUMNS


class SupplierContractDetailView(generic.ObjectDetailView):
    model = SupplierContract
    select_related = ("supplier", "procuring_member", "owner")
    fields = ["supplier", "title", "services_display", "systems", "systems_display", "starts", "ends",
              "extension_options", "notice_date", "value_per_year", "procuring_member", "owner",
              "reminded_on"]  # fmt: skip
    labels = {"services_display": gettext_lazy("Services"), "systems_display": gettext_lazy("Systems in the inventory")}

    def visible_fields(self, obj: Any) -> list[str]:
        obj.services_display = ", ".join(s.name for s in obj.services.all()) or None
        obj.systems_display = (
            ", ".join(s.name for s in obj.inventory_systems.visible_to(self.request.user).order_by("name")) or None
        )
        return self.fields


class SupplierContractEditView(generic.ObjectEditView):
    model = SupplierContract
    form_class = forms.SupplierContractForm
    create_action = actions.do_create_contract
    update_action = actions.do_update_contract


class SupplierContractDeleteView(generic.ObjectDeleteView):
    model = SupplierContract
    delete_action = actions.do_delete_contract


class SupplierContractHistoryView(generic.ObjectHistoryView):
    model = SupplierContract


class EndingContractsView(LoginRequiredMixin, View):
    """Contracts ending within a chosen horizon (months), soonest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.HorizonForm(request.GET or {"months": 12})
        months = form.cleaned_data["months"] if form.is_valid() else 12
        today = timezone.localdate()
        contracts = (
            SupplierContract.objects.visible_to(request.user)
            .filter(ends__gte=today, ends__lte=exits.add_months(today, months))
            .select_related("supplier", "procuring_member")
            .order_by("ends", "title")
        )
        context = {"form": form, "contracts": contracts, "columns": CONTRACT_COLUMNS, "model": SupplierContract}
        return render(request, "agreements/contracts_ending.html", context, status=200 if form.is_valid() else 400)


# Reviews
class AgreementReviewListView(generic.ObjectListView):
    model = AgreementReview
    select_related = ("member",)
    filterset_class = filtersets.AgreementReviewFilterSet
    columns = [Column("year", link=True), Column("member"), Column("held_on"), Column("satisfaction")]


class AgreementReviewDetailView(generic.ObjectDetailView):
    model = AgreementReview
    select_related = ("member",)
    template_name = "agreements/agreementreview_detail.html"
    fields = ["member", "year", "held_on", "satisfaction", "summary", "agreed_changes"]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"outcome": obj.outcome}


class AgreementReviewEditView(generic.ObjectEditView):
    model = AgreementReview
    form_class = forms.AgreementReviewForm
    create_action = actions.do_prepare_review
    update_action = actions.do_update_review


class AgreementReviewDeleteView(generic.ObjectDeleteView):
    model = AgreementReview
    delete_action = actions.do_delete_review


class AgreementReviewHistoryView(generic.ObjectHistoryView):
    model = AgreementReview


class AgreementReviewPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = get_object_or_404(AgreementReview.objects.visible_to(request.user).select_related("member"), pk=pk)
        return exports.review_response(review, request)


class AgreementsHomeView(LoginRequiredMixin, View):
    """Where the agreements live: one link per register the user may read."""

    PAGES = [
        (CollaborationAgreement, "agreements:collaborationagreement_list"),
        (ServiceAgreement, "agreements:serviceagreement_list"),
        (CollaborationPenaltyTerm, "agreements:collaborationpenaltyterm_list"),
        (SubscriptionProposal, "agreements:subscriptionproposal_list"),
        (PenaltyRun, "agreements:penaltyrun_list"),
        (Penalty, "agreements:penalty_list"),
        (Notice, "agreements:notice_list"),
        (Supplier, "agreements:supplier_list"),
        (SupplierContract, "agreements:suppliercontract_list"),
        (AgreementReview, "agreements:agreementreview_list"),
    ]

    def get(self, request: HttpRequest) -> HttpResponse:
        pages = []
        for model, name in self.PAGES:
            if policy.has_any_role(request.user, policy.rules_for(model).read):
                pages.append((model._meta.verbose_name_plural, reverse(name)))
        if policy.has_any_role(request.user, policy.rules_for(SupplierContract).read):
            pages.append((_("Contracts ending soon"), reverse("agreements:contracts_ending")))
        return render(request, "agreements/home.html", {"pages": pages})


class NotEditedForm(generic.VersionedForm):
    """No fields: these objects follow from their computation and are never edited."""

    class Meta:
        model = Notice
        fields: list[str] = []


def _not_edited(model_class: type, update: Any) -> type:
    class View(generic.ObjectEditView):
        model = model_class
        form_class = type("Form", (NotEditedForm,), {"Meta": type("Meta", (), {"model": model_class, "fields": []})})
        update_action = update

        def editable_object(self, pk: int | None) -> Any:
            if pk is None:
                raise PermissionDenied
            return super().editable_object(pk)

    View.__name__ = f"{model_class.__name__}EditView"
    return View


NoticeEditView = _not_edited(Notice, actions.do_update_notice)
PenaltyRunEditView = _not_edited(PenaltyRun, actions.do_update_penalty_run)
PenaltyEditView = _not_edited(Penalty, actions.do_update_penalty)
