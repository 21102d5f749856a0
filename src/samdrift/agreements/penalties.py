"""Penalties (vite) of a month, from the measured SLA results.

For every member with a signed service agreement for the year (the revision in force) and
every penalty term in effect for it (:func:`effective_terms`: the agreement's own term for a
service, else the collaboration-wide term of the year for a service the agreement covers):

* **availability** — measured as in the SLA report (unplanned outages in the SLA's support
  hours, ``servicedesk.slareport``). Below target, each *started* percentage point costs
  the term's percentage of the service's monthly fee (the agreed year's amount / 12):
  99.2 % against 99.5 % is one started point, 98.4 % two;
* **priority-1 resolutions** — each priority-1 ticket of the member and service resolved in
  the month after its resolution target costs the term's amount;
* **cap** — the line is at most the cap (per month).

Each line is rounded to öre once; a member's penalty is the sum of its lines and the run's
total the sum of the members'. :func:`gather` stores every input (the measured figures, the
disruptions with their minutes in support hours, the ticket numbers); :func:`compute`
works from those alone, so a run is reproducible and its digest checks it.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.utils import timezone

from samdrift.catalog.choices import DisruptionImpact, DisruptionKind
from samdrift.catalog.models import Disruption
from samdrift.catalog.queries import schedule_for
from samdrift.servicedesk import slareport
from samdrift.servicedesk.choices import SLAState
from samdrift.servicedesk.models import Ticket
from samdrift.tenancy.models import Member

from .choices import ServiceAgreementState
from .models import CollaborationPenaltyTerm, PenaltyTerm, ServiceAgreement
from .money import ORE, to_ore


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def agreements_in_force(collaboration_id: int, year: int, member: Member | None = None) -> list[ServiceAgreement]:
    """The signed (not superseded) service agreements of the year."""
    found = ServiceAgreement.objects.filter(
        member__collaboration_id=collaboration_id, year=year, state=ServiceAgreementState.SIGNED
    ).select_related("member", "department")
    if member is not None:
        found = found.filter(member=member)
    return list(found.order_by("member__name", "department__name"))


AGREEMENT = "agreement"
COLLABORATION = "collaboration"


def effective_terms(agreement: ServiceAgreement) -> list[tuple[PenaltyTerm | CollaborationPenaltyTerm, str]]:
    """The penalty terms in effect for a service agreement, by service name, each with where
    it comes from: the agreement's own term for a service overrides the collaboration-wide
    one; a collaboration-wide term applies to the services the agreement covers, in the
    years it is in force."""
    own = list(PenaltyTerm.objects.filter(agreement=agreement).select_related("service"))
    overridden = {term.service_id for term in own}
    covered = set(agreement.lines.values_list("service_id", flat=True))
    wide = [
        term
        for term in CollaborationPenaltyTerm.objects.filter(
            collaboration_id=agreement.member.collaboration_id, service_id__in=sorted(covered - overridden)
        ).select_related("service")
        if term.applies_in(agreement.year)
    ]
    found: list[tuple[PenaltyTerm | CollaborationPenaltyTerm, str]] = [(t, AGREEMENT) for t in own]
    found += [(t, COLLABORATION) for t in wide]
    return sorted(found, key=lambda pair: (pair[0].service.name, pair[0].service_id))


def _minutes(delta: datetime.timedelta) -> str:
    return str(Decimal(delta.total_seconds()) / 60)


def gather(collaboration_id: int, year: int, month: int, member: Member | None = None) -> dict[str, Any]:
    first, last = month_bounds(year, month)
    since, until = slareport.local_bounds(first, last)
    now = timezone.now()
    members: dict[int, dict[str, Any]] = {}
    for agreement in agreements_in_force(collaboration_id, year, member):
        entry = members.setdefault(
            agreement.member_id, {"id": agreement.member_id, "name": agreement.member.name, "terms": []}
        )
        fees: dict[int, Decimal] = defaultdict(Decimal)
        for service_id, amount in agreement.lines.values_list("service_id", "amount"):
            fees[service_id] += amount
        for term, source in effective_terms(agreement):
            report = slareport.build(None, first, last, members=[agreement.member], services=[term.service], now=now)
            row = report.rows[0] if report.rows else None
            figure = row.availability if row else None
            measured = figure.percent if figure else None
            sla = row.sla if row else None
            entry["terms"].append(
                {
                    "agreement": agreement.pk,
                    "source": source,
                    "term": term.pk,
                    "service": term.service_id,
                    "service_name": term.service.name,
                    "monthly_fee": str(to_ore(Fraction(fees.get(term.service_id, Decimal(0))) / 12)),
                    "percent_per_point": str(term.percent_per_point),
                    "amount_per_p1_breach": str(term.amount_per_p1_breach),
                    "cap": None if term.cap is None else str(term.cap),
                    "target": str(sla.availability_target) if sla else None,
                    "measured": None if measured is None else str(measured),
                    "downtime_minutes": _minutes(figure.downtime) if figure else "0",
                    "support_minutes": _minutes(figure.measured) if figure else "0",
                    "disruptions": _disruptions(sla, agreement.member_id, term.service_id, since, until) if sla else [],
                    "p1_breaches": list(
                        Ticket.objects.filter(
                            member_id=agreement.member_id,
                            service_id=term.service_id,
                            priority=1,
                            resolved_at__gte=since,
                            resolved_at__lt=until,
                            sla_state=SLAState.BREACHED,
                        )
                        .order_by("number")
                        .values_list("number", flat=True)
                    ),
                }
            )
    return {
        "collaboration": collaboration_id,
        "year": year,
        "month": month,
        "member": member.pk if member else None,
        "members": [members[m] for m in sorted(members, key=lambda pk: members[pk]["name"])],
    }


def _disruptions(
    sla: Any, member_id: int, service_id: int, since: datetime.datetime, until: datetime.datetime
) -> list[dict[str, Any]]:
    """The month's unplanned outages of the service for the member, with their minutes in
    the SLA's support hours (clipped to the month)."""
    schedule = schedule_for(sla.calendar_id, member_id)
    found = (
        Disruption.objects.affecting(member_id)
        .filter(service_id=service_id, kind=DisruptionKind.UNPLANNED, impact=DisruptionImpact.OUTAGE, starts__lt=until)
        .filter(Q(ends__isnull=True) | Q(ends__gt=since))
        .order_by("starts", "pk")
    )
    rows = []
    for disruption in found:
        start, end = max(disruption.starts, since), min(disruption.ends or until, until)
        rows.append(
            {
                "id": disruption.pk,
                "title": disruption.title,
                "starts": disruption.starts.isoformat(),
                "ends": disruption.ends.isoformat() if disruption.ends else None,
                "minutes": _minutes(schedule.elapsed(start, end)),
            }
        )
    return rows


