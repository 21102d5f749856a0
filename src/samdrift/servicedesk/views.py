"""Agent workspace, requester portal and ticket pages. Views parse, check, call one action."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts import policy
from samdrift.accounts.models import signed_in
from samdrift.catalog.choices import ServiceState
from samdrift.catalog.models import OrderField, Service
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.core.views import PAGE_SIZE, CappedPaginator, apply_errors

from . import actions, forms, portal, queries, slareport, workflow
from .access import can_raise_for, can_work_ticket, is_requester_of
from .choices import Status
from .filtersets import (
    CategoryFilterSet,
    DeskSettingsFilterSet,
    MajorIncidentFilterSet,
    ReplyTemplateFilterSet,
    TicketFilterSet,
)
from .models import (
    Attachment,
    Category,
    DeskSettings,
    MajorIncident,
    Notification,
    Rating,
    ReplyTemplate,
    SavedView,
    Ticket,
)
from .replytemplates import render_for_ticket, templates_for

LIST_RELATED = ("member", "department", "unit", "assignee", "requester")
SEARCH_COUNT_CAP = 1_000


def visible_tickets(request: HttpRequest) -> models.QuerySet[Ticket]:
    return Ticket.objects.visible_to(request.user)


def is_desk_staff(user: Any) -> bool:
    return access.has_any_role(user, policy.DESK_STAFF)


class TicketListView(generic.ObjectListView):
    """The agent workspace list (and each queue): filters, sorting, saved views, bulk
    actions, and "Ta ärendet" on every row."""

    model = Ticket
    select_related = LIST_RELATED
    filterset_class = TicketFilterSet
    ordering = ("-created",)
    template_name = "servicedesk/ticket_list.html"
    columns = [
        Column("number", link=True),
        Column("subject"),
        Column("status"),
        Column("priority"),
        Column("member"),
        Column("unit"),
        Column("assignee"),
        Column("due_at"),
    ]

    # An orderer's list (their member's tickets or their own, an OR) has no index in its
    # "newest first" order: the sort holds some 40,000 rows for the first 50, so it holds
    # only their keys.
    late_rows = True

    def count_cap(self) -> int | None:
        # Counting search hits reads each hit's vector: a lower cap keeps a common word cheap.
        return SEARCH_COUNT_CAP if self.request.GET.get("q") else None

    def extra_context(self, page: Any, filterset: Any) -> dict[str, Any]:
        request = self.request
        staff = is_desk_staff(request.user)
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "staff": staff,
            "bulk_form": forms.BulkForm(user=request.user) if staff else None,
            "saved_views": SavedView.objects.filter(user=signed_in(request)) if staff else [],
            "save_view_form": forms.SavedViewForm(initial={"query": query.urlencode()}),
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "major_incidents": queries.major_incidents(request.user).select_related("unit")[:10],
        }


class QueuesView(LoginRequiredMixin, View):
    """Open tickets per assignment group; each queue is the list filtered by its unit."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_desk_staff(request.user):
            raise PermissionDenied
        context = {
            "queues": queries.queue_counts(request.user),
            "mine": queries.open_tickets(visible_tickets(request).filter(assignee=signed_in(request))).count(),
            "major_incidents": queries.major_incidents(request.user).select_related("unit"),
        }
        return render(request, "servicedesk/queues.html", context)


def queue_url(**params: Any) -> str:
    return f"{reverse('servicedesk:ticket_list')}?{urlencode({'state': 'open', 'sort': 'due_at', **params})}"


class MyTicketsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(queue_url(assignee=request.user.pk))


