"""The SLA report: per member and service, whether the agreed levels were met.

For a period (whole days, Swedish time) and each member × service with an SLA:

* **resolution** — tickets resolved in the period, and how many were resolved within the
  resolution target (the clock's verdict, ``sla_state`` met or breached);
* **response** — tickets registered in the period whose response target has passed or
  been answered: met when the first public reply came by ``response_due_at``. Tickets
  still inside their response time are left out until they are decided;
* **open and breached** — tickets registered in the period, still open, already late;
* **availability** — the service's availability for the member in the SLA's support
  hours against its target (``catalog.queries.availability``).

The figures are counts of tickets the report reader's members own, whatever ticket rights
the reader has: a committee member sees the numbers, not the tickets. The list of breached
tickets shows only tickets the reader may open.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samdrift.accounts import policy
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.catalog.choices import DisruptionImpact, DisruptionKind, ServiceState
from samdrift.catalog.models import SLA, Disruption, Service
from samdrift.catalog.queries import Availability, availability, schedule_for
from samdrift.core import access
from samdrift.core.exports import csv_text, xlsx_append, xlsx_bytes, xlsx_table
from samdrift.tenancy.models import Member

from .choices import OPEN_STATUSES, SLAState
from .models import Ticket

BREACHED_LIST_LIMIT = 500
LATE_AND_OPEN = Q(sla_state=SLAState.BREACHED, status__in=sorted(OPEN_STATUSES))


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    member: Member
    service: Service
    sla: SLA
    resolved: int = 0
    resolved_in_time: int = 0
    response_decided: int = 0
    response_in_time: int = 0
    open_breached: int = 0
    availability: Availability | None = None

    @property
    def resolution_percent(self) -> Decimal | None:
        return percent(self.resolved_in_time, self.resolved)

    @property
    def response_percent(self) -> Decimal | None:
        return percent(self.response_in_time, self.response_decided)

    @property
    def resolution_breached(self) -> int:
        return self.resolved - self.resolved_in_time

    @property
    def response_breached(self) -> int:
        return self.response_decided - self.response_in_time


@dataclass
class SystemRow:
    """Resolution in time of the tickets a member raised about a system with its own SLA."""

    member: str
    system: str
    resolved: int
    resolved_in_time: int

    @property
    def resolution_percent(self) -> Decimal | None:
        return percent(self.resolved_in_time, self.resolved)


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    rows: list[Row]
    breached: list[Ticket] = field(default_factory=list)
    # Tickets under a system-level SLA (inventory), per member and system.
    systems: list[SystemRow] = field(default_factory=list)
    breached_total: int = 0

    def totals(self) -> Row | None:
        """The rows summed (availability is per service and member, so not summed)."""
        if not self.rows:
            return None
        total = Row(member=self.rows[0].member, service=self.rows[0].service, sla=self.rows[0].sla)
        for row in self.rows:
            total.resolved += row.resolved
            total.resolved_in_time += row.resolved_in_time
            total.response_decided += row.response_decided
            total.response_in_time += row.response_in_time
            total.open_breached += row.open_breached
        return total


def local_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period from Swedish midnight at ``start`` to Swedish midnight after ``end``."""
    after = end + datetime.timedelta(days=1)
    return (
        datetime.datetime.combine(start, datetime.time(0), STOCKHOLM),
        datetime.datetime.combine(after, datetime.time(0), STOCKHOLM),
    )


def reportable_members(user: Any) -> QuerySet[Member]:
    return Member.objects.filter(policy.report_scope_q(user, Member)).select_related("collaboration")


