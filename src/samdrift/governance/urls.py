from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views as v
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

app_name = "governance"


def crud(model, prefix: str, *, delete: bool = False):  # type: ignore[no-untyped-def]
    names = {"list": "ListView", "detail": "DetailView", "edit": "EditView", "history": "HistoryView"}
    if delete:
        names["delete"] = "DeleteView"
    return object_urls(model, {action: getattr(v, f"{prefix}{suffix}") for action, suffix in names.items()})


urlpatterns = [
    path("", v.GovernanceHomeView.as_view(), name="home"),
    *crud(CaseSeries, "CaseSeries"),
    *crud(Body, "Body"),
    *crud(Membership, "Membership"),
    *crud(Recipient, "Recipient", delete=True),
    *crud(Matter, "Matter"),
    *crud(Document, "Document"),
    path("documents/<int:pk>/file/", v.DocumentFileView.as_view(), name="document_file"),
    *crud(Meeting, "Meeting"),
    path("meetings/<int:pk>/calendar.ics", v.MeetingCalendarView.as_view(), name="meeting_ics"),
    path("meetings/<int:pk>/<str:what>/", v.MeetingActionView.as_view(), name="meeting_action"),
    *crud(Attendance, "Attendance", delete=True),
    *crud(AgendaItem, "AgendaItem", delete=True),
    path("agendaitems/<int:pk>/move/", v.MoveItemView.as_view(), name="agendaitem_move"),
    path("agendaitems/<int:pk>/snapshot/", v.AttachSnapshotView.as_view(), name="agendaitem_snapshot"),
    *object_urls(
        ReportSnapshot,
        {
            "list": v.ReportSnapshotListView,
            "detail": v.ReportSnapshotDetailView,
            "history": v.ReportSnapshotHistoryView,
        },
    ),
    path("reportsnapshots/<int:pk>/report.pdf", v.ReportSnapshotFileView.as_view(), name="reportsnapshot_file"),
    *crud(Decision, "Decision"),
    path("decisions/<int:pk>/dispatch/", v.DispatchView.as_view(), name="decision_dispatch"),
    *crud(Minutes, "Minutes"),
    path("minutess/<int:pk>/<str:what>/", v.MinutesActionView.as_view(), name="minutes_action"),
    *object_urls(Signature, {"list": v.SignatureListView, "detail": v.SignatureDetailView}),
    path("papers/<str:paper>/<int:pk>.pdf", v.PaperView.as_view(), name="paper"),
]
