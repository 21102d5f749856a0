"""The only way catalogue objects change. Each action is one transaction with an audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion

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
from .signals import calendar_changed

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def do_create_calendar(*, acting_user: User | None, **fields: Any) -> BusinessCalendar:
    return create_object(BusinessCalendar, acting_user=acting_user, **fields)


def do_update_calendar(
    calendar: BusinessCalendar, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> BusinessCalendar:
    return update_object(calendar, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_calendar(
    calendar: BusinessCalendar, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(calendar, acting_user=acting_user, expected_version=expected_version)


def _calendar_changed(calendar_ids: set[int], *, acting_user: User | None) -> None:
    for calendar_id in sorted(calendar_ids):
        calendar_changed.send(sender=BusinessCalendar, calendar_id=calendar_id, acting_user=acting_user)


def do_set_hours(*, acting_user: User | None, **fields: Any) -> CalendarYear:
    with transaction.atomic():
        hours = create_object(CalendarYear, acting_user=acting_user, **fields)
        _calendar_changed({hours.calendar_id}, acting_user=acting_user)
    return hours


def do_update_hours(
    hours: CalendarYear, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> CalendarYear:
    with transaction.atomic():
        saved = update_object(hours, acting_user=acting_user, expected_version=expected_version, **changes)
        _calendar_changed({hours.calendar_id, saved.calendar_id}, acting_user=acting_user)
    return saved


def do_delete_hours(hours: CalendarYear, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    with transaction.atomic():
        delete_object(hours, acting_user=acting_user, expected_version=expected_version)
        _calendar_changed({hours.calendar_id}, acting_user=acting_user)


def do_add_closure(*, acting_user: User | None, **fields: Any) -> CalendarClosure:
    with transaction.atomic():
        closure = create_object(CalendarClosure, acting_user=acting_user, **fields)
        _calendar_changed({closure.calendar_id}, acting_user=acting_user)
    return closure


def do_update_closure(
    closure: CalendarClosure, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> CalendarClosure:
    with transaction.atomic():
        saved = update_object(closure, acting_user=acting_user, expected_version=expected_version, **changes)
        _calendar_changed({closure.calendar_id, saved.calendar_id}, acting_user=acting_user)
    return saved


def do_delete_closure(closure: CalendarClosure, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    with transaction.atomic():
        delete_object(closure, acting_user=acting_user, expected_version=expected_version)
        _calendar_changed({closure.calendar_id}, acting_user=acting_user)


def do_create_service(*, acting_user: User | None, **fields: Any) -> Service:
    return create_object(Service, acting_user=acting_user, **fields)


def do_update_service(
    service: Service, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Service:
    return update_object(service, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_service(service: Service, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(service, acting_user=acting_user, expected_version=expected_version)


def do_create_sla(*, acting_user: User | None, **fields: Any) -> SLA:
    return create_object(SLA, acting_user=acting_user, **fields)


def do_update_sla(sla: SLA, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> SLA:
    """Change an SLA; tickets under it get their clocks recomputed with the new targets."""
    with transaction.atomic():
        saved = update_object(sla, acting_user=acting_user, expected_version=expected_version, **changes)
        if saved.version != sla.version or saved.calendar_id != sla.calendar_id:
            _calendar_changed({sla.calendar_id, saved.calendar_id}, acting_user=acting_user)
    return saved


def do_delete_sla(sla: SLA, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(sla, acting_user=acting_user, expected_version=expected_version)


def _check_affected_members(service: Service | None, members: Any) -> None:
    if service is None or members is None:
        return
    if any(member.collaboration_id != service.collaboration_id for member in members):
        raise ValidationError({"affected_members": _("Choose members of the service's collaboration.")})


def do_report_disruption(*, acting_user: User | None, **fields: Any) -> Disruption:
    """Register a disruption (driftstörning), current or planned."""
    _check_affected_members(fields.get("service"), fields.get("affected_members"))
    return create_object(Disruption, acting_user=acting_user, **fields)


def do_update_disruption(
    disruption: Disruption, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Disruption:
    """Change a disruption: its end when it is over, the public text as it develops."""
    _check_affected_members(changes.get("service", disruption.service), changes.get("affected_members"))
    return update_object(disruption, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_disruption(
    disruption: Disruption, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(disruption, acting_user=acting_user, expected_version=expected_version)


def _lock_price_list(service: Service | None) -> None:
    """Serialise price changes per service, so two overlapping versions cannot both pass
    the overlap check at the same moment."""
    if service is not None:
        Service.objects.select_for_update().filter(pk=service.pk).first()


def do_set_price(*, acting_user: User | None, **fields: Any) -> Price:
    """Add a price-list version; refused if it overlaps another of the same service and level."""
    with transaction.atomic():
        _lock_price_list(fields.get("service"))
        return create_object(Price, acting_user=acting_user, **fields)


def do_update_price(
    price: Price, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Price:
    with transaction.atomic():
        _lock_price_list(changes.get("service", price.service))
        return update_object(price, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_price(price: Price, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(price, acting_user=acting_user, expected_version=expected_version)


def do_subscribe(*, acting_user: User | None, **fields: Any) -> Subscription:
    return create_object(Subscription, acting_user=acting_user, **fields)


def do_update_subscription(
    subscription: Subscription, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Subscription:
    return update_object(subscription, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_subscription(
    subscription: Subscription, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(subscription, acting_user=acting_user, expected_version=expected_version)


def do_add_order_field(*, acting_user: User | None, **fields: Any) -> OrderField:
    return create_object(OrderField, acting_user=acting_user, **fields)


def do_update_order_field(
    field: OrderField, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> OrderField:
    return update_object(field, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_order_field(field: OrderField, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(field, acting_user=acting_user, expected_version=expected_version)
