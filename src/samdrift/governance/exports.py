"""Governance papers as PDF (WeasyPrint): the convocation with the agenda (kallelse), a
case memo (tjänsteskrivelse), the minutes (protokoll) and the notice (anslag); and the
meeting as iCalendar (.ics). Confidential items show only that they exist."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import access, dates
from .models import AgendaItem, Attendance, Decision, Meeting, Minutes, ReportSnapshot, Signature


def memo_sections(item: AgendaItem) -> list[tuple[str, str]]:
    """The case memo in seed 001's order; empty sections left out."""
    sections = [
        (_("Summary"), item.summary),
        (_("Background"), item.background),
        (_("Financial assessment"), item.financial_assessment),
        (_("Consultation"), item.consultation),
        (_("Reasons for the proposal"), item.motivation),
        (_("Basis for decision"), item.basis),
        (_("Proposed decision"), item.proposal),
        (_("Dispatch to"), item.dispatch_to),
    ]
    return [(title, text) for title, text in sections if text.strip()]


def _items(meeting: Meeting, user: Any) -> list[dict[str, Any]]:
    secret_ok = user is not None and access.can_read_secret(user, meeting)
    decisions = {d.item_id: d for d in Decision.objects.filter(item__meeting=meeting)}
    frozen: dict[int, list[ReportSnapshot]] = {}
    for snapshot in ReportSnapshot.objects.filter(item__meeting=meeting).select_related("made_by").order_by("made_at"):
        frozen.setdefault(snapshot.item_id, []).append(snapshot)
    rows = []
    for item in AgendaItem.objects.filter(meeting=meeting).select_related("matter").order_by("position", "pk"):
        hidden = item.confidential and not secret_ok
        decision = decisions.get(item.pk)
        rows.append(
            {
                "item": item,
                "title": item.public_title if hidden else item.title,
                "hidden": hidden,
                "memo": [] if hidden else memo_sections(item),
                "decision": decision,
                "decision_text": "" if (hidden or decision is None) else decision.text,
                "reservations": "" if (hidden or decision is None) else decision.reservations,
                "snapshots": [] if hidden else frozen.get(item.pk, []),
            }
        )
    return rows


def memo_context(item: AgendaItem) -> dict[str, Any]:
    """The case memo PDF: the memo and the reports frozen on the item."""
    snapshots = ReportSnapshot.objects.filter(item=item).select_related("made_by").order_by("made_at")
    return {"item": item, "memo": memo_sections(item), "snapshots": list(snapshots)}


def agenda_context(meeting: Meeting, user: Any) -> dict[str, Any]:
    return {"meeting": meeting, "items": _items(meeting, user), "day": dates.local_date(meeting.starts)}


def minutes_context(minutes: Minutes, user: Any) -> dict[str, Any]:
    meeting = minutes.meeting
    return {
        "minutes": minutes,
        "meeting": meeting,
        "day": dates.local_date(meeting.starts),
        "items": _items(meeting, user),
        "attendance": list(
            Attendance.objects.filter(meeting=meeting).select_related("membership__member", "serving_for")
        ),
        "adjusters": list(minutes.adjusters.all()),
        "signatures": list(Signature.objects.filter(minutes=minutes).select_related("membership")),
        "justering_due": minutes.justering_due,
        "posting_due": minutes.posting_due,
        "appeal_ends": minutes.appeal_ends,
    }


def notice_context(minutes: Minutes) -> dict[str, Any]:
    return {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "day": dates.local_date(minutes.meeting.starts),
        "appeal_ends": minutes.appeal_ends,
    }


def pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context, request=request)).write_pdf()


def pdf_response(template: str, context: dict[str, Any], name: str, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def meeting_ics(meeting: Meeting, request: HttpRequest | None = None) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Samdrift//governance//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@samdrift")
    event.add("dtstamp", meeting.updated or datetime.datetime.now(tz=datetime.UTC))
    event.add("dtstart", meeting.starts)
    event.add("dtend", meeting.ends or meeting.starts + datetime.timedelta(hours=2))
    event.add("summary", f"{meeting.body.name}: {_('meeting')}")
    if meeting.place:
        event.add("location", meeting.place)
    link = f"{settings.SAMDRIFT_BASE_URL}{meeting.get_absolute_url()}"
    agenda = "\n".join(f"{i.position}. {i.public_title}" for i in meeting.items.order_by("position", "pk"))
    event.add("description", f"{agenda}\n\n{meeting.remote_link or ''}\n{link}".strip())
    if meeting.remote_link:
        event.add("url", meeting.remote_link)
    event.add("sequence", meeting.version)
    calendar.add_component(event)
    return calendar.to_ical()
