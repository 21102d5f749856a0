"""The only way governance objects change. Each action is one transaction with an audit
row; numbers (case numbers, § numbers) are allocated on a locked counter row; nothing
about a meeting changes once its minutes are justerade."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import PRIORITY, STATUS, Email

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import SYSTEM, ExpectedVersion, check_version

from . import dates
from .choices import DecisionEffect, DocumentKind, ItemKind, MembershipRole, MinutesState, Office, Presence
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Counter,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

if TYPE_CHECKING:
    from samdrift.accounts.models import User

__all__ = [
    "AgendaItem",
    "Attendance",
    "Body",
    "CaseSeries",
    "Decision",
    "Document",
    "Matter",
    "Meeting",
    "Membership",
    "Minutes",
    "Recipient",
    "ReportSnapshot",
    "Signature",
]

OPENING_ITEMS = ("Upprop", "Val av justerare och tid för justering", "Godkännande av dagordning")


class LockedError(ValidationError):
    """The minutes are justerade: the meeting's records no longer change."""

    def __init__(self) -> None:
        super().__init__(
            _("The minutes are justerade and can no longer be changed. Register a correction as a new document."),
            code="locked",
        )


def allocate(collaboration_id: int, key: str, year: int) -> int:
    """The next number in a series, race-free: the counter row is locked until commit."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Counter.objects.get_or_create(collaboration_id=collaboration_id, key=key, year=year)
        except IntegrityError:  # created by a concurrent transaction in between
            pass
        counter = Counter.objects.select_for_update().get(collaboration_id=collaboration_id, key=key, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


def _reserve(collaboration_id: int, key: str, year: int, number: int) -> None:
    """Move a counter past a number taken over from an earlier register."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Counter.objects.get_or_create(collaboration_id=collaboration_id, key=key, year=year)
        except IntegrityError:
            pass
        counter = Counter.objects.select_for_update().get(collaboration_id=collaboration_id, key=key, year=year)
        if counter.last < number:
            counter.last = number
            counter.save(update_fields=["last"])


def _check_open(meeting: Meeting) -> None:
    if Minutes.objects.filter(meeting_id=meeting.pk).exclude(state=MinutesState.DRAFT).exists():
        raise LockedError


# Case register settings, bodies, memberships, recipients ------------------------------


def do_create_case_series(*, acting_user: User | None, **fields: Any) -> CaseSeries:
    return create_object(CaseSeries, acting_user=acting_user, **fields)


