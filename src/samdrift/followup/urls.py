from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views
from .models import Benefit, Goal

app_name = "followup"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("report/", views.DeliveryReportView.as_view(), name="delivery_report"),
    path("economy/", views.EconomyView.as_view(), name="economy"),
    path("goals/overview/", views.GoalOverviewView.as_view(), name="goals"),
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
