from samdrift.core.urls_helpers import object_urls

from . import views
from .models import Collaboration, Department, Member, Population, Unit

app_name = "tenancy"

v = views
urlpatterns = [
    *object_urls(
        Collaboration,
        {
            "list": v.CollaborationListView,
            "detail": v.CollaborationDetailView,
            "edit": v.CollaborationEditView,
            "history": v.CollaborationHistoryView,
        },
    ),
    *object_urls(
        Member,
        {
            "list": v.MemberListView,
            "detail": v.MemberDetailView,
            "edit": v.MemberEditView,
            "history": v.MemberHistoryView,
        },
    ),
    *object_urls(
        Population,
        {
            "list": v.PopulationListView,
            "detail": v.PopulationDetailView,
            "edit": v.PopulationEditView,
            "delete": v.PopulationDeleteView,
            "history": v.PopulationHistoryView,
        },
    ),
    *object_urls(
        Department,
        {
            "list": v.DepartmentListView,
            "detail": v.DepartmentDetailView,
            "edit": v.DepartmentEditView,
            "delete": v.DepartmentDeleteView,
            "history": v.DepartmentHistoryView,
        },
    ),
    *object_urls(
        Unit,
        {
            "list": v.UnitListView,
            "detail": v.UnitDetailView,
            "edit": v.UnitEditView,
            "delete": v.UnitDeleteView,
            "history": v.UnitHistoryView,
        },
    ),
]
