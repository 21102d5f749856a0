from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts.policy import signed_in
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.core.views import apply_errors
from samdrift.tenancy.models import Collaboration

from . import actions, exports, filtersets, forms, ledger, queries, runs, scenarios, statements
from .access import FINANCE_READERS, can_issue_run
from .allocation import AllocationError
from .choices import RunState
from .models import (
    AllocationModel,
    AllocationRule,
    AllocationRun,
    BudgetLine,
    ClosedPeriod,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    InvoiceAdjustment,
    OutcomeLine,
    ReportedCount,
)
from .sie import SieError

LINE_COLUMNS = [
    Column("year", link=True),
    Column("month"),
    Column("unit"),
    Column("account_group"),
    Column("member"),
    Column("amount"),
    Column("text"),
]
LINE_FIELDS = [
    "collaboration",
    "year",
    "month",
    "unit",
    "account_group",
    "member",
    "activity",
    "project",
    "amount",
    "text",
]


class FinanceHomeView(LoginRequiredMixin, View):
    """The finance pages in one place, for the roles that read them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_role(request.user, FINANCE_READERS)
        return render(request, "finance/home.html", {"can_prepare": access.can_create(request.user, AllocationRun)})


# Budget and outcome
class BudgetLineListView(generic.ObjectListView):
    model = BudgetLine
    select_related = ("unit", "member")
    filterset_class = filtersets.BudgetLineFilterSet
    columns = LINE_COLUMNS


class BudgetLineDetailView(generic.ObjectDetailView):
    model = BudgetLine
    select_related = ("unit", "member", "collaboration")
    fields = LINE_FIELDS


class BudgetLineEditView(generic.ObjectEditView):
    model = BudgetLine
    form_class = forms.BudgetLineForm
    create_action = actions.do_add_budget_line
    update_action = actions.do_update_budget_line


class BudgetLineDeleteView(generic.ObjectDeleteView):
    model = BudgetLine
    delete_action = actions.do_delete_budget_line


class BudgetLineHistoryView(generic.ObjectHistoryView):
    model = BudgetLine


class OutcomeLineListView(generic.ObjectListView):
    model = OutcomeLine
    select_related = ("unit", "member")
    filterset_class = filtersets.OutcomeLineFilterSet
    columns = LINE_COLUMNS


class OutcomeLineDetailView(generic.ObjectDetailView):
    model = OutcomeLine
    select_related = ("unit", "member", "collaboration")
    fields = [*LINE_FIELDS, "source"]


class OutcomeLineEditView(generic.ObjectEditView):
    model = OutcomeLine
    form_class = forms.OutcomeLineForm
    create_action = actions.do_add_outcome_line
    update_action = actions.do_update_outcome_line


class OutcomeLineDeleteView(generic.ObjectDeleteView):
    model = OutcomeLine
    delete_action = actions.do_delete_outcome_line


class OutcomeLineHistoryView(generic.ObjectHistoryView):
    model = OutcomeLine


# Forecasts
class ForecastListView(generic.ObjectListView):
    model = Forecast
    select_related = ("collaboration",)
    filterset_class = filtersets.ForecastFilterSet
    columns = [Column("name", link=True), Column("year"), Column("as_of_month"), Column("collaboration")]


class ForecastDetailView(generic.ObjectDetailView):
    model = Forecast
    select_related = ("collaboration",)
    fields = ["name", "collaboration", "year", "as_of_month", "comment", "approval_state", "approved_by"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                gettext_lazy("Forecast lines"),
                ForecastLine,
                [
                    Column("unit", link=True),
                    Column("account_group"),
                    Column("member"),
                    Column("amount"),
                    Column("comment"),
                ],
                list(
                    ForecastLine.objects.visible_to(user)
                    .filter(forecast=obj)
                    .select_related("forecast", "unit", "member")
                ),
                reverse("finance:forecastline_add") + f"?forecast={obj.pk}"
                if access.can_manage(user, ForecastLine(forecast=obj))
                else None,
            ),
            generic.RelatedTable(
                gettext_lazy("Investments"),
                InvestmentForecast,
                [Column("investment", link=True), Column("amount"), Column("comment")],
                list(
                    InvestmentForecast.objects.visible_to(user)
                    .filter(forecast=obj)
                    .select_related("forecast", "investment")
                ),
                reverse("finance:investmentforecast_add") + f"?forecast={obj.pk}"
                if access.can_manage(user, InvestmentForecast(forecast=obj))
                else None,
            ),
        ]


class ForecastEditView(generic.ObjectEditView):
    model = Forecast
    form_class = forms.ForecastForm
    create_action = actions.do_create_forecast
    update_action = actions.do_update_forecast


class ForecastDeleteView(generic.ObjectDeleteView):
    model = Forecast
    delete_action = actions.do_delete_forecast


class ForecastHistoryView(generic.ObjectHistoryView):
    model = Forecast


class ForecastLineListView(generic.ObjectListView):
    model = ForecastLine
    select_related = ("forecast", "unit", "member")
    filterset_class = filtersets.ForecastLineFilterSet
    columns = [
        Column("forecast", link=True),
        Column("unit"),
        Column("account_group"),
        Column("member"),
        Column("amount"),
    ]


class ForecastLineDetailView(generic.ObjectDetailView):
    model = ForecastLine
    select_related = ("forecast", "unit", "member")
    fields = ["forecast", "unit", "account_group", "member", "amount", "comment"]


class ForecastLineEditView(generic.ObjectEditView):
    model = ForecastLine
    form_class = forms.ForecastLineForm
    create_action = actions.do_add_forecast_line
    update_action = actions.do_update_forecast_line


class ForecastLineDeleteView(generic.ObjectDeleteView):
    model = ForecastLine
    delete_action = actions.do_delete_forecast_line


class ForecastLineHistoryView(generic.ObjectHistoryView):
    model = ForecastLine


# Investments
class InvestmentListView(generic.ObjectListView):
    model = Investment
    select_related = ("member",)
    filterset_class = filtersets.InvestmentFilterSet
    columns = [Column("name", link=True), Column("year"), Column("member"), Column("budget"), Column("outcome")]


class InvestmentDetailView(generic.ObjectDetailView):
    model = Investment
    select_related = ("member", "collaboration")
    fields = ["name", "collaboration", "year", "member", "budget", "outcome"]


class InvestmentEditView(generic.ObjectEditView):
    model = Investment
    form_class = forms.InvestmentForm
    create_action = actions.do_create_investment
    update_action = actions.do_update_investment


class InvestmentDeleteView(generic.ObjectDeleteView):
    model = Investment
    delete_action = actions.do_delete_investment


class InvestmentHistoryView(generic.ObjectHistoryView):
    model = Investment


class InvestmentForecastListView(generic.ObjectListView):
    model = InvestmentForecast
    select_related = ("forecast", "investment")
    filterset_class = filtersets.InvestmentForecastFilterSet
    columns = [Column("investment", link=True), Column("forecast"), Column("amount")]


class InvestmentForecastDetailView(generic.ObjectDetailView):
    model = InvestmentForecast
    select_related = ("forecast", "investment")
    fields = ["forecast", "investment", "amount", "comment"]


class InvestmentForecastEditView(generic.ObjectEditView):
    model = InvestmentForecast
    form_class = forms.InvestmentForecastForm
    create_action = actions.do_forecast_investment
    update_action = actions.do_update_investment_forecast


class InvestmentForecastDeleteView(generic.ObjectDeleteView):
    model = InvestmentForecast
    delete_action = actions.do_delete_investment_forecast


class InvestmentForecastHistoryView(generic.ObjectHistoryView):
    model = InvestmentForecast


# Reported counts and closed periods
class ReportedCountListView(generic.ObjectListView):
    model = ReportedCount
    select_related = ("member",)
    filterset_class = filtersets.ReportedCountFilterSet
    columns = [Column("member", link=True), Column("year"), Column("kind"), Column("value")]


class ReportedCountDetailView(generic.ObjectDetailView):
    model = ReportedCount
    select_related = ("member",)
    fields = ["member", "year", "kind", "value"]


class ReportedCountEditView(generic.ObjectEditView):
    model = ReportedCount
    form_class = forms.ReportedCountForm
    create_action = actions.do_report_count
    update_action = actions.do_update_reported_count


class ReportedCountDeleteView(generic.ObjectDeleteView):
    model = ReportedCount
    delete_action = actions.do_delete_reported_count


class ReportedCountHistoryView(generic.ObjectHistoryView):
    model = ReportedCount


class ClosedPeriodListView(generic.ObjectListView):
    model = ClosedPeriod
    filterset_class = filtersets.ClosedPeriodFilterSet
    columns = [Column("year", link=True), Column("month")]


class ClosedPeriodDetailView(generic.ObjectDetailView):
    model = ClosedPeriod
    select_related = ("collaboration",)
    fields = ["collaboration", "year", "month"]


class ClosedPeriodEditView(generic.ObjectEditView):
    model = ClosedPeriod
    form_class = forms.ClosedPeriodForm
    create_action = actions.do_close_period
    update_action = actions.do_update_closed_period


class ClosedPeriodDeleteView(generic.ObjectDeleteView):
    model = ClosedPeriod
    delete_action = actions.do_reopen_period


class ClosedPeriodHistoryView(generic.ObjectHistoryView):
    model = ClosedPeriod


class FinanceSettingsListView(generic.ObjectListView):
    model = FinanceSettings
    select_related = ("collaboration",)
    filterset_class = filtersets.FinanceSettingsFilterSet
    columns = [Column("collaboration", link=True), Column("transparent_statements"), Column("seller_counterparty")]


class FinanceSettingsDetailView(generic.ObjectDetailView):
    model = FinanceSettings
    select_related = ("collaboration",)
    fields = ["collaboration", "transparent_statements", "seller_counterparty"]


class FinanceSettingsEditView(generic.ObjectEditView):
    model = FinanceSettings
    form_class = forms.FinanceSettingsForm
    create_action = actions.do_create_finance_settings
    update_action = actions.do_update_finance_settings


class FinanceSettingsDeleteView(generic.ObjectDeleteView):
    model = FinanceSettings
    delete_action = actions.do_delete_finance_settings


class FinanceSettingsHistoryView(generic.ObjectHistoryView):
    model = FinanceSettings


# Allocation models and rules
class AllocationModelListView(generic.ObjectListView):
    model = AllocationModel
    filterset_class = filtersets.AllocationModelFilterSet
    columns = [
        Column("name", link=True),
        Column("year"),
        Column("adopted_by", label=gettext_lazy("Adopted by decision")),
    ]


class AllocationModelDetailView(generic.ObjectDetailView):
    model = AllocationModel
    select_related = ("collaboration",)
    fields = ["name", "collaboration", "year", "decision", "decision_text", "description"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                gettext_lazy("Rules"),
                AllocationRule,
                [
                    Column("label", link=True),
                    Column("position"),
                    Column("unit"),
                    Column("account_group"),
                    Column("key_parts"),
                    Column("base_fee"),
                    Column("via_services"),
                ],
                list(
                    AllocationRule.objects.visible_to(user)
                    .filter(allocation_model=obj)
                    .select_related("allocation_model", "unit")
                ),
                reverse("finance:allocationrule_add") + f"?allocation_model={obj.pk}"
                if access.can_manage(user, AllocationRule(allocation_model=obj))
                else None,
            ),
            generic.RelatedTable(
                gettext_lazy("Runs"),
                AllocationRun,
                [
                    Column("pk", label=gettext_lazy("Run"), link=True),
                    Column("basis"),
                    Column("state"),
                    Column("total"),
                    Column("created"),
                ],
                list(
                    AllocationRun.objects.visible_to(user)
                    .filter(allocation_model=obj)
                    .select_related("allocation_model")
                    .defer("inputs", "output")
                ),
                reverse("finance:allocationrun_add") + f"?allocation_model={obj.pk}"
                if access.can_create(user, AllocationRun)
                else None,
            ),
        ]


class AllocationModelEditView(generic.ObjectEditView):
    model = AllocationModel
    form_class = forms.AllocationModelForm
    create_action = actions.do_create_allocation_model
    update_action = actions.do_update_allocation_model


class AllocationModelDeleteView(generic.ObjectDeleteView):
    model = AllocationModel
    delete_action = actions.do_delete_allocation_model


class AllocationModelHistoryView(generic.ObjectHistoryView):
    model = AllocationModel


class AllocationRuleListView(generic.ObjectListView):
    model = AllocationRule
    select_related = ("allocation_model", "unit")
    filterset_class = filtersets.AllocationRuleFilterSet
    columns = [Column("label", link=True), Column("allocation_model"), Column("key_parts"), Column("position")]


class AllocationRuleDetailView(generic.ObjectDetailView):
    model = AllocationRule
    select_related = ("allocation_model", "unit")
    fields = ["allocation_model", "position", "label", "unit", "account_group", "key_parts", "base_fee", "via_services"]


class AllocationRuleEditView(generic.ObjectEditView):
    model = AllocationRule
    form_class = forms.AllocationRuleForm
    create_action = actions.do_add_allocation_rule
    update_action = actions.do_update_allocation_rule


class AllocationRuleDeleteView(generic.ObjectDeleteView):
    model = AllocationRule
    delete_action = actions.do_delete_allocation_rule


class AllocationRuleHistoryView(generic.ObjectHistoryView):
    model = AllocationRule


# Allocation runs
class AllocationRunListView(generic.ObjectListView):
    model = AllocationRun
    select_related = ("allocation_model",)
    filterset_class = filtersets.AllocationRunFilterSet
    columns = [
        Column("pk", label=gettext_lazy("Run"), link=True),
        Column("allocation_model"),
        Column("basis"),
        Column("state"),
        Column("total"),
        Column("created"),
    ]

    def get_queryset(self) -> Any:
        return super().get_queryset().defer("inputs", "output")


class AllocationRunDetailView(generic.ObjectDetailView):
    """A run: each member's total, and every line with the why behind it."""

    model = AllocationRun
    select_related = ("allocation_model", "forecast", "issued_by", "prepared_by", "corrects")
    template_name = "finance/run_detail.html"
    fields: ClassVar[list[str]] = []  # the page is the run's own template

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return queries.run_summary(obj) | {
            "run": obj,
            "reproduces": runs.reproduces(obj),
            "can_issue": obj.state == RunState.PREPARED and can_issue_run(user, obj),
            "can_discard": obj.state == RunState.PREPARED and access.can_manage(user, obj),
            "adjustments": InvoiceAdjustment.objects.visible_to(user).filter(included_in=obj).select_related("member"),
        }


