from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views
from .models import Mailbox, MailDomain

app_name = "mailin"

urlpatterns = [
    *object_urls(
        Mailbox,
        {
            "list": views.MailboxListView,
            "detail": views.MailboxDetailView,
            "edit": views.MailboxEditView,
            "delete": views.MailboxDeleteView,
            "history": views.MailboxHistoryView,
        },
    ),
    *object_urls(
        MailDomain,
        {
            "list": views.MailDomainListView,
            "detail": views.MailDomainDetailView,
            "edit": views.MailDomainEditView,
            "delete": views.MailDomainDeleteView,
            "history": views.MailDomainHistoryView,
        },
    ),
    path("messages/", views.InboundMessageListView.as_view(), name="inboundmessage_list"),
    path("messages/<int:pk>/", views.InboundMessageDetailView.as_view(), name="inboundmessage_detail"),
]
