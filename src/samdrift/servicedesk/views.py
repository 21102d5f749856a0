"""Agent workspace, requester portal and ticket pages. Views parse, check, call one action."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samdrift.accounts import policy
from samdrift.accounts.models import signed_in
from samdrift.catalog.choices import ServiceState
from samdrift.catalog.models import OrderField, Service
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.core.tables import Column
from samdrift.core.views import PAGE_SIZE, CappedPaginator, apply_errors

from . import actions, forms, queries, slareport, workflow
from .access import can_raise_for, can_work_ticket, is_requester_of
from .choices import Status
from .filtersets import CategoryFilterSet, DeskSettingsFilterSet, TicketFilterSet
from .models import Attachment, Category, DeskSettings, Notification, Rating, SavedView, Ticket

LIST_RELATED = ("member", "department", "unit", "assignee", "requester")
SEARCH_COUNT_CAP = 1_000


def visible_tickets(request: HttpRequest) -> models.QuerySet[Ticket]:
    return Ticket.objects.visible_to(request.user)


def is_desk_staff(user: Any) -> bool:
    return access.has_any_role(user, policy.DESK_STAFF)


class TicketListView(LoginRequiredMixin, View):
    """The agent workspace list: filters, sorting, saved views and bulk actions."""

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = visible_tickets(request).select_related(*LIST_RELATED)
        filterset = TicketFilterSet(request.GET or None, queryset=queryset, request=request)
        tickets = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset.order_by("-created")
        # Counting search hits reads each hit's vector: a lower cap keeps a common word cheap.
        cap = SEARCH_COUNT_CAP if request.GET.get("q") else None
        page = CappedPaginator(tickets, PAGE_SIZE, cap=cap).get_page(request.GET.get("page"))
        staff = is_desk_staff(request.user)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter_form": filterset.form,
            "page": page,
            "staff": staff,
            "bulk_form": forms.BulkForm(user=request.user) if staff else None,
            "saved_views": SavedView.objects.filter(user=signed_in(request)) if staff else [],
            "save_view_form": forms.SavedViewForm(initial={"query": query.urlencode()}),
            "query": query.urlencode(),
            "major_incidents": queries.major_incidents(request.user).select_related("unit")[:10],
        }
        return render(request, "servicedesk/ticket_list.html", context)


class QueuesView(LoginRequiredMixin, View):
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


class TicketCreateView(LoginRequiredMixin, View):
    """Desk staff register a ticket, e.g. during a phone call, on someone's behalf."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not is_desk_staff(request.user):
            return HttpResponseRedirect(reverse("servicedesk:portal_new"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(forms.AgentTicketForm(user=request.user, initial=request.GET.dict()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.AgentTicketForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            requester = data.pop("requester")
            files = data.pop("attachments")
            if not can_raise_for(request.user, requester):
                form.add_error("requester", _("You cannot register tickets for this person."))
            else:
                try:
                    ticket = actions.do_create_ticket(
                        acting_user=request.user, requester=requester, attachments=files, **data
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Ticket %(number)s was registered.") % {"number": ticket.number})
                    return HttpResponseRedirect(ticket.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request, "servicedesk/ticket_form.html", {"form": form, "title": _("Register a ticket")}, status=status
        )


class TicketDetailView(LoginRequiredMixin, View):
    """One ticket: its facts, one timeline, and the forms the user may use."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = access.get_visible_or_404(
            Ticket.objects.select_related(*LIST_RELATED, "category", "parent", "service"), request.user, pk=pk
        )
        return self.render(ticket)

    def render(self, ticket: Ticket, status: int = 200, **form_overrides: Any) -> HttpResponse:
        user = self.request.user
        staff = can_work_ticket(user, ticket)
        own = is_requester_of(user, ticket)
        settings = actions.desk_settings(ticket.collaboration_id)
        version = {"version": ticket.version}
        context: dict[str, Any] = {
            "ticket": ticket,
            "staff": staff,
            "own": own,
            "events": queries.timeline(ticket, user),
            "children": visible_tickets(self.request).filter(parent=ticket),
            "links": self.related(ticket),
            "reply_form": form_overrides.get("reply_form") or forms.ReplyForm(),
            "can_reply": ticket.status != Status.CLOSED,
            "rating": Rating.objects.filter(ticket=ticket).first(),
        }
        if staff:
            status_form = forms.StatusForm(initial=version)
            status_form.fields["status"].choices = [  # type: ignore[attr-defined]
                ("", "---------"),
                *((s, Status(s).label) for s in workflow.allowed_targets(ticket.status)),
            ]
            context |= {
                "status_form": form_overrides.get("status_form") or status_form,
                "assign_form": form_overrides.get("assign_form")
                or forms.AssignForm(
                    user=user, initial={**version, "unit": ticket.unit_id, "assignee": ticket.assignee_id}
                ),
                "time_form": form_overrides.get("time_form") or forms.TimeEntryForm(),
                "link_form": form_overrides.get("link_form") or forms.LinkForm(),
            }
        if (
            own
            and ticket.status == Status.RESOLVED
            and workflow.may_reopen(ticket.resolved_at, timezone.now(), settings.reopen_days)
        ):
            context["reopen_form"] = form_overrides.get("reopen_form") or forms.ReopenForm()
        if own and ticket.status in (Status.RESOLVED, Status.CLOSED):
            context["rating_form"] = form_overrides.get("rating_form") or forms.RatingForm(
                initial={"score": context["rating"].score} if context["rating"] else None
            )
        return render(self.request, "servicedesk/ticket_detail.html", context, status=status)

    def related(self, ticket: Ticket) -> list[Ticket]:
        ids = set(ticket.links_out.values_list("related_id", flat=True)) | set(
            ticket.links_in.values_list("ticket_id", flat=True)
        )
        return list(visible_tickets(self.request).filter(pk__in=ids))


class TicketActionView(TicketDetailView):
    """Base for the POST-only forms on the ticket page."""

    staff_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = access.get_visible_or_404(Ticket.objects.select_related(*LIST_RELATED), request.user, pk=pk)
        if self.staff_only and not can_work_ticket(request.user, ticket):
            raise PermissionDenied
        try:
            result = self.act(request, ticket)
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            return self.render(ticket, status=409)
        except VersionRequiredError as exc:
            messages.error(request, str(exc))
            return self.render(ticket, status=400)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render(ticket, status=400)
        if isinstance(result, HttpResponse):
            return result
        return HttpResponseRedirect(ticket.get_absolute_url())

    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        raise NotImplementedError

    def invalid(self, ticket: Ticket, **forms_: Any) -> HttpResponse:
        return self.render(ticket, status=400, **forms_)


class ReplyView(TicketActionView):
    staff_only = False

    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.invalid(ticket, reply_form=form)
        try:
            actions.do_add_comment(
                ticket,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                is_internal=form.cleaned_data["is_internal"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.invalid(ticket, reply_form=form)
        messages.success(request, _("Your message was added."))
        return None


class StatusView(TicketActionView):
    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.StatusForm(request.POST)
        if not form.is_valid():
            return self.invalid(ticket, status_form=form)
        actions.do_change_status(
            ticket,
            acting_user=request.user,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The status was changed."))
        return None


class AssignView(TicketActionView):
    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.AssignForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.invalid(ticket, assign_form=form)
        actions.do_assign(
            ticket,
            acting_user=request.user,
            expected_version=form.cleaned_data["version"],
            unit=form.cleaned_data["unit"],
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(request, _("The ticket was assigned."))
        return None


class TimeEntryView(TicketActionView):
    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.TimeEntryForm(request.POST)
        if not form.is_valid():
            return self.invalid(ticket, time_form=form)
        actions.do_log_time(ticket, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The time was logged."))
        return None


class LinkView(TicketActionView):
    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.LinkForm(request.POST)
        if not form.is_valid():
            return self.invalid(ticket, link_form=form)
        number = form.cleaned_data["number"].strip().upper()
        related = visible_tickets(request).filter(collaboration=ticket.collaboration, number=number).first()
        if related is None:
            form.add_error("number", _("No ticket with that number."))
            return self.invalid(ticket, link_form=form)
        actions.do_link_tickets(ticket, related, acting_user=request.user)
        messages.success(request, _("The tickets are now related."))
        return None


class ReopenView(TicketActionView):
    staff_only = False

    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        if not (is_requester_of(request.user, ticket) or can_work_ticket(request.user, ticket)):
            raise PermissionDenied
        form = forms.ReopenForm(request.POST)
        if not form.is_valid():
            return self.invalid(ticket, reopen_form=form)
        actions.do_reopen(ticket, acting_user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The ticket was reopened."))
        return None


class RateView(TicketActionView):
    staff_only = False

    def act(self, request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
        form = forms.RatingForm(request.POST)
        if not form.is_valid():
            return self.invalid(ticket, rating_form=form)
        actions.do_rate(ticket, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your rating."))
        return None


class TicketEditView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.ticket(pk)
        return self.render(forms.AgentTicketForm(instance=ticket, user=request.user), ticket)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.ticket(pk)
        form = forms.AgentTicketForm(request.POST, instance=ticket, user=request.user)
        if form.is_valid():
            changes = form.changes()
            try:
                actions.do_update_ticket(
                    ticket, acting_user=request.user, expected_version=form.cleaned_data["version"], **changes
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                return self.render(form, ticket, status=409)
            except VersionRequiredError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(object)s was saved.") % {"object": ticket.number})
                return HttpResponseRedirect(ticket.get_absolute_url())
        return self.render(form, ticket, status=400)

    def ticket(self, pk: int) -> Ticket:
        ticket = access.get_visible_or_404(Ticket, self.request.user, pk=pk)
        if not can_work_ticket(self.request.user, ticket):
            raise PermissionDenied
        return ticket

    def render(self, form: Any, ticket: Ticket, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "servicedesk/ticket_form.html",
            {"form": form, "ticket": ticket, "title": _("Edit %(object)s") % {"object": ticket.number}},
            status=status,
        )


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
                tickets, acting_user=request.user, unit=data["unit"], assignee=data["assignee"]
            )
            messages.success(request, _("%(count)s tickets were assigned.") % {"count": count})
        elif data["status"]:
            changed, skipped = actions.do_bulk_status(tickets, acting_user=request.user, status=data["status"])
            messages.success(
                request,
                _("%(changed)s tickets changed status; %(skipped)s could not.")
                % {"changed": changed, "skipped": skipped},
            )
        else:
            messages.error(request, _("Choose the new status."))
        return HttpResponseRedirect(back)


class SavedViewCreateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.SavedViewForm(request.POST)
        if form.is_valid():
            view = actions.do_save_view(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The view %(name)s was saved.") % {"name": view.name})
            return HttpResponseRedirect(reverse("servicedesk:ticket_list") + "?" + view.query)
        messages.error(request, _("Give the view a name."))
        return HttpResponseRedirect(reverse("servicedesk:ticket_list") + "?" + request.POST.get("query", ""))


class SavedViewDeleteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = get_object_or_404(SavedView.objects.filter(user=signed_in(request)), pk=pk)
        actions.do_delete_view(view, acting_user=request.user)
        return HttpResponseRedirect(reverse("servicedesk:ticket_list"))


class NotificationsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = Notification.objects.filter(user=signed_in(request)).select_related("ticket")
        page = CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "servicedesk/notifications.html", {"page": page})

    def post(self, request: HttpRequest) -> HttpResponse:
        actions.do_mark_notifications_read(acting_user=request.user)
        return HttpResponseRedirect(reverse("servicedesk:notifications"))


class PortalView(LoginRequiredMixin, View):
    """The requester's start: my tickets and a button to raise a new one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        mine = Ticket.objects.filter(models.Q(requester=signed_in(request)) | models.Q(created_by=signed_in(request)))
        mine = mine.select_related("unit").order_by("-created")
        page = CappedPaginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "servicedesk/portal.html", {"page": page})


class PortalNewView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(forms.PortalTicketForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.PortalTicketForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            if not can_raise_for(request.user, request.user):
                form.add_error(
                    None,
                    _("Your account is not connected to a member municipality. Contact the service desk by phone."),
                )
            else:
                try:
                    ticket = actions.do_create_ticket(
                        acting_user=request.user, requester=request.user, attachments=files, **data
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
        services = orderable_services(request.user).select_related("owner_unit")
        return render(request, "servicedesk/portal_order_list.html", {"services": services})


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
                        acting_user=request.user,
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
        context = {"service": service, "form": form}
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
    ]


class DeskSettingsEditView(generic.ObjectEditView):
    model = DeskSettings
    form_class = forms.DeskSettingsForm
    create_action = actions.do_create_desk_settings
    update_action = actions.do_update_desk_settings


class DeskSettingsHistoryView(generic.ObjectHistoryView):
    model = DeskSettings


class SLAReportView(LoginRequiredMixin, View):
    """The SLA report per member and service, as a page, CSV (``?export=csv``) or XLSX."""

    template_name = "servicedesk/sla_report.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        data = request.GET.dict() if "start" in request.GET else {"start": today.replace(day=1), "end": today}
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