class TicketCreateView(generic.ObjectEditView):
    """Desk staff register a ticket, e.g. during a phone call, on someone's behalf
    (``actions.DESK_INTAKE``; the portal and the API take the same path)."""

    model = Ticket
    form_class = forms.AgentTicketForm
    template_name = "servicedesk/ticket_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not is_desk_staff(request.user):
            return HttpResponseRedirect(reverse("servicedesk:portal_new"))
        return super().dispatch(request, *args, **kwargs)

    def editable_object(self, pk: int | None) -> Any:
        return None

    def may_save(self, form: Any) -> bool:
        return True  # who may register for whom is the intake's check, in the action

    def save(self, form: Any, obj: Any) -> Any:
        data = form.changes()
        return actions.do_raise_ticket(
            acting_user=signed_in(self.request),
            intake=actions.DESK_INTAKE,
            data=data,
            attachments=form.cleaned_data.get("attachments") or (),
        )

    def saved_message(self, saved: Any, *, created: bool) -> str:
        return _("Ticket %(number)s was registered.") % {"number": saved.number}

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": _("Register a ticket")}
        return render(self.request, self.template_name, context, status=status)


class TicketEditView(generic.ObjectEditView):
    """Desk staff correct a ticket's fields (not its status: that is an action)."""

    model = Ticket
    form_class = forms.AgentTicketForm
    update_action = actions.do_update_ticket
    template_name = "servicedesk/ticket_form.html"

    def editable_object(self, pk: int | None) -> Any:
        ticket = self.get_object(pk) if pk is not None else None
        if ticket is None or not can_work_ticket(self.request.user, ticket):
            raise PermissionDenied
        return ticket

    def may_save(self, form: Any) -> bool:
        return True  # editable_object checked that the user works this ticket

    def saved_message(self, saved: Any, *, created: bool) -> str:
        return _("%(object)s was saved.") % {"object": saved.number}

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "ticket": obj, "title": _("Edit %(object)s") % {"object": obj.number}}
        return render(self.request, self.template_name, context, status=status)


class TicketDetailView(generic.ObjectDetailView):
    """One ticket: its facts, one timeline, and the forms the user may use."""

    model = Ticket
    select_related: ClassVar[tuple[str, ...]] = (*LIST_RELATED, "category", "parent", "service", "merged_into")
    fields: ClassVar[list[str]] = []  # the ticket page lays out its own facts
    template_name = "servicedesk/ticket_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        ticket: Ticket = obj
        user = self.request.user
        staff = can_work_ticket(user, ticket)
        own = is_requester_of(user, ticket)
        settings = actions.desk_settings(ticket.collaboration_id)
        version = {"version": ticket.version}
        rating = Rating.objects.filter(ticket=ticket).first()
        context: dict[str, Any] = {
            "ticket": ticket,
            "staff": staff,
            "own": own,
            "events": queries.timeline(ticket, user),
            "children": visible_tickets(self.request).filter(parent=ticket),
            "links": self.related(ticket),
            "merged": visible_tickets(self.request).filter(merged_into=ticket).order_by("pk"),
            "can_reply": ticket.status != Status.CLOSED,
            "rating": rating,
            "handler_required": settings.require_assignee_to_resolve,
        }
        context |= self.reply_context(ticket, staff)
        if staff:
            status_form = forms.StatusForm(initial=version)
            status_form.fields["status"].choices = [  # type: ignore[attr-defined]
                ("", "---------"),
                *((s, Status(s).label) for s in workflow.allowed_targets(ticket.status)),
            ]
            context |= {
                "status_form": status_form,
                "assign_form": forms.AssignForm(
                    user=user, initial={**version, "unit": ticket.unit_id, "assignee": ticket.assignee}
                ),
                "take_form": forms.TakeForm(initial=version) if ticket.assignee_id != user.pk else None,
                "time_form": forms.TimeEntryForm(),
                "link_form": forms.LinkForm(),
                "merge_form": forms.MergeForm(initial=version) if ticket.status != Status.CLOSED else None,
            }
            incident = MajorIncident.objects.filter(ticket=ticket).first()
            context["incident"] = incident
            if incident is None and ticket.is_open and ticket.parent_id is None:
                context["declare_form"] = forms.DeclareIncidentForm(
                    ticket=ticket,
                    user=user,
                    initial={**version, "title": ticket.subject, "service": ticket.service_id},
                )
        if (
            own
            and ticket.status == Status.RESOLVED
            and workflow.may_reopen(ticket.resolved_at, timezone.now(), settings.reopen_days)
        ):
            context["reopen_form"] = forms.ReopenForm()
        if own and ticket.status in (Status.RESOLVED, Status.CLOSED):
            context["rating_form"] = forms.RatingForm(initial={"score": rating.score} if rating else None)
        return context

    def reply_context(self, ticket: Ticket, staff: bool) -> dict[str, Any]:
        """The reply form and the reply templates staff may use, the form pre-filled from
        ``?reply_template=<pk>`` (works without JavaScript)."""
        templates = list(templates_for(ticket, self.request.user)) if staff else []
        chosen = self.request.GET.get("reply_template", "")
        template = next((t for t in templates if str(t.pk) == chosen), None)
        form, unknown = forms.ReplyForm(), []
        if template is not None:
            rendered = render_for_ticket(template, ticket, self.request.user)
            form = forms.ReplyForm(initial={"body": rendered.text, "is_internal": template.is_internal})
            unknown = rendered.unknown
        return {
            "reply_form": form,
            "reply_templates": templates,
            "reply_template_chosen": chosen,
            "template_unknown": unknown,
        }

    def related(self, ticket: Ticket) -> list[Ticket]:
        ids = set(ticket.links_out.values_list("related_id", flat=True)) | set(
            ticket.links_in.values_list("ticket_id", flat=True)
        )
        return list(visible_tickets(self.request).filter(pk__in=ids))


