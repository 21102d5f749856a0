"""What a requester is told before ordering a service in the portal: the price, the
delivery time and whether the order needs the member's approval.

Reads only; every figure comes from where the desk and finance take it (the catalogue's
prices and subscriptions, the SLA the order's ticket will run under)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samdrift.catalog.models import SLA, Price, Service
from samdrift.catalog.queries import price_on, proposal_start, proposed_level, running_subscription

from .actions import DEFAULT_IMPACT, DEFAULT_URGENCY, desk_settings
from .sla import sla_for


@dataclass(frozen=True)
class OrderTerms:
    """The terms of ordering ``service`` as one requester."""

    service: Service
    level: str
    price: Price | None
    subscribed: bool  # the member (or the requester's department) already subscribes
    approval_from: datetime.date | None  # not subscribed: the subscription would start then
    sla: SLA | None
    priority: int
    delivery_hours: Decimal | None  # the SLA's resolution target, in its support hours

    @property
    def needs_approval(self) -> bool:
        return not self.subscribed


def order_terms(service: Service, user: Any, today: datetime.date) -> OrderTerms:
    """The terms for ``user`` (a requester of a member) ordering ``service`` on ``today``.

    An order for a service the member does not subscribe to becomes a subscription
    proposal that the member's orderer accepts or declines (agreements), so it needs
    approval; the price shown is the level the subscription has, or would start at."""
    member_id, department_id = user.member_id, user.department_id
    subscription = running_subscription(member_id, department_id, service, today)
    level = subscription.level if subscription else proposed_level(service)
    priority = desk_settings(service.collaboration_id).priority_for(DEFAULT_IMPACT, DEFAULT_URGENCY)
    sla = sla_for(service.pk, member_id)
    return OrderTerms(
        service=service,
        level=level,
        price=price_on(service, level, today),
        subscribed=subscription is not None,
        approval_from=None if subscription else proposal_start(today),
        sla=sla,
        priority=priority,
        delivery_hours=_plain(getattr(sla, f"resolution_p{priority}")) if sla else None,
    )


def _plain(hours: Decimal) -> Decimal:
    """Hours as people write them: 24, not 24.00; 0.5, not 0.50."""
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()
