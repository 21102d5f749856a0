from django.urls import URLPattern, path, re_path

from samdrift.core.urls_helpers import object_urls

from . import views as v
from .models import (
    AllocationModel,
    AllocationRule,
    BudgetLine,
    ClosedPeriod,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    OutcomeLine,
    ReportedCount,
)

app_name = "finance"


def crud(model: type, prefix: str) -> list[URLPattern]:
    """The five generic views of ``model`` (``<Prefix>ListView`` … in ``views``)."""
    return object_urls(
        model,
        {action: getattr(v, f"{prefix}{suffix}View") for action, suffix in [
            ("list", "List"), ("detail", "Detail"), ("edit", "Edit"), ("delete", "Delete"), ("history", "History")
        ]},
    )  # fmt: skip


urlpatterns = [
    path("", v.FinanceHomeView.as_view(), name="home"),
    path("followup/", v.FollowUpView.as_view(), name="followup"),
    path("statement/", v.StatementView.as_view(), name="statement"),
    path("import/", v.ImportView.as_view(), name="import"),
    path("scenarios/", v.ScenarioView.as_view(), name="scenario"),
    re_path(r"^export/(?P<kind>budget|outcome)/$", v.ExportLinesView.as_view(), name="export_lines"),
    re_path(
        r"^allocationruns/(?P<pk>[0-9]+)/invoices\.(?P<fmt>sie|csv)$", v.InvoicesView.as_view(), name="run_invoices"
    ),
    path("allocationruns/", v.AllocationRunListView.as_view(), name="allocationrun_list"),
    path("allocationruns/compare/", v.CompareRunsView.as_view(), name="run_compare"),
    path("allocationruns/prepare/", v.PrepareRunView.as_view(), name="allocationrun_add"),
    path("allocationruns/<int:pk>/", v.AllocationRunDetailView.as_view(), name="allocationrun_detail"),
    path("allocationruns/<int:pk>/issue/", v.IssueRunView.as_view(), name="run_issue"),
    path("allocationruns/<int:pk>/discard/", v.DiscardRunView.as_view(), name="run_discard"),
    *crud(BudgetLine, "BudgetLine"),
    *crud(OutcomeLine, "OutcomeLine"),
    *crud(Forecast, "Forecast"),
    *crud(ForecastLine, "ForecastLine"),
    *crud(Investment, "Investment"),
    *crud(InvestmentForecast, "InvestmentForecast"),
    *crud(ReportedCount, "ReportedCount"),
    *crud(ClosedPeriod, "ClosedPeriod"),
    *crud(FinanceSettings, "FinanceSettings"),
    *crud(AllocationModel, "AllocationModel"),
    *crud(AllocationRule, "AllocationRule"),
]