class TicketActionView(generic.ObjectActionView, TicketDetailView):
    """One form on the ticket page, posted: one action, then back to the ticket (or the
    ticket page again with the form and its errors)."""

    select_related: ClassVar[tuple[str, ...]] = LIST_RELATED
    template_name = "servicedesk/ticket_detail.html"
    staff_only = True

    def check(self, obj: Any) -> None:
        if self.staff_only and not can_work_ticket(self.request.user, obj):
            raise PermissionDenied


class ReplyView(TicketActionView):
    staff_only = False
    form_class = forms.ReplyForm
    form_name = "reply_form"
    success_message = gettext_lazy("Your message was added.")

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        actions.do_add_comment(
            obj,
            acting_user=signed_in(self.request),
            body=data["body"],
            is_internal=data["is_internal"],
            attachments=data["attachments"],
        )


class StatusView(TicketActionView):
    form_class = forms.StatusForm
    form_name = "status_form"
    success_message = gettext_lazy("The status was changed.")

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        actions.do_change_status(
            obj,
            acting_user=signed_in(self.request),
            expected_version=data["version"],
            status=data["status"],
            note=data["note"],
            require_handler=True,
        )


class AssignView(TicketActionView):
    form_class = forms.AssignForm
    form_name = "assign_form"
    success_message = gettext_lazy("The ticket was assigned.")

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user}

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        actions.do_assign(
            obj,
            acting_user=signed_in(self.request),
            expected_version=data["version"],
            unit=data["unit"],
            assignee=data["assignee"],
        )


class TakeView(TicketActionView):
    """ "Ta ärendet": one click on the queue or the ticket page makes me the handler."""

    form_class = forms.TakeForm
    form_name = "take_form"
    success_message = gettext_lazy("You took the ticket.")

    def act(self, obj: Any, form: Any) -> None:
        actions.do_take(obj, acting_user=signed_in(self.request), expected_version=form.cleaned_data["version"])

    def success_url(self, obj: Any) -> str:
        back = self.request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}):
            return back
        return super().success_url(obj)


class TimeEntryView(TicketActionView):
    form_class = forms.TimeEntryForm
    form_name = "time_form"
    success_message = gettext_lazy("The time was logged.")

    def act(self, obj: Any, form: Any) -> None:
        actions.do_log_time(obj, acting_user=signed_in(self.request), **form.cleaned_data)


class LinkView(TicketActionView):
    form_class = forms.LinkForm
    form_name = "link_form"
    success_message = gettext_lazy("The tickets are now related.")

    def act(self, obj: Any, form: Any) -> None:
        number = form.cleaned_data["number"].strip().upper()
        related = visible_tickets(self.request).filter(collaboration=obj.collaboration, number=number).first()
        if related is None:
            raise ValidationError({"number": _("No ticket with that number.")})
        actions.do_link_tickets(obj, related, acting_user=signed_in(self.request))


