from django.urls import path, re_path

from samdrift.core.urls_helpers import object_urls

from . import views
from .models import Benefit, Goal, Question, Survey

app_name = "followup"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("report/", views.DeliveryReportView.as_view(), name="delivery_report"),
    path("economy/", views.EconomyView.as_view(), name="economy"),
    path("goals/overview/", views.GoalOverviewView.as_view(), name="goals"),
    path("surveys/health/", views.HealthTrendView.as_view(), name="health_trend"),
    path("surveys/health/new/", views.HealthSurveyCreateView.as_view(), name="health_new"),
    path("surveys/<int:pk>/results/", views.SurveyResultsView.as_view(), name="survey_results"),
    path("surveys/<int:pk>/recipients/", views.SurveyRecipientsView.as_view(), name="survey_recipients"),
    re_path(
        r"^surveys/(?P<pk>[0-9]+)/(?P<what>send|remind|close)/$", views.SurveyActionView.as_view(), name="survey_action"
    ),
    # The personal link of a survey recipient: no login, the token is the key.
    path("s/<str:token>/", views.SurveyAnswerView.as_view(), name="survey_answer"),
    *object_urls(
        Survey,
        {
            "list": views.SurveyListView,
            "detail": views.SurveyDetailView,
            "edit": views.SurveyEditView,
            "delete": views.SurveyDeleteView,
            "history": views.SurveyHistoryView,
        },
    ),
    *object_urls(
        Question,
        {
            "list": views.QuestionListView,
            "detail": views.QuestionDetailView,
            "edit": views.QuestionEditView,
            "delete": views.QuestionDeleteView,
            "history": views.QuestionHistoryView,
        },
    ),
    *object_urls(
        Benefit,
        {
            "list": views.BenefitListView,
            "detail": views.BenefitDetailView,
            "edit": views.BenefitEditView,
            "delete": views.BenefitDeleteView,
            "history": views.BenefitHistoryView,
        },
    ),
    *object_urls(
        Goal,
        {
            "list": views.GoalListView,
            "detail": views.GoalDetailView,
            "edit": views.GoalEditView,
            "delete": views.GoalDeleteView,
            "history": views.GoalHistoryView,
        },
    ),
]
