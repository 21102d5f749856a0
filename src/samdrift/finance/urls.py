from django.urls import path, re_path

from samdrift.core.urls_helpers import moved

from . import views as v

app_name = "finance"

urlpatterns = [
    path("", v.FinanceHomeView.as_view(), name="home"),
    path("followup/", v.FollowUpView.as_view(), name="followup"),
    path("statement/", v.StatementView.as_view(), name="statement"),
    path("import/", v.ImportView.as_view(), name="import"),
    path("scenarios/", v.ScenarioView.as_view(), name="scenario"),
    re_path(r"^export/(?P<kind>budget|outcome)/$", v.ExportLinesView.as_view(), name="export_lines"),
    # Lines, forecasts, investments, counts, settings, models, rules and runs: pages, actions
    # and URLs from their declarations.
    *[pattern for declared in v.OBJECTS for pattern in declared.urls()],
    moved("allocationruns/prepare", "allocationruns/add"),  # the first URL of "prepare a run"
]