class MergeView(TicketActionView):
    """Merge this ticket into another by its number; then show the ticket that stays."""

    form_class = forms.MergeForm
    form_name = "merge_form"
    success_message = gettext_lazy("The tickets were merged.")

    def act(self, obj: Any, form: Any) -> None:
        number = form.cleaned_data["number"].strip().upper()
        target = visible_tickets(self.request).filter(collaboration=obj.collaboration, number=number).first()
        if target is None:
            raise ValidationError({"number": _("No ticket with that number.")})
        self.kept = actions.do_merge_tickets(
            obj, target, acting_user=signed_in(self.request), expected_version=form.cleaned_data["version"]
        )

    def success_url(self, obj: Any) -> str:
        return str(self.kept.get_absolute_url())


def tickets_by_numbers(request: HttpRequest, collaboration_id: int, text: str) -> list[Ticket]:
    """The tickets of the collaboration the user sees, by the numbers typed in ``numbers``;
    a number that finds none is a form error naming it."""
    numbers = forms.ticket_numbers(text)
    found = {
        t.number: t for t in visible_tickets(request).filter(collaboration_id=collaboration_id, number__in=numbers)
    }
    unknown = [number for number in numbers if number not in found]
    if unknown:
        raise ValidationError(
            {"numbers": _("No ticket with the number %(numbers)s.") % {"numbers": ", ".join(unknown)}}
        )
    return [found[number] for number in numbers]


class DeclareIncidentView(TicketActionView):
    """Declare the ticket a major incident; then show the incident."""

    form_class = forms.DeclareIncidentForm
    form_name = "declare_form"
    success_message = gettext_lazy("The major incident is declared and published on Driftinformation.")

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"ticket": obj, "user": self.request.user}

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        self.incident = actions.do_declare_major_incident(
            obj,
            acting_user=signed_in(self.request),
            expected_version=data["version"],
            service=data["service"],
            title=data["title"],
            public_text=data["public_text"],
            impact=data["impact"],
            affected_members=list(data["affected_members"]),
            linked=tickets_by_numbers(self.request, obj.collaboration_id, data["numbers"]),
        )

    def success_url(self, obj: Any) -> str:
        return str(self.incident.get_absolute_url())


class ReopenView(TicketActionView):
    staff_only = False
    form_class = forms.ReopenForm
    form_name = "reopen_form"
    success_message = gettext_lazy("The ticket was reopened.")

    def check(self, obj: Any) -> None:
        if not (is_requester_of(self.request.user, obj) or can_work_ticket(self.request.user, obj)):
            raise PermissionDenied

    def act(self, obj: Any, form: Any) -> None:
        actions.do_reopen(obj, acting_user=signed_in(self.request), reason=form.cleaned_data["reason"])


class RateView(TicketActionView):
    staff_only = False
    form_class = forms.RatingForm
    form_name = "rating_form"
    success_message = gettext_lazy("Thank you for your rating.")

    def act(self, obj: Any, form: Any) -> None:
        actions.do_rate(obj, acting_user=signed_in(self.request), **form.cleaned_data)


class TicketHistoryView(generic.ObjectHistoryView):
    """Every recorded change of the ticket, readable (labels, local times, names)."""

    model = Ticket


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
        attachment = access.get_visible_or_404(Attachment, request.user, pk=attachment_pk, ticket_id=pk)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


