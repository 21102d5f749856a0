from django.urls import path

from samdrift.core.urls_helpers import moved, object_urls

from . import views
from .models import Category, DeskSettings

app_name = "servicedesk"

urlpatterns = [
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path("tickets/add/", views.TicketCreateView.as_view(), name="ticket_add"),
    path("tickets/bulk/", views.BulkView.as_view(), name="ticket_bulk"),
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/edit/", views.TicketEditView.as_view(), name="ticket_edit"),
    path("tickets/<int:pk>/reply/", views.ReplyView.as_view(), name="ticket_reply"),
    path("tickets/<int:pk>/status/", views.StatusView.as_view(), name="ticket_status"),
    path("tickets/<int:pk>/assign/", views.AssignView.as_view(), name="ticket_assign"),
    path("tickets/<int:pk>/time/", views.TimeEntryView.as_view(), name="ticket_time"),
    path("tickets/<int:pk>/link/", views.LinkView.as_view(), name="ticket_link"),
    path("tickets/<int:pk>/reopen/", views.ReopenView.as_view(), name="ticket_reopen"),
    path("tickets/<int:pk>/rate/", views.RateView.as_view(), name="ticket_rate"),
    path(
        "tickets/<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("queues/", views.QueuesView.as_view(), name="queues"),
    path("reports/sla/", views.SLAReportView.as_view(), name="sla_report"),
    path("mine/", views.MyTicketsView.as_view(), name="my_tickets"),
    path("views/", views.SavedViewCreateView.as_view(), name="view_save"),
    path("views/<int:pk>/delete/", views.SavedViewDeleteView.as_view(), name="view_delete"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
    path("portal/", views.PortalView.as_view(), name="portal"),
    path("portal/new/", views.PortalNewView.as_view(), name="portal_new"),
    path("portal/order/", views.PortalOrderListView.as_view(), name="portal_order_list"),
    path("portal/order/<int:pk>/", views.PortalOrderView.as_view(), name="portal_order"),
    *object_urls(
        Category,
        {
            "list": views.CategoryListView,
            "detail": views.CategoryDetailView,
            "edit": views.CategoryEditView,
            "delete": views.CategoryDeleteView,
            "history": views.CategoryHistoryView,
        },
    ),
    *object_urls(
        DeskSettings,
        {
            "list": views.DeskSettingsListView,
            "detail": views.DeskSettingsDetailView,
            "edit": views.DeskSettingsEditView,
            "history": views.DeskSettingsHistoryView,
        },
        plural="desksettings",
    ),
    moved("desksettingss", "desksettings"),  # the misspelt first URL: old links keep working
]
