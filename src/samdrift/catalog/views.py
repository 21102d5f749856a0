from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.accounts import policy
from samdrift.core import views as generic
from samdrift.core.tables import Column

from . import actions, filtersets, forms
from .businesstime import DayKind, NoWorkingTime
from .models import SLA, BusinessCalendar, CalendarClosure, CalendarYear, Service
from .queries import schedule_for


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
                if policy.can_manage(user, CalendarYear(calendar=obj))
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
                if policy.can_manage(user, CalendarClosure(calendar=obj))
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
                if policy.can_manage(user, SLA(service=obj))
                else None,
            )
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
