"""One FilterSet per model, shared by the agent workspace, the portal and the API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role
from samdrift.accounts.models import User
from samdrift.catalog.models import Service
from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.inventory.models import System
from samdrift.tenancy.models import Department, Member, Unit

from . import search
from .choices import Priority, Status, TicketType
from .models import Category, DeskSettings, MajorIncident, ReplyTemplate, Ticket

DUE_CHOICES = [
    ("overdue", _("Overdue")),
    ("today", _("Due today")),
    ("week", _("Due within 7 days")),
]
SORT_CHOICES = [
    ("due_at", _("Due, earliest first")),
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("priority", _("Priority")),
]
STATE_CHOICES = [("open", _("Open")), ("closed", _("Resolved or closed"))]


def desk_staff(user: Any) -> QuerySet[User]:
    """Assignable people: agents and unit leads the user may see."""
    if user is None:
        return User.objects.none()
    staff = User.objects.visible_to(user).filter(role_assignments__role__in=[Role.AGENT, Role.UNIT_LEAD])
    return staff.distinct().order_by("first_name", "last_name")


class TicketFilterSet(ScopedFilterSet):
    q = filters.CharFilter(
        label=_("Search"),
        method="full_text",
        widget=forms.TextInput(attrs={"type": "search", "data-shortcut": "search"}),
    )
    state = filters.ChoiceFilter(label=_("Open or closed"), choices=STATE_CHOICES, method="by_state")
    status = filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    priority = filters.MultipleChoiceFilter(label=_("Priority"), choices=Priority.choices)
    ticket_type = filters.ChoiceFilter(label=_("Type"), choices=TicketType.choices)
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    department = filters.ModelChoiceFilter(label=_("Department"), queryset=visible(Department))
    unit = filters.ModelChoiceFilter(label=_("Assignment group"), queryset=visible(Unit))
    assignee = filters.ModelChoiceFilter(
        label=_("Assignee"), queryset=lambda request: desk_staff(getattr(request, "user", None))
    )
    category = filters.ModelChoiceFilter(label=_("Category"), queryset=visible(Category))
    system = filters.ModelChoiceFilter(label=_("System"), queryset=visible(System))
    major_incident = filters.BooleanFilter(label=_("Major incident"))
    due = filters.ChoiceFilter(label=_("Due"), choices=DUE_CHOICES, method="by_due")
    sort = filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="sort_by", empty_label=None)

    class Meta:
        model = Ticket
        fields = [
            "q",
            "state",
            "status",
            "priority",
            "ticket_type",
            "member",
            "department",
            "unit",
            "assignee",
            "category",
            "system",
            "major_incident",
            "due",
            "sort",
        ]

    def full_text(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return search.search(queryset, value)

    def by_state(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        # ``open_status`` (status in OPEN_STATUSES, kept by the database) leads the queue
        # indexes after the unit or assignee: one index range in the order of the page.
        return queryset.filter(open_status=value == "open")

    def by_due(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        now = timezone.now()
        open_tickets = queryset.filter(open_status=True)
        if value == "overdue":
            return open_tickets.filter(due_at__lt=now)
        end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59)
        if value == "today":
            return open_tickets.filter(due_at__lte=end_of_today)
        return open_tickets.filter(due_at__lte=now + datetime.timedelta(days=7))

    def sort_by(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        if self.data.get("q"):
            return queryset  # search results are ranked
        if value == "priority":
            return queryset.order_by("priority", "due_at", "pk")
        return queryset.order_by(value, "pk")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if "sort" not in self.data and not self.data.get("q"):
            queryset = queryset.order_by("-created", "-pk")
        return queryset


class ReplyTemplateFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    unit = filters.ModelChoiceFilter(label=_("Unit"), queryset=visible(Unit))
    is_active = filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = ReplyTemplate
        fields = ["q", "unit", "is_active"]


class MajorIncidentFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_q")
    open = filters.BooleanFilter(label=_("Open"), field_name="resolved_at", lookup_expr="isnull")
    service = filters.ModelChoiceFilter(label=_("Service"), field_name="disruption__service", queryset=visible(Service))

    class Meta:
        model = MajorIncident
        fields = ["q", "open", "service"]

    def filter_q(self, queryset: QuerySet[MajorIncident], name: str, value: str) -> QuerySet[MajorIncident]:
        text = value.strip()
        return queryset.filter(Q(ticket__number__icontains=text) | Q(disruption__title__icontains=text))


class CategoryFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    default_unit = filters.ModelChoiceFilter(label=_("Default unit"), queryset=visible(Unit))
    is_active = filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Category
        fields = ["q", "default_unit", "is_active"]


class DeskSettingsFilterSet(ScopedFilterSet):
    class Meta:
        model = DeskSettings
        fields: list[str] = []