def build(
    user: Any,
    start: datetime.date,
    end: datetime.date,
    members: Iterable[Member] | None = None,
    services: Iterable[Service] | None = None,
    now: datetime.datetime | None = None,
    systems: Iterable[Any] | None = None,
) -> Report:
    """The report for ``user``'s members (or those of ``members`` the user may report on).

    ``systems`` (inventory systems) limits every ticket figure to the tickets that name one
    of them: how the services did for that system. Availability stays the service's.

    ``user=None`` computes the figures for exactly ``members``, with no breached-ticket list:
    for pages that check their own permission (the member statement)."""
    now = now or timezone.now()
    since, until = local_bounds(start, end)
    if user is None:
        chosen_members = list(members or [])
    else:
        chosen_members = list(members) if members is not None else list(reportable_members(user))
        allowed = set(reportable_members(user).values_list("pk", flat=True))
        chosen_members = [m for m in chosen_members if m.pk in allowed]
    member_ids = [m.pk for m in chosen_members]
    service_qs = Service.objects.filter(
        collaboration_id__in={m.collaboration_id for m in chosen_members}, slas__isnull=False
    ).exclude(state=ServiceState.PLANNED)
    if services is not None:
        service_qs = service_qs.filter(pk__in=[s.pk for s in services])
    chosen_services = list(service_qs.distinct().order_by("name"))

    # Each member's own SLA for a service if agreed, else the service's (one query for all).
    common: dict[int, SLA] = {}
    own: dict[tuple[int, int], SLA] = {}
    for sla in SLA.objects.filter(service__in=chosen_services, for_system=False).select_related("calendar"):
        if sla.member_id is None:
            common[sla.service_id] = sla
        else:
            own[(sla.member_id, sla.service_id)] = sla
    rows: dict[tuple[int, int], Row] = {}
    for member in chosen_members:
        for service in chosen_services:
            if service.collaboration_id != member.collaboration_id:
                continue
            agreed = own.get((member.pk, service.pk)) or common.get(service.pk)
            if agreed is not None:
                rows[(member.pk, service.pk)] = Row(member=member, service=service, sla=agreed)

    about = Q(system_id__in=[system.pk for system in systems]) if systems is not None else Q()
    tickets = Ticket.objects.filter(about, member_id__in=member_ids, service_id__in=[s.pk for s in chosen_services])
    for found in resolved_counts(tickets, since, until):
        if row := rows.get((found["member_id"], found["service_id"])):
            row.resolved, row.resolved_in_time = found["total"], found["in_time"]
    for found in registered_counts(tickets, since, until, now):
        if row := rows.get((found["member_id"], found["service_id"])):
            row.response_decided, row.response_in_time = found["decided"], found["in_time"]
            row.open_breached = found["late"]

    _add_availability(rows, since, until, now)

    breached_q = Q(sla_state=SLAState.BREACHED) & (
        Q(resolved_at__gte=since, resolved_at__lt=until) | Q(LATE_AND_OPEN, created__gte=since, created__lt=until)
    )
    readable = tickets.filter(breached_q).filter(access.visibility_q(user, Ticket)) if user else tickets.none()
    breached_total = readable.count()
    breached = list(
        readable.select_related("member", "service").order_by("member__name", "service__name", "created")[
            :BREACHED_LIST_LIMIT
        ]
    )
    ordered = sorted(rows.values(), key=lambda r: (r.member.name, r.service.name))
    # The system-level SLAs first (a handful): their tickets are then found by the SLA's
    # index, not by reading every ticket resolved in the period.
    system_slas = list(
        SLA.objects.filter(
            for_system=True, service__collaboration_id__in={m.collaboration_id for m in chosen_members}
        ).values_list("pk", flat=True)
    )
    systems = [
        SystemRow(found["member__name"], found["system__name"], found["total"], found["in_time"])
        for found in system_counts(Ticket.objects.filter(about, member_id__in=member_ids), since, until, system_slas)
    ]
    return Report(start=start, end=end, rows=ordered, breached=breached, breached_total=breached_total, systems=systems)


def resolved_counts(tickets: QuerySet[Ticket], since: datetime.datetime, until: datetime.datetime) -> QuerySet[Any]:
    """Per member × service: the tickets with an SLA resolved in the period, and how many
    of them in time. One range per member and service of ``ticket_member_service_resolved``."""
    return (
        tickets.filter(resolved_at__gte=since, resolved_at__lt=until, sla__isnull=False)
        .values("member_id", "service_id")
        .annotate(total=Count("pk"), in_time=Count("pk", filter=Q(sla_state=SLAState.MET)))
    )


def system_counts(
    tickets: QuerySet[Ticket], since: datetime.datetime, until: datetime.datetime, system_slas: list[int]
) -> QuerySet[Any]:
    """Per member × system: the tickets of the system SLAs resolved in the period, and how
    many of them in time. One range per SLA of ``ticket_sla_resolved``."""
    return (
        tickets.filter(resolved_at__gte=since, resolved_at__lt=until, sla_id__in=system_slas)
        .values("member__name", "system__name")
        .annotate(total=Count("pk"), in_time=Count("pk", filter=Q(sla_state=SLAState.MET)))
        .order_by("member__name", "system__name")
    )