class BulkView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_desk_staff(request.user):
            raise PermissionDenied
        form = forms.BulkForm(request.POST, user=request.user)
        back = reverse("servicedesk:ticket_list") + "?" + request.POST.get("query", "")
        if not form.is_valid():
            messages.error(request, _("Choose at least one ticket and what to do."))
            return HttpResponseRedirect(back)
        tickets = [t for t in form.cleaned_data["tickets"] if can_work_ticket(request.user, t)]
        data = form.cleaned_data
        if data["action"] == "assign":
            count = actions.do_bulk_assign(
                tickets, acting_user=signed_in(request), unit=data["unit"], assignee=data["assignee"]
            )
            messages.success(request, _("%(count)s tickets were assigned.") % {"count": count})
        elif data["status"]:
            changed, skipped = actions.do_bulk_status(
                tickets, acting_user=signed_in(request), status=data["status"], require_handler=True
            )
            messages.success(
                request,
                _("%(changed)s tickets changed status; %(skipped)s could not.")
                % {"changed": changed, "skipped": skipped},
            )
        elif data["action"] == "classify":
            wanted = {name: data[name] for name in ("impact", "urgency", "category")}
            if all(value is None for value in wanted.values()):
                messages.error(request, _("Choose a new impact, urgency or category."))
                return HttpResponseRedirect(back)
            changed, skipped = actions.do_bulk_classify(tickets, acting_user=signed_in(request), **wanted)
            messages.success(
                request,
                _("%(changed)s tickets were changed; %(skipped)s could not be.")
                % {"changed": changed, "skipped": skipped},
            )
        elif data["action"] == "incident":
            if data["incident"] is None:
                messages.error(request, _("Choose the major incident."))
                return HttpResponseRedirect(back)
            try:
                linked, skipped = actions.do_link_to_incident(data["incident"], tickets, acting_user=signed_in(request))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(back)
            messages.success(
                request,
                _("%(linked)s tickets were linked to the major incident; %(skipped)s could not be.")
                % {"linked": linked, "skipped": skipped},
            )
        else:
            messages.error(request, _("Choose the new status."))
        return HttpResponseRedirect(back)


class MajorIncidentListView(generic.ObjectListView):
    """Major incidents (allvarliga störningar), open ones first."""

    model = MajorIncident
    select_related = ("ticket", "disruption", "disruption__service")
    filterset_class = MajorIncidentFilterSet
    ordering = ("-created",)
    addable = False  # declared from a ticket's page
    columns = [
        Column("ticket.number", label=gettext_lazy("Ticket"), link=True),
        Column("disruption.title", label=gettext_lazy("Title")),
        Column("disruption.service", label=gettext_lazy("Service")),
        Column("created", label=gettext_lazy("Declared")),
        Column("resolved_at"),
    ]


class MajorIncidentDetailView(generic.ObjectDetailView):
    """One major incident: the disruption, the linked tickets, the timeline, and the forms
    that link more tickets, send an update to all requesters, and resolve it."""

    model = MajorIncident
    select_related = ("ticket", "disruption", "disruption__service", "declared_by")
    template_name = "servicedesk/majorincident_detail.html"
    fields: ClassVar[list[str]] = [
        "ticket",
        "disruption",
        "disruption.service",
        "disruption.affected_members_display",
        "declared_by",
        "created",
        "resolved_at",
        "closing_message",
    ]
    labels: ClassVar[dict[str, Any]] = {
        "disruption.affected_members_display": gettext_lazy("Affected members"),
        "created": gettext_lazy("Declared"),
    }

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        return super().label(name)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        incident: MajorIncident = obj
        children = list(
            visible_tickets(self.request)
            .filter(parent_id=incident.ticket_id)
            .select_related("member", "requester", "assignee")
            .order_by("pk")
        )
        context: dict[str, Any] = {
            "can_manage": False,
            "incident": incident,
            "children": children,
            "open_children": sum(1 for child in children if child.is_open),
            "entries": list(incident.entries.select_related("author")),
            "can_act": incident.is_open and can_work_ticket(self.request.user, incident.ticket),
        }
        if context["can_act"]:
            context |= {
                "link_form": forms.IncidentLinkForm(),
                "update_form": forms.IncidentUpdateForm(),
                "resolve_form": forms.IncidentResolveForm(initial={"version": incident.version}),
            }
        return context


class IncidentActionView(generic.ObjectActionView, MajorIncidentDetailView):
    """One form on the major-incident page, posted (see :class:`TicketActionView`)."""

    template_name = "servicedesk/majorincident_detail.html"

    def check(self, obj: Any) -> None:
        if not can_work_ticket(self.request.user, obj.ticket):
            raise PermissionDenied


