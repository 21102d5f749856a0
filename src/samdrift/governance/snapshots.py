"""Reports frozen as PDF on an agenda item (``actions.do_attach_report_snapshot``).

Three reports from the layers below can be attached, each rendered once, at that moment,
from its owner's read side:

* ``follow_up`` — the finance follow-up table of a chosen forecast (``finance.queries``);
* ``sla_report`` — the SLA report (``servicedesk.slareport``) for a period of months, per
  service and member of the collaboration, as aggregates (no ticket list);
* ``delivery_report`` — the committee's delivery report (``followup.report``) for a period,
  with the follow-up table of a forecast if one is chosen.

Who may freeze which: the forecast must be one the acting user reads; the SLA and delivery
reports need a report-reading role for the whole collaboration (they are the collaboration's
papers, not one member's view).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samdrift.accounts import policy
from samdrift.accounts.choices import ScopeLevel

from .choices import SnapshotKind
from .models import AgendaItem


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    digest: str
    title: str
    slug: str
    start: datetime.date | None
    end: datetime.date | None


def last_day(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _period(start: datetime.date | None, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """The first day of the first month and the last day of the last month."""
    errors: dict[str, Any] = {}
    if start is None:
        errors["start"] = _("Choose the first month of the period.")
    if end is None:
        errors["end"] = _("Choose the last month of the period.")
    if errors or start is None or end is None:
        raise ValidationError(errors, code="period")
    first, last = start.replace(day=1), last_day(end)
    if last < first:
        raise ValidationError({"end": _("The period must end after it starts.")}, code="period")
    if first > timezone.localdate():
        raise ValidationError({"start": _("The period has not started yet.")}, code="period")
    return first, last


def _may_report_on_collaboration(user: Any, item: AgendaItem) -> None:
    if user is None:
        return
    if not policy.holds_role_over(user, item.meeting.body, policy.REPORT_READERS, ScopeLevel.COLLABORATION):
        raise PermissionDenied(
            _("Only someone who reads the reports of the whole collaboration can freeze this report.")
        )


def _forecast(user: Any, item: AgendaItem, forecast: Any) -> Any:
    from samdrift.finance.models import Forecast

    if forecast is None:
        return None
    readable = Forecast.objects.all() if user is None else Forecast.objects.visible_to(user)
    if not readable.filter(pk=forecast.pk).exists() or forecast.collaboration_id != item.meeting.body.collaboration_id:
        raise ValidationError({"forecast": _("Choose a forecast of the meeting's collaboration.")}, code="forecast")
    return forecast


def _stamp(user: Any, item: AgendaItem) -> dict[str, Any]:
    return {
        "item": item,
        "meeting": item.meeting,
        "made_at": timezone.now(),
        "made_by": (user.get_full_name() or user.get_username()) if getattr(user, "pk", None) else "Samdrift",
    }


def _pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("governance/pdf/snapshot.html", context)).write_pdf()


def render(
    user: Any,
    item: AgendaItem,
    kind: str,
    *,
    forecast: Any = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Rendered:
    """Build the report for ``user`` and render it as PDF (nothing is stored here)."""
    context = _stamp(user, item) | {"kind": kind}
    first: datetime.date | None = None
    last: datetime.date | None = None
    if kind == SnapshotKind.FOLLOW_UP:
        from samdrift.finance import exports as finance_exports
        from samdrift.finance import queries as finance

        chosen = _forecast(user, item, forecast)
        if chosen is None:
            raise ValidationError({"forecast": _("Choose the forecast whose follow-up table to freeze.")})
        table = finance.follow_up(chosen)
        context |= {
            "table": table,
            "data": finance_exports.rows_in_thousands(table),
            "headers": finance_exports.headers(table),
        }
        title = _("Financial follow-up %(forecast)s") % {"forecast": chosen.name}
        slug = f"uppfoljning-{chosen.year}-{chosen.as_of_month:02d}"
    elif kind == SnapshotKind.SLA_REPORT:
        from samdrift.servicedesk import slareport
        from samdrift.tenancy.models import Member

        _may_report_on_collaboration(user, item)
        first, last = _period(start, end)
        collaboration_id = item.meeting.body.collaboration_id
        members = (
            Member.objects.filter(collaboration_id=collaboration_id)
            if user is None
            else slareport.reportable_members(user).filter(collaboration_id=collaboration_id)
        )
        report = slareport.build(None, first, last, members=list(members.order_by("name")))
        header, rows = slareport.table(report)
        context |= {"sla": report, "sla_header": header, "sla_rows": rows}
        title = _("SLA report %(start)s – %(end)s") % {"start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}"}
        slug = f"sla-rapport-{first:%Y-%m}-{last:%Y-%m}"
    elif kind == SnapshotKind.DELIVERY_REPORT:
        from samdrift.finance import exports as finance_exports
        from samdrift.followup import report as delivery
        from samdrift.followup.views import statistics_charts

        if user is None:
            raise ValidationError(_("The delivery report is frozen by a person who reads it."))
        _may_report_on_collaboration(user, item)
        first, last = _period(start, end)
        chosen = _forecast(user, item, forecast)
        built = delivery.build(user, first, last.replace(day=1), chosen)
        context |= {"report": built, "charts": statistics_charts(built.statistics, prefix="snapshot")}
        if built.follow_up is not None:
            context |= {
                "table": built.follow_up,
                "data": finance_exports.rows_in_thousands(built.follow_up),
                "headers": finance_exports.headers(built.follow_up),
            }
        title = _("Delivery report %(start)s – %(end)s") % {"start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}"}
        slug = f"leveransrapport-{first:%Y-%m}-{last:%Y-%m}"
    else:
        raise ValidationError({"kind": _("Choose a report.")}, code="kind")
    context["title"] = title
    pdf = _pdf(context)
    return Rendered(pdf=pdf, digest=hashlib.sha256(pdf).hexdigest(), title=title, slug=slug, start=first, end=last)