class PrepareRunView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_manage(request.user, AllocationRun)
        form = forms.PrepareRunForm(initial=request.GET.dict(), user=request.user)
        return render(request, "finance/run_prepare.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        access.require_manage(request.user, AllocationRun)
        form = forms.PrepareRunForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = actions.do_prepare_run(
                    acting_user=signed_in(request),
                    model=data["allocation_model"],
                    basis=data["basis"],
                    forecast=data["forecast"],
                    first_month=data["first_month"],
                    last_month=data["last_month"],
                    corrects=data["corrects"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The run is prepared. Check it, then issue it."))
                return HttpResponseRedirect(run.get_absolute_url())
        return render(request, "finance/run_prepare.html", {"form": form}, status=400)


class RunActionView(generic.ObjectActionView, AllocationRunDetailView):
    """Issue or discard a prepared run: the version it was shown with, nothing else. A
    refused post shows the run's page again (400, or 409 with the newer run)."""

    form_class = generic.VersionForm
    form_name = "run_form"
    template_name = "finance/run_detail.html"


class IssueRunView(RunActionView):
    success_message = gettext_lazy("The run is issued. It can no longer change.")

    def check(self, obj: Any) -> None:
        if not can_issue_run(self.request.user, obj):
            raise PermissionDenied

    def act(self, obj: Any, form: Any) -> None:
        actions.do_issue_run(obj, acting_user=signed_in(self.request), expected_version=form.cleaned_data["version"])


class DiscardRunView(RunActionView):
    success_message = gettext_lazy("The prepared run was discarded.")

    def act(self, obj: Any, form: Any) -> None:
        actions.do_discard_run(obj, acting_user=signed_in(self.request), expected_version=form.cleaned_data["version"])

    def success_url(self, obj: Any) -> str:
        return reverse("finance:allocationrun_list")


# The committee's follow-up
class FollowUpView(LoginRequiredMixin, View):
    """Ekonomisk uppföljning: the table committees read, as a page, XLSX or PDF."""

    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_role(request.user, FINANCE_READERS)
        data = request.GET.dict()
        if "forecast" not in data:
            # The current period: this year's latest forecast; an older one only if there is none.
            visible_forecasts = Forecast.objects.visible_to(request.user)
            latest = (
                visible_forecasts.filter(year=timezone.localdate().year).order_by("-as_of_month", "-pk").first()
                or visible_forecasts.order_by("-year", "-as_of_month", "-pk").first()
            )
            data = {"forecast": str(latest.pk)} if latest else {}
        form = forms.FollowUpForm(data or None, user=request.user)
        if not form.is_bound or not form.is_valid():
            status = 400 if form.is_bound else 200
            return render(request, "finance/followup.html", {"form": form, "table": None}, status=status)
        table = queries.follow_up(form.cleaned_data["forecast"], form.cleaned_data["unit"])
        export = request.GET.get("export")
        if export in exports.FOLLOW_UP_FORMATS:
            return exports.follow_up_response(table, export, request)
        query = "&".join(f"{k}={v}" for k, v in data.items() if k != "export")
        context = {
            "form": form,
            "table": table,
            "query": query,
            "data": exports.rows_in_thousands(table),
            "headers": exports.headers(table),
        }
        return render(request, "finance/followup.html", context)


class CompareRunsView(LoginRequiredMixin, View):
    """Two or more runs side by side (e.g. the same year by two models): what each member
    pays in each, and how much more or less than in the first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = AllocationRun.objects.visible_to(request.user).select_related("allocation_model")
        chosen = [int(pk) for pk in request.GET.getlist("runs") if pk.isdigit()]
        runs = list(visible.filter(pk__in=chosen))
        if {run.pk for run in runs} != set(chosen):
            raise Http404  # a run the user may not read answers like a missing one
        runs.sort(key=lambda run: chosen.index(run.pk))
        choices = list(visible.defer("inputs", "output").order_by("-created")[:50])
        context = {"runs": runs, "choices": choices, "rows": queries.compare_runs(runs) if len(runs) >= 2 else []}
        return render(request, "finance/run_compare.html", context, status=200 if len(runs) >= 2 or not chosen else 400)


class StatementView(LoginRequiredMixin, View):
    """Vad fick vi för pengarna? One member's statement for a year, as a page, XLSX or PDF."""

    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_role(request.user, FINANCE_READERS)
        members = statements.readable_statement_members(request.user).select_related("collaboration").order_by("name")
        data: dict[str, Any] = request.GET.dict()
        if "member" not in data:
            own = getattr(request.user, "member_id", None)
            first = own if own and members.filter(pk=own).exists() else members.values_list("pk", flat=True).first()
            data = {"member": first, "year": data.get("year") or timezone.localdate().year}
        form = forms.StatementForm(data, members=members)
        if not form.is_valid():
            return render(request, "finance/statement.html", {"form": form, "statement": None}, status=400)
        statement = statements.member_statement(form.cleaned_data["member"], form.cleaned_data["year"])
        export = request.GET.get("export")
        if export in exports.FOLLOW_UP_FORMATS:
            return exports.statement_response(statement, export, request)
        query = f"member={statement.member.pk}&year={statement.year}"
        return render(request, "finance/statement.html", {"form": form, "statement": statement, "query": query})


class ImportView(LoginRequiredMixin, View):
    """Upload outcome from the ledger (SIE 4) or budget and outcome lines (CSV, XLSX)."""

    template_name = "finance/import.html"

    def collaborations(self) -> Any:
        allowed = [c for c in Collaboration.objects.visible_to(self.request.user) if self.may_import(c)]
        return Collaboration.objects.filter(pk__in=[c.pk for c in allowed])

    def may_import(self, collaboration: Any) -> bool:
        return access.can_manage(self.request.user, BudgetLine(collaboration=collaboration))

    def get(self, request: HttpRequest) -> HttpResponse:
        collaborations = self.collaborations()
        if not collaborations.exists():
            raise PermissionDenied
        form = forms.ImportForm(collaborations=collaborations, initial=request.GET.dict())
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        collaborations = self.collaborations()
        if not collaborations.exists():
            raise PermissionDenied
        form = forms.ImportForm(request.POST, request.FILES, collaborations=collaborations)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            content = upload.read()
            try:
                if data["kind"] == "outcome_sie":
                    result = actions.do_import_outcome_sie(
                        acting_user=signed_in(request),
                        collaboration=data["collaboration"],
                        year=data["year"],
                        data=content,
                        filename=upload.name,
                    )
                    count = result.lines
                else:
                    model = BudgetLine if data["kind"] == "budget" else OutcomeLine
                    count = actions.do_import_lines(
                        acting_user=signed_in(request),
                        model=model,
                        collaboration=data["collaboration"],
                        data=content,
                        filename=upload.name,
                    )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(
                    request, _("%(count)s lines imported from %(file)s.") % {"count": count, "file": upload.name}
                )
                return HttpResponseRedirect(reverse("finance:home"))
        return render(request, self.template_name, {"form": form}, status=400)


def export_refused(request: HttpRequest, message: str, back: str, status: int = 422) -> HttpResponse:
    """A file that cannot be made is a page saying why (422, or 400 for a bad request),
    never a server error."""
    context = {"message": message, "back": back}
    return render(request, "finance/export_error.html", context, status=status)


def _export_error(exc: SieError) -> str:
    return _("The file could not be made: %(reason)s") % {"reason": exc}


class ExportLinesView(LoginRequiredMixin, View):
    """Budget or outcome lines the user may see, filtered like the lists, as CSV, XLSX or
    (for a year) SIE 4."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        model, filterset_class = (
            (BudgetLine, filtersets.BudgetLineFilterSet)
            if kind == "budget"
            else (OutcomeLine, filtersets.OutcomeLineFilterSet)
        )
        queryset = model.objects.visible_to(request.user).select_related("unit", "member")
        filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
        lines = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        lines = lines.order_by("year", "month", "unit__code", "account_group", "pk")
        chosen = request.GET.get("format", "csv")
        if chosen == "sie":
            year = request.GET.get("year", "")
            if not year.isdigit() or not 2000 <= int(year) <= 2100:
                return export_refused(request, _("Choose a year to export as SIE."), reverse("finance:home"), 400)
            lines = lines.filter(year=int(year))
            first = lines.select_related("collaboration").first()
            try:
                content = ledger.figures_sie(
                    lines,
                    kind="PBUDGET" if kind == "budget" else "PSALDO",
                    company=first.collaboration.name if first else "",
                    year=int(year),
                    generated=timezone.localdate(),
                )
            except SieError as exc:
                return export_refused(request, _export_error(exc), reverse("finance:home"))
            content_type, extension = "text/plain; charset=cp437", "se"
        elif chosen == "xlsx":
            content, content_type, extension = ledger.export_lines(lines, xlsx=True), exports.XLSX, "xlsx"
        else:
            content, content_type, extension = ledger.export_lines(lines, xlsx=False), "text/csv; charset=utf-8", "csv"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{kind}.{extension}"'
        return response


class InvoicesView(LoginRequiredMixin, View):
    """An issued run's internal invoices as SIE 4I or CSV."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in ("sie", "csv"):
            raise Http404
        run = access.get_visible_or_404(AllocationRun.objects.select_related("allocation_model"), request.user, pk=pk)
        if run.state != RunState.ISSUED:
            messages.error(request, _("Invoices are drawn only from an issued run."))
            return HttpResponseRedirect(run.get_absolute_url())
        try:
            if fmt == "sie":
                content, kind = ledger.invoices_sie(run, timezone.localdate()), "text/plain; charset=cp437"
            else:
                content, kind = ledger.invoices_csv(run), "text/csv; charset=utf-8"
        except SieError as exc:
            return export_refused(request, _export_error(exc), run.get_absolute_url())
        response = HttpResponse(content, content_type=kind)
        extension = "se" if fmt == "sie" else "csv"
        response["Content-Disposition"] = f'attachment; filename="fakturor-{run.pk}.{extension}"'
        return response


class ScenarioView(LoginRequiredMixin, View):
    """What if a member leaves, joins or cuts? Computed on a run's inputs, never stored."""

    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_role(request.user, FINANCE_READERS)
        if "run" not in request.GET:
            form = forms.ScenarioForm(user=request.user, initial=request.GET.dict())
            return render(request, "finance/scenario.html", {"form": form, "outcome": None})
        form = forms.ScenarioForm(request.GET, user=request.user)
        outcome = None
        if form.is_valid():
            data = form.cleaned_data
            inputs = data["run"].inputs
            try:
                if data["kind"] == "leave":
                    outcome = scenarios.leaving(inputs, {m.pk for m in data["members"]}, form.fixed())
                elif data["kind"] == "join":
                    outcome = scenarios.joining(inputs, data["new_name"], form.new_key_values())
                else:
                    outcome = scenarios.cutting(inputs, data["members"][0].pk, data["cut"], form.fixed())
            except AllocationError as exc:
                form.add_error(None, str(exc))
        status = 200 if outcome is not None else 400
        return render(request, "finance/scenario.html", {"form": form, "outcome": outcome}, status=status)


# Every model's pages, actions, URLs and API viewset, declared once (core.views.ObjectViews).
def _crud(model: type, api_prefix: str) -> generic.ObjectViews:
    """The five generic views ``<Model>ListView`` … ``<Model>HistoryView`` above and the
    API's ``<Model>ViewSet``."""
    name = model.__name__
    views = {key: globals()[f"{name}{key.title()}View"] for key in ("list", "detail", "edit", "delete", "history")}
    return generic.ObjectViews(
        model, **{f"{key}_view": view for key, view in views.items()},
        viewset=f"samdrift.finance.api.views.{name}ViewSet", api_prefix=api_prefix,
    )  # fmt: skip


OBJECTS = [
    _crud(BudgetLine, "budget-lines"),
    _crud(OutcomeLine, "outcome-lines"),
    _crud(Forecast, "forecasts"),
    _crud(ForecastLine, "forecast-lines"),
    _crud(Investment, "investments"),
    _crud(InvestmentForecast, "investment-forecasts"),
    _crud(ReportedCount, "reported-counts"),
    _crud(ClosedPeriod, "closed-periods"),
    _crud(FinanceSettings, "finance-settings"),
    _crud(AllocationModel, "allocation-models"),
    _crud(AllocationRule, "allocation-rules"),
    generic.ObjectViews(
        AllocationRun,
        list_view=AllocationRunListView,
        detail_view=AllocationRunDetailView,
        add_view=PrepareRunView,
        pages={
            "compare": ("compare/", CompareRunsView),
            "invoices": ("<int:pk>/invoices.<str:fmt>", InvoicesView),
        },
        actions={"issue": IssueRunView, "discard": DiscardRunView},
        viewset="samdrift.finance.api.views.AllocationRunViewSet",
        api_prefix="allocation-runs",
    ),
]
