"""Catalogue API: business calendars, their yearly hours and closures."""

from __future__ import annotations

from typing import Any

from samdrift.core.api.viewsets import ScopedModelViewSet

from .. import actions, filtersets
from ..models import (
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
from . import serializers


class BusinessCalendarViewSet(ScopedModelViewSet):
    """Business calendars (Europe/Stockholm) of a collaboration."""

    model = BusinessCalendar
    serializer_class = serializers.BusinessCalendarSerializer
    filterset_class = filtersets.BusinessCalendarFilterSet
    create_action = actions.do_create_calendar
    update_action = actions.do_update_calendar
    delete_action = actions.do_delete_calendar


class CalendarYearViewSet(ScopedModelViewSet):
    """A calendar's opening hours from a year on; with ``member`` an override for that member."""

    model = CalendarYear
    select_related = ("calendar", "member")
    serializer_class = serializers.CalendarYearSerializer
    filterset_class = filtersets.CalendarYearFilterSet
    create_action = actions.do_set_hours
    update_action = actions.do_update_hours
    delete_action = actions.do_delete_hours


class CalendarClosureViewSet(ScopedModelViewSet):
    """Periods a calendar is closed, for the whole collaboration or one member."""

    model = CalendarClosure
    select_related = ("calendar", "member")
    serializer_class = serializers.CalendarClosureSerializer
    filterset_class = filtersets.CalendarClosureFilterSet
    create_action = actions.do_add_closure
    update_action = actions.do_update_closure
    delete_action = actions.do_delete_closure


class ServiceViewSet(ScopedModelViewSet):
    """Services of the catalogue: level, owner unit, what is included, state."""

    model = Service
    select_related = ("owner_unit",)
    serializer_class = serializers.ServiceSerializer
    filterset_class = filtersets.ServiceFilterSet
    create_action = actions.do_create_service
    update_action = actions.do_update_service
    delete_action = actions.do_delete_service


class SLAViewSet(ScopedModelViewSet):
    """SLAs: targets in business hours per priority, availability target, penalty terms."""

    model = SLA
    select_related = ("service", "member", "calendar")
    serializer_class = serializers.SLASerializer
    filterset_class = filtersets.SLAFilterSet
    create_action = actions.do_create_sla
    update_action = actions.do_update_sla
    delete_action = actions.do_delete_sla


class DisruptionViewSet(ScopedModelViewSet):
    """Disruptions (driftstörningar) of services: planned or unplanned, outage or degraded,
    for all members or some. ``internal_notes`` is only returned to the desk."""

    model = Disruption
    select_related = ("service",)
    prefetch_related = ("affected_members",)
    serializer_class = serializers.DisruptionSerializer
    filterset_class = filtersets.DisruptionFilterSet
    create_action = actions.do_report_disruption
    update_action = actions.do_update_disruption
    delete_action = actions.do_delete_disruption


class PriceViewSet(ScopedModelViewSet):
    """Price-list versions per service and level; versions of one level never overlap."""

    model = Price
    select_related = ("service",)
    serializer_class = serializers.PriceSerializer
    filterset_class = filtersets.PriceFilterSet
    create_action = actions.do_set_price
    update_action = actions.do_update_price
    delete_action = actions.do_delete_price


class SubscriptionViewSet(ScopedModelViewSet):
    """Subscriptions: member (or department) × service × level × quantity × dates."""

    model = Subscription
    select_related = ("member", "department__member", "service")
    serializer_class = serializers.SubscriptionSerializer
    filterset_class = filtersets.SubscriptionFilterSet
    create_action = actions.do_subscribe
    update_action = actions.do_update_subscription
    delete_action = actions.do_delete_subscription


class OrderFieldViewSet(ScopedModelViewSet):
    """The questions of a service's order form in the portal."""

    model = OrderField
    select_related = ("service",)
    serializer_class = serializers.OrderFieldSerializer
    filterset_class = filtersets.OrderFieldFilterSet
    create_action = actions.do_add_order_field
    update_action = actions.do_update_order_field
    delete_action = actions.do_delete_order_field


def register(router: Any) -> None:
    router.register("services", ServiceViewSet, basename="service")
    router.register("slas", SLAViewSet, basename="sla")
    router.register("disruptions", DisruptionViewSet, basename="disruption")
    router.register("prices", PriceViewSet, basename="price")
    router.register("subscriptions", SubscriptionViewSet, basename="subscription")
    router.register("order-fields", OrderFieldViewSet, basename="orderfield")
    router.register("calendars", BusinessCalendarViewSet, basename="businesscalendar")
    router.register("calendar-years", CalendarYearViewSet, basename="calendaryear")
    router.register("calendar-closures", CalendarClosureViewSet, basename="calendarclosure")