def started_points(target: Decimal, measured: Decimal) -> int:
    """Started percentage points below target (0 when the target is met)."""
    if measured >= target:
        return 0
    return math.ceil(target - measured)


def term_penalty(term: dict[str, Any]) -> dict[str, Any]:
    """One term's line: availability part, priority-1 part, the cap, the amount."""
    points = 0
    if term["measured"] is not None and term["target"] is not None:
        points = started_points(Decimal(term["target"]), Decimal(term["measured"]))
    fee = Fraction(Decimal(term["monthly_fee"]))
    availability = to_ore(fee * Fraction(Decimal(term["percent_per_point"])) / 100 * points)
    p1 = (Decimal(term["amount_per_p1_breach"]) * len(term["p1_breaches"])).quantize(ORE)
    uncapped = availability + p1
    cap = None if term["cap"] is None else Decimal(term["cap"]).quantize(ORE)
    amount = min(uncapped, cap) if cap is not None else uncapped
    line = {
        "service": term["service"],
        "service_name": term["service_name"],
        "monthly_fee": term["monthly_fee"],
        "target": term["target"],
        "measured": term["measured"],
        "points": points,
        "availability_penalty": str(availability),
        "downtime_minutes": term["downtime_minutes"],
        "disruptions": term["disruptions"],
        "p1_breaches": term["p1_breaches"],
        "p1_penalty": str(p1),
        "uncapped": str(uncapped),
        "cap": term["cap"],
        "capped": cap is not None and uncapped > cap,
        "amount": str(amount),
    }
    # Which term applied: the member's agreement's own or the collaboration-wide one. Runs
    # computed before collaboration-wide terms existed have no source (and still reproduce).
    if "source" in term:
        line |= {"source": term["source"], "term": term["term"]}
    return line


def compute(inputs: dict[str, Any]) -> dict[str, Any]:
    members = []
    for member in inputs["members"]:
        lines = [term_penalty(term) for term in member["terms"]]
        total = sum((Decimal(line["amount"]) for line in lines), Decimal("0.00"))
        members.append({"id": member["id"], "name": member["name"], "lines": lines, "total": str(total)})
    total = sum((Decimal(m["total"]) for m in members), Decimal("0.00"))
    return {"members": members, "total": str(total)}