def registered_counts(
    tickets: QuerySet[Ticket], since: datetime.datetime, until: datetime.datetime, now: datetime.datetime
) -> QuerySet[Any]:
    """Per member × service, of the tickets registered in the period, in one pass (of
    ``ticket_member_service_created``): the responses decided and in time, and those
    still open and already late."""
    answered_in_time = Q(first_response_at__lte=F("response_due_at"))
    decided = Q(response_due_at__isnull=False) & (
        Q(first_response_at__isnull=False) | Q(response_due_at__lt=min(now, until))
    )
    return (
        tickets.filter(created__gte=since, created__lt=until)
        .values("member_id", "service_id")
        .annotate(
            decided=Count("pk", filter=decided),
            in_time=Count("pk", filter=answered_in_time),
            late=Count("pk", filter=LATE_AND_OPEN),
        )
    )


def _add_availability(
    rows: dict[tuple[int, int], Row], since: datetime.datetime, until: datetime.datetime, now: datetime.datetime
) -> None:
    """Availability for every row: outages fetched once, schedules built once per member."""
    if not rows:
        return
    outages: dict[tuple[int, int], list[tuple[datetime.datetime, datetime.datetime | None]]] = defaultdict(list)
    service_ids = {service_id for _, service_id in rows}
    found = (
        Disruption.objects.filter(
            service_id__in=service_ids,
            kind=DisruptionKind.UNPLANNED,
            impact=DisruptionImpact.OUTAGE,
            starts__lt=min(until, now),
        )
        .filter(Q(ends__isnull=True) | Q(ends__gt=since))
        .prefetch_related("affected_members")
    )
    member_ids = {member_id for member_id, _ in rows}
    for disruption in found:
        affected = {m.pk for m in disruption.affected_members.all()} or member_ids
        for member_id in affected & member_ids:
            outages[(member_id, disruption.service_id)].append((disruption.starts, disruption.ends))
    schedules: dict[tuple[int, int], Any] = {}
    for (member_id, service_id), row in rows.items():
        key = (row.sla.calendar_id, member_id)
        if key not in schedules:
            schedules[key] = schedule_for(row.sla.calendar_id, member_id)
        row.availability = availability(
            row.sla,
            member_id,
            since,
            until,
            now,
            schedule=schedules[key],
            disruptions=outages.get((member_id, service_id), []),
        )


def table(report: Report) -> tuple[list[str], list[list[Any]]]:
    """The report as a header and rows of plain values (CSV, XLSX, API share this)."""
    header = [
        _("Member"),
        _("Service"),
        _("Resolved tickets"),
        _("Resolved in time"),
        _("Resolution compliance (%)"),
        _("Responses decided"),
        _("Responded in time"),
        _("Response compliance (%)"),
        _("Open and breached"),
        _("Availability (%)"),
        _("Availability target (%)"),
        _("Availability met"),
    ]
    rows = []
    for row in report.rows:
        figure = row.availability
        rows.append(
            [
                row.member.name,
                row.service.name,
                row.resolved,
                row.resolved_in_time,
                row.resolution_percent,
                row.response_decided,
                row.response_in_time,
                row.response_percent,
                row.open_breached,
                figure.percent if figure else None,
                row.sla.availability_target,
                None if figure is None or figure.met is None else (_("yes") if figure.met else _("no")),
            ]
        )
    return header, rows


def breached_table(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [_("Ticket"), _("Member"), _("Service"), _("Priority"), _("Registered"), _("Resolved"), _("Due")]
    rows = [
        [
            t.number,
            t.member.name,
            t.service.name if t.service else "",
            t.priority,
            timezone.localtime(t.created).replace(tzinfo=None),
            timezone.localtime(t.resolved_at).replace(tzinfo=None) if t.resolved_at else None,
            timezone.localtime(t.due_at).replace(tzinfo=None) if t.due_at else None,
        ]
        for t in report.breached
    ]
    return header, rows


def as_csv(report: Report) -> str:
    return csv_text(*table(report))


def as_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active or book.create_sheet()
    summary.title = _("SLA report")[:31]
    xlsx_append(summary, [_("SLA report"), f"{report.start.isoformat()} – {report.end.isoformat()}"])
    xlsx_table(summary, *table(report))
    late = book.create_sheet(_("Breached tickets")[:31])
    xlsx_table(late, *breached_table(report))
    return xlsx_bytes(book)
