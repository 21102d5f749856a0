from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.tenancy.models import Member

from . import actions, filtersets, forms
from .access import can_read_internal_notes
from .businesstime import DayKind, NoWorkingTime
from .models import (
    SLA,
    BusinessCalendar,
    CalendarClosure,
    CalendarYear,
    Disruption,
    OrderField,
    Price,
    Service,
    Subscription,
)
from .queries import portfolio, schedule_for


# Business calendars
class BusinessCalendarListView(generic.ObjectListView):
    model = BusinessCalendar
    select_related = ("collaboration",)
    filterset_class = filtersets.BusinessCalendarFilterSet
    columns = [Column("name", link=True), Column("collaboration"), Column("description")]


class BusinessCalendarDetailView(generic.ObjectDetailView):
    model = BusinessCalendar
    select_related = ("collaboration",)
    fields = ["name", "collaboration", "description"]
    template_name = "catalog/businesscalendar_detail.html"

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                _("Opening hours"),
                CalendarYear,
                [
                    Column("year", link=True),
                    Column("member"),
                    Column("opens"),
                    Column("closes"),
                    Column("shortened_closes"),
                    Column("closed_on_holidays"),
                ],
                list(CalendarYear.objects.visible_to(user).filter(calendar=obj).select_related("calendar", "member")),
                reverse("catalog:calendaryear_add") + f"?calendar={obj.pk}"
                if access.can_manage(user, CalendarYear(calendar=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Closures"),
                CalendarClosure,
                [Column("reason", link=True), Column("member"), Column("starts"), Column("ends")],
                list(
                    CalendarClosure.objects.visible_to(user).filter(calendar=obj).select_related("calendar", "member")
                ),
                reverse("catalog:calendarclosure_add") + f"?calendar={obj.pk}"
                if access.can_manage(user, CalendarClosure(calendar=obj))
                else None,
            ),
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        """The coming weeks as the calendar sees them, so a change can be checked at a glance."""
        try:
            schedule = schedule_for(obj)
        except NoWorkingTime:
            return {"upcoming": None}
        today = timezone.localdate()
        days = []
        for offset in range(28):
            day = today + datetime.timedelta(days=offset)
            kind, reason = schedule.day(day)
            intervals = schedule.intervals(day)
            if kind != DayKind.CLOSED and not intervals:
                kind, reason = DayKind.CLOSED, str(_("Closure"))
            if kind != DayKind.OPEN or not intervals or day.weekday() == 0:
                days.append({"day": day, "kind": kind, "reason": reason, "intervals": intervals})
        return {"upcoming": days}


class BusinessCalendarEditView(generic.ObjectEditView):
    model = BusinessCalendar
    form_class = forms.BusinessCalendarForm
    create_action = actions.do_create_calendar
    update_action = actions.do_update_calendar


class BusinessCalendarDeleteView(generic.ObjectDeleteView):
    model = BusinessCalendar
    delete_action = actions.do_delete_calendar


class BusinessCalendarHistoryView(generic.ObjectHistoryView):
    model = BusinessCalendar


# Opening hours per year
class CalendarYearListView(generic.ObjectListView):
    model = CalendarYear
    select_related = ("calendar", "member")
    filterset_class = filtersets.CalendarYearFilterSet
    columns = [
        Column("calendar", link=True),
        Column("year"),
        Column("member"),
        Column("opens"),
        Column("closes"),
        Column("shortened_closes"),
    ]


class CalendarYearDetailView(generic.ObjectDetailView):
    model = CalendarYear
    select_related = ("calendar", "member")
    fields = ["calendar", "member", "year", "opens", "closes", "shortened_closes", "workdays", "closed_on_holidays"]


class CalendarYearEditView(generic.ObjectEditView):
    model = CalendarYear
    form_class = forms.CalendarYearForm
    create_action = actions.do_set_hours
    update_action = actions.do_update_hours


class CalendarYearDeleteView(generic.ObjectDeleteView):
    model = CalendarYear
    delete_action = actions.do_delete_hours


class CalendarYearHistoryView(generic.ObjectHistoryView):
    model = CalendarYear


# Closures
class CalendarClosureListView(generic.ObjectListView):
    model = CalendarClosure
    select_related = ("calendar", "member")
    filterset_class = filtersets.CalendarClosureFilterSet
    columns = [Column("reason", link=True), Column("calendar"), Column("member"), Column("starts"), Column("ends")]


class CalendarClosureDetailView(generic.ObjectDetailView):
    model = CalendarClosure
    select_related = ("calendar", "member")
    fields = ["calendar", "member", "starts", "ends", "reason"]


class CalendarClosureEditView(generic.ObjectEditView):
    model = CalendarClosure
    form_class = forms.CalendarClosureForm
    create_action = actions.do_add_closure
    update_action = actions.do_update_closure


class CalendarClosureDeleteView(generic.ObjectDeleteView):
    model = CalendarClosure
    delete_action = actions.do_delete_closure


class CalendarClosureHistoryView(generic.ObjectHistoryView):
    model = CalendarClosure


# Services
class ServiceListView(generic.ObjectListView):
    model = Service
    select_related = ("owner_unit",)
    filterset_class = filtersets.ServiceFilterSet
    columns = [
        Column("name", link=True),
        Column("level"),
        Column("owner_unit"),
        Column("state"),
        Column("is_standard"),
    ]


class ServiceDetailView(generic.ObjectDetailView):
    model = Service
    select_related = ("owner_unit", "collaboration")
    fields = [
        "name",
        "collaboration",
        "level",
        "owner_unit",
        "state",
        "is_standard",
        "orderable",
        "description",
        "included",
        "excluded",
    ]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                _("SLAs"),
                SLA,
                [
                    Column("member", link=True),
                    Column("calendar"),
                    Column("resolution_p1"),
                    Column("resolution_p3"),
                    Column("availability_target"),
                ],
                list(SLA.objects.visible_to(user).filter(service=obj).select_related("service", "member", "calendar")),
                reverse("catalog:sla_add") + f"?service={obj.pk}"
                if access.can_manage(user, SLA(service=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Order form"),
                OrderField,
                [Column("label", link=True), Column("kind"), Column("required"), Column("position")],
                list(OrderField.objects.visible_to(user).filter(service=obj).select_related("service")),
                reverse("catalog:orderfield_add") + f"?service={obj.pk}"
                if access.can_manage(user, OrderField(service=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Price list"),
                Price,
                [
                    Column("level", link=True),
                    Column("price_model"),
                    Column("unit_price"),
                    Column("valid_from"),
                    Column("valid_to"),
                ],
                list(Price.objects.visible_to(user).filter(service=obj).select_related("service")),
                reverse("catalog:price_add") + f"?service={obj.pk}"
                if access.can_manage(user, Price(service=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Disruptions"),
                Disruption,
                [Column("title", link=True), Column("kind"), Column("impact"), Column("starts"), Column("ends")],
                list(Disruption.objects.visible_to(user).filter(service=obj).select_related("service")[:20]),
                reverse("catalog:disruption_add") + f"?service={obj.pk}"
                if access.can_manage(user, Disruption(service=obj))
                else None,
            ),
        ]


class ServiceEditView(generic.ObjectEditView):
    model = Service
    form_class = forms.ServiceForm
    create_action = actions.do_create_service
    update_action = actions.do_update_service


class ServiceDeleteView(generic.ObjectDeleteView):
    model = Service
    delete_action = actions.do_delete_service


class ServiceHistoryView(generic.ObjectHistoryView):
    model = Service


# SLAs
class SLAListView(generic.ObjectListView):
    model = SLA
    select_related = ("service", "member", "calendar")
    filterset_class = filtersets.SLAFilterSet
    columns = [
        Column("service", link=True),
        Column("member"),
        Column("calendar"),
        Column("resolution_p1"),
        Column("resolution_p3"),
        Column("availability_target"),
    ]


class SLADetailView(generic.ObjectDetailView):
    model = SLA
    select_related = ("service", "member", "calendar")
    fields = [
        "service",
        "member",
        "calendar",
        "response_p1",
        "resolution_p1",
        "response_p2",
        "resolution_p2",
        "response_p3",
        "resolution_p3",
        "response_p4",
        "resolution_p4",
        "availability_target",
        "measurement_period",
        "penalty_terms",
    ]


class SLAEditView(generic.ObjectEditView):
    model = SLA
    form_class = forms.SLAForm
    create_action = actions.do_create_sla
    update_action = actions.do_update_sla


class SLADeleteView(generic.ObjectDeleteView):
    model = SLA
    delete_action = actions.do_delete_sla


class SLAHistoryView(generic.ObjectHistoryView):
    model = SLA


# Disruptions (driftstörningar)
class DisruptionListView(generic.ObjectListView):
    model = Disruption
    select_related = ("service",)
    filterset_class = filtersets.DisruptionFilterSet
    columns = [
        Column("title", link=True),
        Column("service"),
        Column("kind"),
        Column("impact"),
        Column("starts"),
        Column("ends"),
    ]


class DisruptionDetailView(generic.ObjectDetailView):
    model = Disruption
    select_related = ("service",)
    fields = [
        "title",
        "service",
        "kind",
        "impact",
        "starts",
        "ends",
        "affected_members_display",
        "public_text",
        "internal_notes",
    ]
    labels = {"affected_members_display": _("Affected members")}

    def visible_fields(self, obj: Any) -> list[str]:
        if can_read_internal_notes(self.request.user, obj):
            return self.fields
        return [name for name in self.fields if name != "internal_notes"]


class DisruptionEditView(generic.ObjectEditView):
    model = Disruption
    form_class = forms.DisruptionForm
    create_action = actions.do_report_disruption
    update_action = actions.do_update_disruption


class DisruptionDeleteView(generic.ObjectDeleteView):
    model = Disruption
    delete_action = actions.do_delete_disruption


class DisruptionHistoryView(generic.ObjectHistoryView):
    model = Disruption


class PublicDisruptionsView(View):
    """Driftinformation: current, planned and recently ended disruptions, for anyone,
    without login. Shows only what is written for the public — never internal notes."""

    template_name = "catalog/driftinformation.html"
    recent = datetime.timedelta(days=7)

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        shown = (
            Disruption.objects.current_or_planned(now - self.recent)
            .select_related("service", "service__collaboration")
            .prefetch_related("affected_members")
            .only(*PUBLIC_FIELDS)
            .order_by("starts", "pk")
        )
        collaborations = sorted({d.service.collaboration for d in shown}, key=lambda c: c.name)
        chosen = request.GET.get("samverkan", "")
        if chosen.isdigit():
            shown = shown.filter(service__collaboration_id=int(chosen))
        current, planned, ended = [], [], []
        for disruption in shown:
            if disruption.ends is not None and disruption.ends <= now:
                ended.append(disruption)
            elif disruption.starts > now:
                planned.append(disruption)
            else:
                current.append(disruption)
        context = {
            "current": current,
            "planned": planned,
            "ended": list(reversed(ended)),
            "collaborations": collaborations,
            "chosen": int(chosen) if chosen.isdigit() else None,
            # Several collaborations on one page: each card names its own, so the same
            # disruption text of two collaborations does not read as one listed twice.
            "several": len({d.service.collaboration_id for d in [*current, *planned, *ended]}) > 1,
            "now": now,
        }
        return render(request, self.template_name, context)


# What the public page may read: never ``internal_notes``.
PUBLIC_FIELDS = (
    "title",
    "kind",
    "impact",
    "starts",
    "ends",
    "public_text",
    "service__name",
    "service__collaboration__name",
)


# Price list
class PriceListView(generic.ObjectListView):
    model = Price
    select_related = ("service",)
    filterset_class = filtersets.PriceFilterSet
    columns = [
        Column("service", link=True),
        Column("level"),
        Column("price_model"),
        Column("unit_price"),
        Column("valid_from"),
        Column("valid_to"),
    ]


class PriceDetailView(generic.ObjectDetailView):
    model = Price
    select_related = ("service",)
    fields = ["service", "level", "price_model", "unit_price", "valid_from", "valid_to", "note"]


class PriceEditView(generic.ObjectEditView):
    model = Price
    form_class = forms.PriceForm
    create_action = actions.do_set_price
    update_action = actions.do_update_price


class PriceDeleteView(generic.ObjectDeleteView):
    model = Price
    delete_action = actions.do_delete_price


class PriceHistoryView(generic.ObjectHistoryView):
    model = Price


# Subscriptions
class SubscriptionListView(generic.ObjectListView):
    model = Subscription
    select_related = ("member", "department__member", "service")
    filterset_class = filtersets.SubscriptionFilterSet
    columns = [
        Column("service", link=True),
        Column("member"),
        Column("department"),
        Column("level"),
        Column("quantity"),
        Column("starts"),
        Column("ends"),
    ]


class SubscriptionDetailView(generic.ObjectDetailView):
    model = Subscription
    select_related = ("member", "department__member", "service")
    fields = ["member", "department", "service", "level", "quantity", "starts", "ends"]


class SubscriptionEditView(generic.ObjectEditView):
    model = Subscription
    form_class = forms.SubscriptionForm
    create_action = actions.do_subscribe
    update_action = actions.do_update_subscription


class SubscriptionDeleteView(generic.ObjectDeleteView):
    model = Subscription
    delete_action = actions.do_delete_subscription


class SubscriptionHistoryView(generic.ObjectHistoryView):
    model = Subscription


class PortfolioView(LoginRequiredMixin, View):
    """Vår tjänsteportfölj: a member's subscriptions, levels, quantities and annual prices,
    and the services of the common base that every member has."""

    template_name = "catalog/portfolio.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        members = Member.objects.visible_to(request.user).select_related("collaboration").order_by("name")
        own = getattr(request.user, "member_id", None)
        default = own if own and members.filter(pk=own).exists() else members.values_list("pk", flat=True).first()
        data = request.GET.dict() if request.GET else {"member": default, "year": timezone.localdate().year}
        form = forms.PortfolioForm(data, members=members)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "portfolio": None}, status=400)
        chosen = portfolio(
            form.cleaned_data["member"], form.cleaned_data["year"], Subscription.objects.visible_to(request.user)
        )
        context = {
            "form": form,
            "portfolio": chosen,
            "can_manage": access.can_create(request.user, Subscription),
        }
        return render(request, self.template_name, context)


# Order forms
class OrderFieldListView(generic.ObjectListView):
    model = OrderField
    select_related = ("service",)
    filterset_class = filtersets.OrderFieldFilterSet
    columns = [Column("label", link=True), Column("service"), Column("kind"), Column("required"), Column("position")]


class OrderFieldDetailView(generic.ObjectDetailView):
    model = OrderField
    select_related = ("service",)
    fields = ["service", "position", "label", "kind", "choices", "required", "help_text"]


class OrderFieldEditView(generic.ObjectEditView):
    model = OrderField
    form_class = forms.OrderFieldForm
    create_action = actions.do_add_order_field
    update_action = actions.do_update_order_field


class OrderFieldDeleteView(generic.ObjectDeleteView):
    model = OrderField
    delete_action = actions.do_delete_order_field


class OrderFieldHistoryView(generic.ObjectHistoryView):
    model = OrderField
