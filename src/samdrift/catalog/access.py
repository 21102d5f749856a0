"""Access rules of the service catalogue: everyone in a collaboration reads its
catalogue; administrators keep it, controllers set prices and subscriptions."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role
from samdrift.accounts.policy import DESK_STAFF, is_desk_staff_for, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

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

ADMIN = frozenset({Role.ADMINISTRATOR})

# Calendars drive every SLA due time of the collaboration, member overrides included.
register(BusinessCalendar, manage=ADMIN)
register(CalendarYear, manage=ADMIN)
register(CalendarClosure, manage=ADMIN)
register(Service, manage=ADMIN)
register(SLA, manage=ADMIN)
register(OrderField, manage=ADMIN)
# The desk reports disruptions as they happen, for whichever members they hit.
register(Disruption, manage=DESK_STAFF)
# Prices and subscriptions decide what members pay: set for the whole collaboration.
register(Price, manage=ADMIN | {Role.CONTROLLER})
register(Subscription, manage=ADMIN | {Role.CONTROLLER})


def can_read_internal_notes(user: Any, obj: models.Model) -> bool:
    """Desk staff covering ``obj`` read its internal notes (of a disruption); no one else."""
    return is_desk_staff_for(user, obj)


# Requesters order from the portal and read Driftinformation; the catalogue's own pages
# are for the people who keep it, order from it and report on it.
CATALOG_READERS = frozenset(Role.values) - {Role.REQUESTER}
navigation.add(
    NavItem(_("Services"), "catalog:service_list", CATALOG_READERS, order=70, group=navigation.CATALOG),
    NavItem(_("Our service portfolio"), "catalog:portfolio", CATALOG_READERS, order=71, group=navigation.CATALOG),
    NavItem(_("Disruptions"), "catalog:disruption_list", CATALOG_READERS, order=25, group=navigation.DESK),
    NavItem(
        _("Business calendars"),
        "catalog:businesscalendar_list",
        ADMIN | {Role.UNIT_LEAD},
        order=85,
        group=navigation.SETTINGS,
    ),
)
