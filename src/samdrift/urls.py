"""Root URLs: the UI per app, the API under /api/v1/, the schema and its docs."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from rest_framework.routers import DefaultRouter

from samdrift.accounts import views as accounts_views
from samdrift.accounts.api import views as accounts_api
from samdrift.agreements.api import views as agreements_api
from samdrift.catalog import views as catalog_views
from samdrift.catalog.api import views as catalog_api
from samdrift.core import views as core_views
from samdrift.core.api import schema_views
from samdrift.finance.api import views as finance_api
from samdrift.followup.api import views as followup_api
from samdrift.governance import views as governance_views
from samdrift.governance.api import views as governance_api
from samdrift.initiatives.api import views as initiatives_api
from samdrift.inventory.api import views as inventory_api
from samdrift.knowledge.api import views as knowledge_api
from samdrift.servicedesk.api import views as servicedesk_api
from samdrift.tenancy.api import views as tenancy_api

router = DefaultRouter()
tenancy_api.register(router)
accounts_api.register(router)
servicedesk_api.register(router)
catalog_api.register(router)
knowledge_api.register(router)
inventory_api.register(router)
finance_api.register(router)
agreements_api.register(router)
followup_api.register(router)
governance_api.register(router)
initiatives_api.register(router)

urlpatterns = [
    path("", accounts_views.HomeView.as_view(), name="home"),
    path("login/", accounts_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", set_language, name="set_language"),
    # Public, no login: current and planned disruptions.
    path("driftinformation/", catalog_views.PublicDisruptionsView.as_view(), name="driftinformation"),
    # Public, no login: the notice board (anslagstavla) and posted minutes.
    path("anslagstavla/", governance_views.NoticeBoardView.as_view(), name="anslagstavla"),
    path("anslagstavla/<int:pk>/", governance_views.PublicMinutesView.as_view(), name="anslagstavla_minutes"),
    path("anslagstavla/<int:pk>/anslag.pdf", governance_views.PublicNoticePdfView.as_view(), name="anslagstavla_pdf"),
    path("", include("samdrift.core.urls")),
    path("tenancy/", include("samdrift.tenancy.urls")),
    path("accounts/", include("samdrift.accounts.urls")),
    path("servicedesk/", include("samdrift.servicedesk.urls")),
    path("mailin/", include("samdrift.mailin.urls")),
    path("catalog/", include("samdrift.catalog.urls")),
    path("knowledge/", include("samdrift.knowledge.urls")),
    path("inventory/", include("samdrift.inventory.urls")),
    path("finance/", include("samdrift.finance.urls")),
    path("agreements/", include("samdrift.agreements.urls")),
    path("followup/", include("samdrift.followup.urls")),
    path("governance/", include("samdrift.governance.urls")),
    path("initiatives/", include("samdrift.initiatives.urls")),
    path("api/v1/reports/sla/", servicedesk_api.SLAReportView.as_view(), name="api_sla_report"),
    path("api/v1/reports/followup/", finance_api.FollowUpView.as_view(), name="api_followup"),
    path("api/v1/reports/statement/", finance_api.StatementView.as_view(), name="api_statement"),
    path("api/v1/reports/statistics/", followup_api.StatisticsView.as_view(), name="api_statistics"),
    path("api/v1/reports/dashboard/", followup_api.DashboardView.as_view(), name="api_dashboard"),
    path("api/v1/survey-answers/<str:token>/", followup_api.SurveyAnswerApiView.as_view(), name="api_survey_answer"),
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/token/", accounts_api.ObtainTokenView.as_view(), name="api_token"),
    path("api/schema/", schema_views.SchemaView.as_view(), name="api_schema"),
    path("api/docs/", schema_views.DocsView.as_view(url_name="api_schema"), name="api_docs"),
]

handler400 = core_views.error_view(400, "400.html")
handler403 = core_views.error_view(403, "403.html")
handler404 = core_views.error_view(404, "404.html")
handler500 = core_views.error_view(500, "500.html")
