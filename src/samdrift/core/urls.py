from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
    path("jobs/", views.JobsView.as_view(), name="jobs"),
    path("lookup/<slug:name>/", views.LookupView.as_view(), name="lookup"),
]