class IncidentLinkView(IncidentActionView):
    form_class = forms.IncidentLinkForm
    form_name = "link_form"

    def act(self, obj: Any, form: Any) -> None:
        tickets = tickets_by_numbers(self.request, obj.collaboration_id, form.cleaned_data["numbers"])
        linked, skipped = actions.do_link_to_incident(obj, tickets, acting_user=signed_in(self.request))
        messages.success(
            self.request,
            _("%(linked)s tickets were linked to the major incident; %(skipped)s could not be.")
            % {"linked": linked, "skipped": skipped},
        )


class IncidentUpdateView(IncidentActionView):
    form_class = forms.IncidentUpdateForm
    form_name = "update_form"

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        told = actions.do_send_incident_update(
            obj, acting_user=signed_in(self.request), body=data["body"], publish=data["publish"]
        )
        messages.success(self.request, _("The update was sent to %(count)s requesters.") % {"count": told})


class IncidentResolveView(IncidentActionView):
    form_class = forms.IncidentResolveForm
    form_name = "resolve_form"
    success_message = gettext_lazy("The major incident is resolved, and so are its linked tickets.")

    def act(self, obj: Any, form: Any) -> None:
        data = form.cleaned_data
        actions.do_resolve_major_incident(
            obj,
            acting_user=signed_in(self.request),
            expected_version=data["version"],
            closing_message=data["closing_message"],
        )


class MajorIncidentHistoryView(generic.ObjectHistoryView):
    model = MajorIncident


class SavedViewCreateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.SavedViewForm(request.POST)
        if form.is_valid():
            view = actions.do_save_view(acting_user=signed_in(request), **form.cleaned_data)
            messages.success(request, _("The view %(name)s was saved.") % {"name": view.name})
            return HttpResponseRedirect(reverse("servicedesk:ticket_list") + "?" + view.query)
        messages.error(request, _("Give the view a name."))
        return HttpResponseRedirect(reverse("servicedesk:ticket_list") + "?" + request.POST.get("query", ""))


class SavedViewDeleteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = get_object_or_404(SavedView.objects.filter(user=signed_in(request)), pk=pk)
        actions.do_delete_view(view, acting_user=signed_in(request))
        return HttpResponseRedirect(reverse("servicedesk:ticket_list"))


class NotificationsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = Notification.objects.filter(user=signed_in(request)).select_related("ticket")
        page = CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "servicedesk/notifications.html", {"page": page})

    def post(self, request: HttpRequest) -> HttpResponse:
        actions.do_mark_notifications_read(acting_user=signed_in(request))
        return HttpResponseRedirect(reverse("servicedesk:notifications"))


