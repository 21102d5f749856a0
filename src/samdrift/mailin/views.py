"""Mailboxes and mail domains through the generic object views; received mail read-only."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column, display, resolve

from . import actions, forms
from .filtersets import InboundMessageFilterSet, MailboxFilterSet, MailDomainFilterSet
from .models import InboundMessage, Mailbox, MailDomain

MAILBOX_FIELDS = [
    "collaboration",
    "name",
    "address",
    "unit",
    "host",
    "port",
    "username",
    "folder",
    "unknown_senders",
    "is_active",
    "last_fetch_at",
    "last_error",
]


class MailboxListView(generic.ObjectListView):
    model = Mailbox
    select_related = ("collaboration", "unit")
    filterset_class = MailboxFilterSet
    columns = [
        Column("name", link=True),
        Column("address"),
        Column("unit"),
        Column("is_active"),
        Column("last_fetch_at"),
    ]


class MailboxDetailView(generic.ObjectDetailView):
    model = Mailbox
    select_related = ("collaboration", "unit")
    fields = MAILBOX_FIELDS


class MailboxEditView(generic.ObjectEditView):
    model = Mailbox
    form_class = forms.MailboxForm
    create_action = actions.do_create_mailbox
    update_action = actions.do_update_mailbox


class MailboxDeleteView(generic.ObjectDeleteView):
    model = Mailbox
    delete_action = actions.do_delete_mailbox


class MailboxHistoryView(generic.ObjectHistoryView):
    model = Mailbox


class MailDomainListView(generic.ObjectListView):
    model = MailDomain
    select_related = ("member",)
    filterset_class = MailDomainFilterSet
    columns = [Column("domain", link=True), Column("member")]


class MailDomainDetailView(generic.ObjectDetailView):
    model = MailDomain
    select_related = ("member",)
    fields = ["domain", "member"]


class MailDomainEditView(generic.ObjectEditView):
    model = MailDomain
    form_class = forms.MailDomainForm
    create_action = actions.do_create_mail_domain
    update_action = actions.do_update_mail_domain


class MailDomainDeleteView(generic.ObjectDeleteView):
    model = MailDomain
    delete_action = actions.do_delete_mail_domain


class MailDomainHistoryView(generic.ObjectHistoryView):
    model = MailDomain


class InboundMessageListView(generic.ObjectListView):
    model = InboundMessage
    select_related = ("mailbox", "ticket")
    filterset_class = InboundMessageFilterSet
    columns = [
        Column("received_at", link=True),
        Column("sender"),
        Column("subject"),
        Column("outcome"),
        Column("ticket"),
    ]

    addable = False  # only the fetch records messages


class InboundMessageDetailView(LoginRequiredMixin, View):
    """One received message: read-only (only the fetch writes them)."""

    FIELDS = ["mailbox", "message_id", "received_at", "sender", "subject", "outcome", "ticket", "detail", "size"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = InboundMessage.objects.visible_to(request.user).select_related("mailbox", "ticket")
        message = access.get_visible_or_404(queryset, request.user, pk=pk)
        meta = InboundMessage._meta
        rows = [
            (getattr(meta.get_field(name), "verbose_name", name), display(resolve(message, name)))
            for name in self.FIELDS
        ]
        context = {
            "model": InboundMessage,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": reverse("mailin:inboundmessage_list"),
            "object": message,
            "rows": rows,
            "title": str(message),
            "can_manage": False,
            "can_view_audit": False,
            "related_tables": [],
        }
        return render(request, "core/object_detail.html", context)