def do_update_case_series(
    series: CaseSeries, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> CaseSeries:
    return update_object(series, acting_user=acting_user, expected_version=expected_version, **changes)


def do_create_body(*, acting_user: User | None, **fields: Any) -> Body:
    return create_object(Body, acting_user=acting_user, **fields)


def do_update_body(body: Body, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Body:
    return update_object(body, acting_user=acting_user, expected_version=expected_version, **changes)


def do_appoint(*, acting_user: User | None, **fields: Any) -> Membership:
    """Appoint a person to a body. The mandate's history stays: to change it, end this
    appointment (``do_update_membership(ends=…)``) and appoint again."""
    with transaction.atomic():
        membership = create_object(Membership, acting_user=acting_user, **fields)
        if membership.office:
            clash = (
                Membership.objects.filter(body_id=membership.body_id, office=membership.office)
                .exclude(pk=membership.pk)
                .exclude(ends__lt=membership.starts)
            )
            if membership.ends:
                clash = clash.filter(starts__lte=membership.ends)
            if clash.exists():
                raise ValidationError(
                    {"office": _("The body already has someone in this office for that period.")}, code="office_taken"
                )
    return membership


def do_update_membership(
    membership: Membership, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Membership:
    return update_object(membership, acting_user=acting_user, expected_version=expected_version, **changes)


def do_create_recipient(*, acting_user: User | None, **fields: Any) -> Recipient:
    return create_object(Recipient, acting_user=acting_user, **fields)


def do_update_recipient(
    recipient: Recipient, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Recipient:
    return update_object(recipient, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_recipient(recipient: Recipient, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(recipient, acting_user=acting_user, expected_version=expected_version)


# The register ---------------------------------------------------------------------------


def case_series_for(collaboration: Any) -> CaseSeries:
    """The collaboration's settings, or defaults (prefix "Dnr") when none are stored."""
    series = CaseSeries.objects.filter(collaboration_id=collaboration.pk).first()
    return series or CaseSeries(collaboration=collaboration, prefix="Dnr")


def do_register_matter(
    *, acting_user: User | None, collaboration: Any, registered_on: datetime.date, **fields: Any
) -> Matter:
    """Register a matter: it gets the next case number of its collaboration and year."""
    with transaction.atomic():
        year = registered_on.year
        number = fields.pop("number", None)
        if number:  # a historical register taken over: keep its number, move the counter past it
            _reserve(collaboration.pk, "case", year, number)
        else:
            number = allocate(collaboration.pk, "case", year)
        case_number = case_series_for(collaboration).format(year, number)
        return create_object(
            Matter,
            acting_user=acting_user,
            collaboration=collaboration,
            registered_on=registered_on,
            year=year,
            number=number,
            case_number=case_number,
            **fields,
        )


def do_update_matter(
    matter: Matter, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Matter:
    for fixed in ("collaboration", "registered_on"):
        if fixed in changes and changes[fixed] != getattr(matter, fixed):
            raise ValidationError({fixed: _("A registered matter keeps its collaboration and date.")})
        changes.pop(fixed, None)
    return update_object(matter, acting_user=acting_user, expected_version=expected_version, **changes)


def do_register_document(*, acting_user: User | None, matter: Matter, **fields: Any) -> Document:
    """Register a document in a matter; it gets the matter's next document number."""
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        last = Document.objects.filter(matter=locked).order_by("-number").values_list("number", flat=True).first()
        return create_object(Document, acting_user=acting_user, matter=locked, number=(last or 0) + 1, **fields)


def do_update_document(
    document: Document, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Document:
    if "matter" in changes and changes["matter"] != document.matter:
        raise ValidationError({"matter": _("A registered document stays in its matter.")})
    changes.pop("matter", None)
    if document.decision_id is not None:
        raise ValidationError(_("A registered dispatch is a record of what was sent and cannot be changed."))
    if ReportSnapshot.objects.filter(document_id=document.pk).exists():
        raise ValidationError(_("A frozen report snapshot is never changed; attach a new one instead."))
    return update_object(document, acting_user=acting_user, expected_version=expected_version, **changes)


# Meetings ------------------------------------------------------------------------------


def do_create_meeting(*, acting_user: User | None, **fields: Any) -> Meeting:
    """A new meeting, with the standard opening items already on its agenda."""
    with transaction.atomic():
        meeting = create_object(Meeting, acting_user=acting_user, **fields)
        for position, title in enumerate(OPENING_ITEMS, start=1):
            create_object(
                AgendaItem, acting_user=acting_user, meeting=meeting, position=position, kind=ItemKind.OPENING,
                title=title,
            )  # fmt: skip
    return meeting


def do_update_meeting(
    meeting: Meeting, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Meeting:
    _check_open(meeting)
    if "body" in changes and changes["body"] != meeting.body:
        raise ValidationError({"body": _("A meeting stays with its body.")})
    return update_object(meeting, acting_user=acting_user, expected_version=expected_version, **changes)


def do_convene(meeting: Meeting, *, acting_user: User | None, expected_version: ExpectedVersion) -> Meeting:
    """Send the convocation (kallelse): the meeting is convened today; members with an
    e-mail address get it through the outbox."""
    from .choices import MeetingState

    with transaction.atomic():
        _check_open(meeting)
        today = timezone.localdate()
        saved = update_object(
            meeting, acting_user=acting_user, expected_version=expected_version, state=MeetingState.CONVENED,
            convened_on=today,
        )  # fmt: skip
        day = dates.local_date(saved.starts)
        addresses = sorted(
            {m.email for m in Membership.objects.filter(body_id=saved.body_id).exclude(email="") if m.current_on(day)}
        )
        agenda = "\n".join(f"{i.position}. {i.public_title}" for i in saved.items.order_by("position", "pk"))
        where = saved.place or saved.remote_link
        body = (
            f"Kallelse till sammanträde med {saved.body.name}\n"
            f"Tid: {timezone.localtime(saved.starts):%Y-%m-%d %H:%M}\nPlats: {where}\n\nDagordning\n{agenda}\n"
        )
        queue_mail(addresses, f"Kallelse: {saved}", body)
    return saved


def do_call_roll(meeting: Meeting, *, acting_user: User | None) -> list[Attendance]:
    """Upprop: one attendance row per current appointee not yet listed (ledamöter
    present, ersättare absent until they are set to serve)."""
    with transaction.atomic():
        _check_open(meeting)
        day = dates.local_date(meeting.starts)
        listed = set(Attendance.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
        made = []
        for membership in Membership.objects.filter(body_id=meeting.body_id).exclude(role=MembershipRole.SECRETARY):
            if membership.pk in listed or not membership.current_on(day):
                continue
            presence = Presence.PRESENT if membership.role == MembershipRole.MEMBER else Presence.ABSENT
            made.append(
                create_object(
                    Attendance, acting_user=acting_user, meeting=meeting, membership=membership, presence=presence
                )
            )
    return made


def do_record_attendance(*, acting_user: User | None, meeting: Meeting, **fields: Any) -> Attendance:
    with transaction.atomic():
        _check_open(meeting)
        return create_object(Attendance, acting_user=acting_user, meeting=meeting, **fields)


def do_update_attendance(
    attendance: Attendance, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Attendance:
    with transaction.atomic():
        _check_open(attendance.meeting)
        changes.pop("meeting", None)
        return update_object(attendance, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_attendance(
    attendance: Attendance, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    with transaction.atomic():
        _check_open(attendance.meeting)
        delete_object(attendance, acting_user=acting_user, expected_version=expected_version)


# Agenda --------------------------------------------------------------------------------


def do_add_item(*, acting_user: User | None, meeting: Meeting, **fields: Any) -> AgendaItem:
    """Add an item; without a position it goes last."""
    with transaction.atomic():
        _check_open(meeting)
        if not fields.get("position"):
            last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").values_list("position", flat=True)
            fields["position"] = (last.first() or 0) + 1
        return create_object(AgendaItem, acting_user=acting_user, meeting=meeting, **fields)


def do_update_item(
    item: AgendaItem, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> AgendaItem:
    with transaction.atomic():
        _check_open(item.meeting)
        if "meeting" in changes and changes["meeting"] != item.meeting:
            raise ValidationError({"meeting": _("An item stays on its meeting's agenda.")})
        changes.pop("meeting", None)
        return update_object(item, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_item(item: AgendaItem, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    with transaction.atomic():
        _check_open(item.meeting)
        delete_object(item, acting_user=acting_user, expected_version=expected_version)


def do_move_item(
    item: AgendaItem, *, acting_user: User | None, expected_version: ExpectedVersion, up: bool
) -> AgendaItem:
    """Move an item one step up or down the agenda (renumbering 1, 2, 3 …)."""
    with transaction.atomic():
        _check_open(item.meeting)
        items = list(
            AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk")
        )
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        check_version(items[index].version, expected_version)
        target = index - 1 if up else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        moved = item
        for position, other in enumerate(items, start=1):
            if other.position != position:
                saved = update_object(other, acting_user=acting_user, expected_version=SYSTEM, position=position)
                if saved.pk == item.pk:
                    moved = saved
    return moved


# Decisions -----------------------------------------------------------------------------


def do_decide(*, acting_user: User | None, item: AgendaItem, text: str, **fields: Any) -> Decision:
    """Record the decision on an item: it gets the next § of its body and year, and what
    it adopts is applied (a forecast is approved, an allocation model is linked)."""
    with transaction.atomic():
        meeting = item.meeting
        _check_open(meeting)
        if item.kind == ItemKind.INFORMATION and not text:
            raise ValidationError({"text": _("Write the decision.")})
        day = dates.local_date(meeting.starts)
        paragraph = fields.pop("paragraph", None) or allocate(
            meeting.body.collaboration_id, f"body:{meeting.body_id}", day.year
        )
        decision = create_object(
            Decision, acting_user=acting_user, item=item, body=meeting.body, year=day.year, paragraph=paragraph,
            decided_on=day, text=text, **fields,
        )  # fmt: skip
        _apply_effect(decision, acting_user=acting_user)
    return decision


def _apply_effect(decision: Decision, *, acting_user: User | None) -> None:
    from samdrift.finance import actions as finance

    if decision.effect == DecisionEffect.APPROVE_FORECAST and decision.forecast is not None:
        finance.do_record_forecast_approval(decision.forecast, acting_user=acting_user, decision=decision)
    elif decision.effect == DecisionEffect.ADOPT_ALLOCATION_MODEL and decision.allocation_model is not None:
        finance.do_record_model_adoption(decision.allocation_model, acting_user=acting_user, decision=decision)
    elif (
        decision.effect == DecisionEffect.ADOPT_COLLABORATION_AGREEMENT and decision.collaboration_agreement is not None
    ):
        from samdrift.agreements import actions as agreements

        agreements.do_record_agreement_adoption(
            decision.collaboration_agreement, acting_user=acting_user, decision=decision
        )


EFFECT_FIELDS = ("effect", "forecast", "allocation_model", "budget_year", "service", "collaboration_agreement", "item")


def do_update_decision(
    decision: Decision, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Decision:
    """Change the wording, reservations or votes before justering; what it adopts and
    its § stay (take a new decision instead)."""
    with transaction.atomic():
        _check_open(decision.item.meeting)
        for name in EFFECT_FIELDS:
            if name in changes and changes[name] != getattr(decision, name):
                raise ValidationError({name: _("What a decision adopts cannot be changed; take a new decision.")})
            changes.pop(name, None)
        return update_object(decision, acting_user=acting_user, expected_version=expected_version, **changes)


def do_dispatch(decision: Decision, *, acting_user: User | None, recipients: list[Recipient]) -> Document:
    """Expediering: e-mail the decision to the recipients through the outbox (queued in
    this transaction) and register the sending as an outgoing document of the matter."""
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    matter = decision.item.matter
    if matter is None:
        raise ValidationError(_("Only a decision in a registered matter can be dispatched."))
    minutes = Minutes.objects.filter(meeting_id=decision.item.meeting_id).first()
    if minutes is None or minutes.state == MinutesState.DRAFT:
        raise ValidationError(_("Dispatch the decision once the minutes are justerade."))
    with transaction.atomic():
        names = ", ".join(r.name for r in recipients)
        subject = f"Protokollsutdrag {decision} — {matter.case_number} {decision.item.title}"
        body = f"{decision.body.name}, {decision.decided_on:%Y-%m-%d}, {decision}\n\n{decision.item.title}\n\n{decision.text}\n"
        if decision.reservations:
            body += f"\nReservationer: {decision.reservations}\n"
        queue_mail(sorted({r.email for r in recipients}), subject, body)
        return do_register_document(
            acting_user=acting_user, matter=matter, kind=DocumentKind.OUTGOING, date=timezone.localdate(),
            counterpart=names, title=subject[:300], text=body, decision=decision,
        )  # fmt: skip


def queue_mail(addresses: list[str], subject: str, body: str) -> list[Email]:
    """One message per recipient, queued in the caller's transaction (sent by the worker)."""
    return Email.objects.bulk_create(
        [
            Email(
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                subject=subject[:989],
                message=body,
                priority=PRIORITY.medium,
                status=STATUS.queued,
            )
            for address in addresses
        ]
    )


# Minutes -------------------------------------------------------------------------------


def do_create_minutes(*, acting_user: User | None, meeting: Meeting, adjusters: Any = (), **fields: Any) -> Minutes:
    with transaction.atomic():
        minutes = create_object(Minutes, acting_user=acting_user, meeting=meeting, adjusters=list(adjusters), **fields)
        _check_adjusters(minutes)
    return minutes


def _check_adjusters(minutes: Minutes) -> None:
    wrong = [m for m in minutes.adjusters.all() if m.body_id != minutes.meeting.body_id]
    if wrong:
        raise ValidationError({"adjusters": _("Justerare must be appointed to the body.")})


def do_update_minutes(
    minutes: Minutes, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Minutes:
    with transaction.atomic():
        if minutes.state != MinutesState.DRAFT:
            raise LockedError
        if "meeting" in changes and changes["meeting"] != minutes.meeting:
            raise ValidationError({"meeting": _("Minutes stay with their meeting.")})
        changes.pop("meeting", None)
        saved = update_object(minutes, acting_user=acting_user, expected_version=expected_version, **changes)
        _check_adjusters(saved)
    return saved


def chair_of(minutes: Minutes) -> Membership | None:
    day = minutes.meeting_date
    for membership in Membership.objects.filter(body_id=minutes.meeting.body_id, office=Office.CHAIR):
        if membership.current_on(day):
            return membership
    return None


def signers(minutes: Minutes) -> list[Membership]:
    """Who must justera: the chair and the justerare."""
    chair = chair_of(minutes)
    people = [chair] if chair else []
    return people + [m for m in minutes.adjusters.all() if chair is None or m.pk != chair.pk]


def do_sign_minutes(minutes: Minutes, *, acting_user: User | None, at: datetime.datetime | None = None) -> Minutes:
    """The acting user justerar (as the chair or a justerare). When all have, the minutes
    are justerade on that day and become immutable."""
    with transaction.atomic():
        current = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if current.state != MinutesState.DRAFT:
            raise LockedError
        needed = signers(current)
        if not current.adjusters.exists():
            raise ValidationError(_("Choose the justerare first."))
        mine = [m for m in needed if m.user_id == getattr(acting_user, "pk", None)]
        if not mine:
            raise PermissionDenied(_("Only the chair and the justerare justera the minutes."))
        moment = at or timezone.now()
        done = set(Signature.objects.filter(minutes=current).values_list("membership_id", flat=True))
        for membership in mine:
            if membership.pk not in done:
                create_object(
                    Signature, acting_user=acting_user, minutes=current, membership=membership, user=acting_user,
                    signed_at=moment,
                )  # fmt: skip
                done.add(membership.pk)
        if all(m.pk in done for m in needed):
            current = update_object(
                current, acting_user=acting_user, expected_version=SYSTEM, state=MinutesState.SIGNED,
                signed_on=dates.local_date(moment),
            )  # fmt: skip
    return current


def do_record_paper_justering(minutes: Minutes, *, acting_user: User | None, signed_on: datetime.date) -> Minutes:
    """Minutes justerade on paper (taken over from before Samdrift): the registrar
    records the date; there are no signatures in the system."""
    with transaction.atomic():
        current = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if current.state != MinutesState.DRAFT:
            raise LockedError
        if signed_on < current.meeting_date:
            raise ValidationError(_("Minutes cannot be justerade before the meeting."))
        return update_object(
            current, acting_user=acting_user, expected_version=SYSTEM, state=MinutesState.SIGNED, signed_on=signed_on
        )


def do_post_minutes(minutes: Minutes, *, acting_user: User | None, on: datetime.date | None = None) -> Minutes:
    """Post the notice of justerade minutes on the notice board (anslagstavla)."""
    with transaction.atomic():
        current = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if current.state != MinutesState.SIGNED:
            raise ValidationError(_("Only justerade minutes that are not yet posted can be posted."))
        day = on or timezone.localdate()
        if current.signed_on and day < current.signed_on:
            raise ValidationError(_("The notice cannot be posted before the minutes are justerade."))
        return update_object(
            current, acting_user=acting_user, expected_version=SYSTEM, state=MinutesState.POSTED, posted_on=day
        )


# Report snapshots ----------------------------------------------------------------------


def do_attach_report_snapshot(
    *,
    acting_user: User | None,
    item: AgendaItem,
    kind: str,
    forecast: Any = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> ReportSnapshot:
    """Freeze a report as a PDF on an agenda item: it is rendered now (WeasyPrint), stored
    with its SHA-256 digest, who made it and when, registered as a drawn-up document of the
    item's matter if it has one, and never changed afterwards."""
    from . import snapshots

    _check_open(item.meeting)
    rendered = snapshots.render(acting_user, item, kind, forecast=forecast, start=start, end=end)
    with transaction.atomic():
        # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        locked = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
        _check_open(locked.meeting)
        made_at = timezone.now()
        name = f"{rendered.slug}-{made_at:%Y%m%d%H%M%S}.pdf"
        document = None
        if locked.matter is not None:
            document = do_register_document(
                acting_user=acting_user, matter=locked.matter, kind=DocumentKind.DRAWN_UP,
                date=timezone.localdate(), title=rendered.title[:300],
                text=_("Frozen report snapshot for agenda item %(item)s, SHA-256 %(digest)s.")
                % {"item": locked.title, "digest": rendered.digest},
                file=ContentFile(rendered.pdf, name=name), confidential=locked.confidential,
                osl_reference=locked.osl_reference,
            )  # fmt: skip
        return create_object(
            ReportSnapshot, acting_user=acting_user, item=locked, kind=kind, title=rendered.title[:300],
            forecast=forecast, period_start=rendered.start, period_end=rendered.end,
            file=document.file.name if document is not None else ContentFile(rendered.pdf, name=name),
            size=len(rendered.pdf), digest=rendered.digest,
            made_by=acting_user if getattr(acting_user, "pk", None) else None, made_at=made_at, document=document,
        )  # fmt: skip
