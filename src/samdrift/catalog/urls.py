from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views as v
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

app_name = "catalog"

urlpatterns = [
    path("portfolio/", v.PortfolioView.as_view(), name="portfolio"),
    *object_urls(
        OrderField,
        {
            "list": v.OrderFieldListView,
            "detail": v.OrderFieldDetailView,
            "edit": v.OrderFieldEditView,
            "delete": v.OrderFieldDeleteView,
            "history": v.OrderFieldHistoryView,
        },
    ),
    *object_urls(
        Price,
        {
            "list": v.PriceListView,
            "detail": v.PriceDetailView,
            "edit": v.PriceEditView,
            "delete": v.PriceDeleteView,
            "history": v.PriceHistoryView,
        },
    ),
    *object_urls(
        Subscription,
        {
            "list": v.SubscriptionListView,
            "detail": v.SubscriptionDetailView,
            "edit": v.SubscriptionEditView,
            "delete": v.SubscriptionDeleteView,
            "history": v.SubscriptionHistoryView,
        },
    ),
    *object_urls(
        Disruption,
        {
            "list": v.DisruptionListView,
            "detail": v.DisruptionDetailView,
            "edit": v.DisruptionEditView,
            "delete": v.DisruptionDeleteView,
            "history": v.DisruptionHistoryView,
        },
    ),
    *object_urls(
        Service,
        {
            "list": v.ServiceListView,
            "detail": v.ServiceDetailView,
            "edit": v.ServiceEditView,
            "delete": v.ServiceDeleteView,
            "history": v.ServiceHistoryView,
        },
    ),
    *object_urls(
        SLA,
        {
            "list": v.SLAListView,
            "detail": v.SLADetailView,
            "edit": v.SLAEditView,
            "delete": v.SLADeleteView,
            "history": v.SLAHistoryView,
        },
    ),
    *object_urls(
        BusinessCalendar,
        {
            "list": v.BusinessCalendarListView,
            "detail": v.BusinessCalendarDetailView,
            "edit": v.BusinessCalendarEditView,
            "delete": v.BusinessCalendarDeleteView,
            "history": v.BusinessCalendarHistoryView,
        },
    ),
    *object_urls(
        CalendarYear,
        {
            "list": v.CalendarYearListView,
            "detail": v.CalendarYearDetailView,
            "edit": v.CalendarYearEditView,
            "delete": v.CalendarYearDeleteView,
            "history": v.CalendarYearHistoryView,
        },
    ),
    *object_urls(
        CalendarClosure,
        {
            "list": v.CalendarClosureListView,
            "detail": v.CalendarClosureDetailView,
            "edit": v.CalendarClosureEditView,
            "delete": v.CalendarClosureDeleteView,
            "history": v.CalendarClosureHistoryView,
        },
    ),
]
