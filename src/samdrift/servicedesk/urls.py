from django.urls import path

from samdrift.core.urls_helpers import moved

from . import views

app_name = "servicedesk"

urlpatterns = [
    # Tickets, categories and desk settings: pages, actions and URLs from their declarations.
    *views.TICKETS.urls(),
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
    *views.MAJOR_INCIDENTS.urls(),
    *views.CATEGORIES.urls(),
    *views.DESK_SETTINGS.urls(),
    *views.REPLY_TEMPLATES.urls(),
    moved("desksettingss", "desksettings"),  # the misspelt first URL: old links keep working
]