class PortalView(LoginRequiredMixin, View):
    """The requester's start: my tickets and a button to raise a new one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        mine = Ticket.objects.filter(models.Q(requester=signed_in(request)) | models.Q(created_by=signed_in(request)))
        mine = mine.select_related("unit").order_by("-created")
        # An agent has registered thousands (an OR, no index in this order): sort keys only.
        page = CappedPaginator(mine, PAGE_SIZE, late_rows=True).get_page(request.GET.get("page"))
        return render(request, "servicedesk/portal.html", {"page": page})


class PortalNewView(LoginRequiredMixin, View):
    """A requester raises a ticket (``actions.PORTAL_INTAKE``: plain questions only)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(forms.PortalTicketForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.PortalTicketForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            try:
                ticket = actions.do_raise_ticket(
                    acting_user=signed_in(request), intake=actions.PORTAL_INTAKE, data=data, attachments=files
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you! Your ticket has number %(number)s.") % {"number": ticket.number}
                )
                return HttpResponseRedirect(ticket.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form: Any, status: int = 200) -> HttpResponse:
        return render(self.request, "servicedesk/portal_new.html", {"form": form}, status=status)


class PortalOrderListView(LoginRequiredMixin, View):
    """The services a requester can order in the portal."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        services = orderable_services(request.user).select_related("owner_unit")
        terms = [portal.order_terms(service, request.user, today) for service in services]
        return render(request, "servicedesk/portal_order_list.html", {"offers": terms})


class PortalOrderView(LoginRequiredMixin, View):
    """Order one service: its order form; a sent order becomes a service request."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = get_object_or_404(orderable_services(request.user), pk=pk)
        return self.render(service, forms.OrderForm(questions=order_questions(service)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = get_object_or_404(orderable_services(request.user), pk=pk)
        form = forms.OrderForm(request.POST, questions=order_questions(service))
        if form.is_valid():
            if not can_raise_for(request.user, request.user):
                form.add_error(
                    None,
                    _("Your account is not connected to a member municipality. Contact the service desk by phone."),
                )
            else:
                try:
                    ticket = actions.do_order_service(
                        acting_user=signed_in(request),
                        requester=request.user,
                        service=service,
                        answers=form.answers(),
                        message=form.cleaned_data["message"],
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request, _("Thank you! Your order has number %(number)s.") % {"number": ticket.number}
                    )
                    return HttpResponseRedirect(ticket.get_absolute_url())
        return self.render(service, form, status=400)

    def render(self, service: Service, form: Any, status: int = 200) -> HttpResponse:
        terms = portal.order_terms(service, self.request.user, timezone.localdate())
        context = {"service": service, "form": form, "terms": terms}
        return render(self.request, "servicedesk/portal_order.html", context, status=status)


def orderable_services(user: Any) -> models.QuerySet[Service]:
    return Service.objects.visible_to(user).filter(orderable=True, state=ServiceState.ACTIVE).order_by("name")


def order_questions(service: Service) -> list[OrderField]:
    return list(service.order_fields.order_by("position", "pk"))


# Configuration: categories and desk settings, through the generic object views.
class CategoryListView(generic.ObjectListView):
    model = Category
    select_related = ("parent", "default_unit")
    filterset_class = CategoryFilterSet
    columns = [Column("name", link=True), Column("parent"), Column("default_unit"), Column("is_active")]


class CategoryDetailView(generic.ObjectDetailView):
    model = Category
    select_related = ("parent", "default_unit", "collaboration")
    fields = ["name", "parent", "collaboration", "default_unit", "is_active"]


class CategoryEditView(generic.ObjectEditView):
    model = Category
    form_class = forms.CategoryForm
    create_action = actions.do_create_category
    update_action = actions.do_update_category


class CategoryDeleteView(generic.ObjectDeleteView):
    model = Category
    delete_action = actions.do_delete_category


class CategoryHistoryView(generic.ObjectHistoryView):
    model = Category


class ReplyTemplateListView(generic.ObjectListView):
    model = ReplyTemplate
    select_related = ("unit",)
    filterset_class = ReplyTemplateFilterSet
    columns = [Column("title", link=True), Column("unit"), Column("is_internal"), Column("is_active")]


class ReplyTemplateDetailView(generic.ObjectDetailView):
    model = ReplyTemplate
    select_related = ("unit", "collaboration")
    fields = ["title", "collaboration", "unit", "body", "is_internal", "is_active"]


class ReplyTemplateEditView(generic.ObjectEditView):
    model = ReplyTemplate
    form_class = forms.ReplyTemplateForm
    create_action = actions.do_create_reply_template
    update_action = actions.do_update_reply_template


class ReplyTemplateDeleteView(generic.ObjectDeleteView):
    model = ReplyTemplate
    delete_action = actions.do_delete_reply_template


class ReplyTemplateHistoryView(generic.ObjectHistoryView):
    model = ReplyTemplate


class DeskSettingsListView(generic.ObjectListView):
    model = DeskSettings
    select_related = ("collaboration", "default_unit")
    filterset_class = DeskSettingsFilterSet
    columns = [
        Column("collaboration", link=True),
        Column("ticket_prefix"),
        Column("default_unit"),
        Column("reopen_days"),
    ]


class DeskSettingsDetailView(generic.ObjectDetailView):
    model = DeskSettings
    select_related = ("collaboration", "default_unit")
    fields = [
        "collaboration",
        "ticket_prefix",
        "default_unit",
        "reopen_days",
        "priority_matrix",
        "target_hours",
        "attachment_max_mb",
        "attachment_types",
        "require_assignee_to_resolve",
    ]


class DeskSettingsEditView(generic.ObjectEditView):
    model = DeskSettings
    form_class = forms.DeskSettingsForm
    create_action = actions.do_create_desk_settings
    update_action = actions.do_update_desk_settings


class DeskSettingsHistoryView(generic.ObjectHistoryView):
    model = DeskSettings


def current_period_start(today: datetime.date) -> datetime.date:
    """Where the SLA report opens: the current month so far, and in a month's first week the
    month before too, so that it never opens on a single day."""
    start = today.replace(day=1)
    if today.day < 7:
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start


class SLAReportView(LoginRequiredMixin, View):
    """The SLA report per member and service, as a page, CSV (``?export=csv``) or XLSX."""

    template_name = "servicedesk/sla_report.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        data = request.GET.dict() if "start" in request.GET else {"start": current_period_start(today), "end": today}
        form = forms.SLAReportForm(data, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "report": None}, status=400)
        chosen = form.cleaned_data
        report = slareport.build(
            request.user,
            chosen["start"],
            chosen["end"],
            members=[chosen["member"]] if chosen["member"] else None,
            services=[chosen["service"]] if chosen["service"] else None,
            systems=[chosen["system"]] if chosen["system"] else None,
        )
        name = f"sla-{chosen['start'].isoformat()}-{chosen['end'].isoformat()}"
        export = request.GET.get("export")
        if export == "csv":
            response = HttpResponse(slareport.as_csv(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if export == "xlsx":
            response = HttpResponse(
                slareport.as_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        query = urlencode({k: v for k, v in request.GET.items() if k != "export"} or {
            "start": chosen["start"].isoformat(), "end": chosen["end"].isoformat()
        })  # fmt: skip
        context = {"form": form, "report": report, "totals": report.totals(), "query": query}
        return render(request, self.template_name, context)


# Each model's views, API viewset and URLs, declared once (core.views.ObjectViews).
TICKETS = generic.ObjectViews(
    Ticket,
    list_view=TicketListView,
    detail_view=TicketDetailView,
    edit_view=TicketEditView,
    history_view=TicketHistoryView,
    add_view=TicketCreateView,
    pages={"bulk": ("bulk/", BulkView)},
    actions={
        "reply": ReplyView,
        "status": StatusView,
        "assign": AssignView,
        "take": TakeView,
        "time": TimeEntryView,
        "link": LinkView,
        "merge": MergeView,
        "declare": DeclareIncidentView,
        "reopen": ReopenView,
        "rate": RateView,
    },
    viewset="samdrift.servicedesk.api.views.TicketViewSet",
)
MAJOR_INCIDENTS = generic.ObjectViews(
    MajorIncident,
    list_view=MajorIncidentListView,
    detail_view=MajorIncidentDetailView,
    history_view=MajorIncidentHistoryView,
    actions={"link": IncidentLinkView, "update": IncidentUpdateView, "resolve": IncidentResolveView},
    viewset="samdrift.servicedesk.api.views.MajorIncidentViewSet",
    api_prefix="major-incidents",
    plural="incidents",
)
CATEGORIES = generic.ObjectViews(
    Category,
    list_view=CategoryListView,
    detail_view=CategoryDetailView,
    edit_view=CategoryEditView,
    delete_view=CategoryDeleteView,
    history_view=CategoryHistoryView,
    viewset="samdrift.servicedesk.api.views.CategoryViewSet",
    api_prefix="categories",
)
DESK_SETTINGS = generic.ObjectViews(
    DeskSettings,
    list_view=DeskSettingsListView,
    detail_view=DeskSettingsDetailView,
    edit_view=DeskSettingsEditView,
    history_view=DeskSettingsHistoryView,
    plural="desksettings",
)
REPLY_TEMPLATES = generic.ObjectViews(
    ReplyTemplate,
    list_view=ReplyTemplateListView,
    detail_view=ReplyTemplateDetailView,
    edit_view=ReplyTemplateEditView,
    delete_view=ReplyTemplateDeleteView,
    history_view=ReplyTemplateHistoryView,
    viewset="samdrift.servicedesk.api.views.ReplyTemplateViewSet",
    api_prefix="reply-templates",
)
