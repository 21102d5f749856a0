"""The only way follow-up's objects change: one transaction and one audit row each."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from post_office.models import PRIORITY, STATUS, Email

from samdrift.accounts.tokens import hash_key
from samdrift.core import audit
from samdrift.core.actions import SYSTEM, create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion
from samdrift.tenancy.models import Collaboration, Department, Member

from . import stats
from .choices import HealthFactor, QuestionKind, SurveyKind, SurveyState
from .models import Benefit, Goal, Question, Survey, SurveyAnswer, SurveyLink, SurveyRecipient, SurveyResponse

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def do_create_goal(*, acting_user: User | None, **fields: Any) -> Goal:
    return create_object(Goal, acting_user=acting_user, **fields)


def do_update_goal(goal: Goal, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Goal:
    return update_object(goal, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_goal(goal: Goal, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(goal, acting_user=acting_user, expected_version=expected_version)


def do_rebuild_statistics(*, acting_user: User | None = None) -> int:
    """Count every ticket into the statistics again (operations; the rollup is derived
    data, not a domain object, so there is nothing to audit)."""
    return stats.rebuild()


def do_create_benefit(*, acting_user: User | None, **fields: Any) -> Benefit:
    return create_object(Benefit, acting_user=acting_user, **fields)


def do_update_benefit(
    benefit: Benefit, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Benefit:
    return update_object(benefit, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_benefit(benefit: Benefit, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(benefit, acting_user=acting_user, expected_version=expected_version)


# Surveys ------------------------------------------------------------------------------
#
# A survey is built as a draft (questions, recipients), sent (each recipient gets a mail
# with a personal link), reminded (a new link to those who have not answered) and closed
# (on its last day by the periodic task, or by hand). Only the SHA-256 of a link's token
# is stored; the token itself exists only in the mail.

# A recipient is reminded at most this many times (by the periodic task; by hand: always).
MAX_AUTOMATIC_REMINDERS = 2


class SurveyError(Exception):
    """A survey link that cannot be answered; ``status`` is the HTTP answer it gets."""

    status = 400
    code = "survey_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AlreadyAnswered(SurveyError):
    status = 409
    code = "already_answered"


class SurveyClosed(SurveyError):
    status = 410
    code = "survey_closed"


def _state(survey: Survey) -> str:
    """The survey's state as stored now (the object in hand may be older)."""
    return Survey.objects.filter(pk=survey.pk).values_list("state", flat=True).first() or survey.state


def _not_draft(survey: Survey, message: str) -> None:
    if _state(survey) != SurveyState.DRAFT:
        raise ValidationError(message)


def do_create_survey(*, acting_user: User | None, **fields: Any) -> Survey:
    fields.pop("state", None)
    return create_object(Survey, acting_user=acting_user, **fields)


def do_update_survey(
    survey: Survey, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Survey:
    """Title, introduction, closing day and reminders change at any time; what it is and
    whom it belongs to only while it is a draft."""
    changes.pop("state", None)
    fixed = {"collaboration", "kind"}
    if _state(survey) != SurveyState.DRAFT and any(
        name in changes and getattr(survey, f"{name}_id" if name == "collaboration" else name) != _pk(changes[name])
        for name in fixed
    ):
        raise ValidationError(_("A sent survey keeps its collaboration and kind."))
    return update_object(survey, acting_user=acting_user, expected_version=expected_version, **changes)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def do_delete_survey(survey: Survey, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _not_draft(survey, _("Only a draft survey can be deleted; close it instead."))
    with transaction.atomic():
        for question in Question.objects.filter(survey=survey):
            delete_object(question, acting_user=acting_user, expected_version=SYSTEM)
        delete_object(survey, acting_user=acting_user, expected_version=expected_version)


def _question_survey(fields: dict[str, Any], question: Question | None = None) -> Survey:
    survey = fields.get("survey") or (question.survey if question else None)
    if survey is None:
        raise ValidationError({"survey": _("Choose the survey.")})
    return Survey.objects.get(pk=_pk(survey))


def do_create_question(*, acting_user: User | None, **fields: Any) -> Question:
    _not_draft(_question_survey(fields), _("Questions change only while the survey is a draft."))
    return create_object(Question, acting_user=acting_user, **fields)


def do_update_question(
    question: Question, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Question:
    _not_draft(question.survey, _("Questions change only while the survey is a draft."))
    if "survey" in changes and _pk(changes["survey"]) != question.survey_id:
        _not_draft(_question_survey(changes), _("Questions change only while the survey is a draft."))
    return update_object(question, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_question(question: Question, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _not_draft(question.survey, _("Questions change only while the survey is a draft."))
    delete_object(question, acting_user=acting_user, expected_version=expected_version)


def people_with_roles(member: Member, department: Department | None, roles: Any) -> list[Any]:
    """Active users with one of ``roles`` assigned in the member (any level within it) or,
    when a department is given, in that department or for the whole member."""
    from samdrift.accounts.models import RoleAssignment, User

    assignments = RoleAssignment.objects.filter(role__in=list(roles), member_id=member.pk)
    if department is not None:
        assignments = assignments.filter(Q(department_id=department.pk) | Q(department__isnull=True))
    ids = assignments.values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


def do_add_recipients(
    survey: Survey,
    *,
    acting_user: User | None,
    member: Member,
    department: Department | None = None,
    roles: Any = (),
    addresses: Any = (),
) -> int:
    """Ask the people holding ``roles`` in the member (or department), and the entered
    ``addresses`` on its behalf. Someone already asked is not asked twice. Recipients added
    to an open survey get their mail at once. Returns how many were added."""
    if _state(survey) == SurveyState.CLOSED:
        raise ValidationError(_("The survey is closed."))
    if member.collaboration_id != survey.collaboration_id:
        raise ValidationError({"member": _("The member is not part of this collaboration.")})
    if department is not None and department.member_id != member.pk:
        raise ValidationError({"department": _("The department does not belong to the member.")})
    validator = EmailValidator()
    entered = []
    for raw in addresses:
        address = raw.strip()
        if not address:
            continue
        try:
            validator(address)
        except ValidationError:
            raise ValidationError(
                {"addresses": _("%(address)s is not an e-mail address.") % {"address": address}}
            ) from None
        entered.append(address)
    people = [(u.email, u) for u in people_with_roles(member, department, roles)] if roles else []
    wanted: dict[str, Any] = {}
    for email, user in [*people, *((a, None) for a in entered)]:
        wanted.setdefault(email.lower(), (email, user))
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        known = {e.lower() for e in SurveyRecipient.objects.filter(survey=locked).values_list("email", flat=True)}
        new = [
            SurveyRecipient(survey=locked, member=member, department=department, user=user, email=email)
            for key, (email, user) in wanted.items()
            if key not in known
        ]
        SurveyRecipient.objects.bulk_create(new)
        if new:
            audit.record(
                "update", locked, acting_user=acting_user, before={"recipients": len(known)},
                after={"recipients": len(known) + len(new), "added": sorted(r.email for r in new)},
            )  # fmt: skip
        if locked.state == SurveyState.OPEN:
            _mail(locked, list(SurveyRecipient.objects.filter(survey=locked, sent_at__isnull=True)), reminder=False)
    return len(new)


def do_remove_recipient(recipient: SurveyRecipient, *, acting_user: User | None) -> None:
    """Take back someone not yet asked (only while the survey is a draft)."""
    _not_draft(recipient.survey, _("Recipients are removed only while the survey is a draft."))
    delete_object(recipient, acting_user=acting_user, expected_version=SYSTEM)


def survey_link(token: str) -> str:
    return settings.SAMDRIFT_BASE_URL + reverse("followup:survey_answer", args=[token])


def _mail(survey: Survey, recipients: list[SurveyRecipient], *, reminder: bool) -> int:
    """A new personal link per recipient and one mail each, in the caller's transaction."""
    now = timezone.now()
    mails, links = [], []
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {"title": survey.title}
        for recipient in recipients:
            token = secrets.token_urlsafe(32)
            links.append(SurveyLink(recipient=recipient, token_hash=hash_key(token)))
            body = "\n\n".join(
                part
                for part in [
                    _("You are asked to answer the survey %(title)s for %(member)s.")
                    % {"title": survey.title, "member": recipient.member.name},
                    survey.intro,
                    _("Answer here (no login is needed; the link is personal and answers once): %(link)s")
                    % {"link": survey_link(token)},
                    _("The survey closes on %(day)s.") % {"day": survey.closes_on.isoformat()},
                    "— Samdrift",
                ]
                if part
            )
            mails.append(
                Email(
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[recipient.email],
                    subject=subject[:989],
                    message=body,
                    priority=PRIORITY.medium,
                    status=STATUS.queued,
                )
            )
    SurveyLink.objects.bulk_create(links)
    Email.objects.bulk_create(mails)
    ids = [r.pk for r in recipients]
    if reminder:
        SurveyRecipient.objects.filter(pk__in=ids).update(reminded_at=now, reminders=F("reminders") + 1)
    else:
        SurveyRecipient.objects.filter(pk__in=ids).update(sent_at=now)
    return len(recipients)


def do_send_survey(survey: Survey, *, acting_user: User | None, expected_version: ExpectedVersion) -> int:
    """Open a draft survey and mail every recipient a personal link. Returns the mails queued."""
    with transaction.atomic():
        if _state(survey) != SurveyState.DRAFT:
            raise ValidationError(_("The survey has already been sent."))
        if not Question.objects.filter(survey=survey).exists():
            raise ValidationError(_("Add at least one question before sending."))
        recipients = list(SurveyRecipient.objects.filter(survey=survey).select_related("member"))
        if not recipients:
            raise ValidationError(_("Add recipients before sending."))
        if survey.closes_on < timezone.localdate():
            raise ValidationError({"closes_on": _("The closing day has passed: choose a later one.")})
        opened = update_object(
            survey, acting_user=acting_user, expected_version=expected_version, state=SurveyState.OPEN,
            sent_at=timezone.now(),
        )  # fmt: skip
        return _mail(opened, recipients, reminder=False)


def _unanswered(survey: Survey) -> Any:
    return SurveyRecipient.objects.filter(survey=survey, sent_at__isnull=False, answered_on__isnull=True)


def do_remind(survey: Survey, *, acting_user: User | None, recipients: Any = None) -> int:
    """Mail a new link to those who have not answered an open survey (or the chosen ones of
    them). Returns the reminders queued."""
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.state != SurveyState.OPEN:
            raise ValidationError(_("Only an open survey sends reminders."))
        chosen = _unanswered(locked).select_related("member")
        if recipients is not None:
            chosen = chosen.filter(pk__in=[_pk(r) for r in recipients])
        chosen_list = list(chosen)
        if chosen_list:
            audit.record(
                "update", locked, acting_user=acting_user, before=None,
                after={"reminded": len(chosen_list)},
            )  # fmt: skip
        return _mail(locked, chosen_list, reminder=True)


def do_close_survey(survey: Survey, *, acting_user: User | None, expected_version: ExpectedVersion) -> Survey:
    """Close an open survey: its links stop working; the results stay."""
    if _state(survey) != SurveyState.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    return update_object(
        survey, acting_user=acting_user, expected_version=expected_version, state=SurveyState.CLOSED,
        closed_at=timezone.now(),
    )  # fmt: skip


def do_send_due_reminders(today: datetime.date | None = None) -> tuple[int, int]:
    """The periodic task's work: close open surveys whose last day has passed, and remind
    those who have not answered ``remind_after_days`` after their last mail (at most
    ``MAX_AUTOMATIC_REMINDERS`` times). Returns (surveys closed, reminders queued)."""
    today = today or timezone.localdate()
    now = timezone.now()
    closed = 0
    for survey in Survey.objects.filter(state=SurveyState.OPEN, closes_on__lt=today):
        do_close_survey(survey, acting_user=None, expected_version=SYSTEM)
        closed += 1
    reminded = 0
    for survey in Survey.objects.filter(state=SurveyState.OPEN, remind_after_days__gt=0):
        due = now - datetime.timedelta(days=survey.remind_after_days)
        chosen = (
            _unanswered(survey)
            .filter(reminders__lt=MAX_AUTOMATIC_REMINDERS)
            .filter(Q(reminded_at__isnull=True, sent_at__lte=due) | Q(reminded_at__lte=due))
        )
        ids = list(chosen.values_list("pk", flat=True))
        if ids:
            reminded += do_remind(survey, acting_user=None, recipients=ids)
    return closed, reminded


def find_link(token: str) -> SurveyLink | None:
    """The link a token opens (None: no such link). Looked up by the token's hash."""
    if not token or len(token) > 100:
        return None
    return (
        SurveyLink.objects.select_related("recipient__survey", "recipient__member")
        .filter(token_hash=hash_key(token))
        .first()
    )


def check_answerable(recipient: SurveyRecipient, now: datetime.datetime | None = None) -> None:
    """Raise ``SurveyClosed`` or ``AlreadyAnswered`` when the link can no longer answer."""
    survey = recipient.survey
    today = timezone.localdate(now) if now else timezone.localdate()
    if survey.state != SurveyState.OPEN or survey.closes_on < today:
        raise SurveyClosed(_("The survey is closed: answers are no longer taken."))
    if recipient.answered_on is not None:
        raise AlreadyAnswered(_("This survey has already been answered with this link. Thank you!"))


def do_answer_survey(recipient: SurveyRecipient, *, answers: dict[int, Any]) -> SurveyResponse:
    """Store one anonymous response through a personal link, once. ``answers`` maps a
    question's id to a score (scale), an option (choice) or text, already validated by
    ``forms.AnswerForm``. A second submit (also a concurrent one) raises
    ``AlreadyAnswered`` and changes nothing."""
    with transaction.atomic():
        check_answerable(recipient)
        today = timezone.localdate()
        taken = SurveyRecipient.objects.filter(pk=recipient.pk, answered_on__isnull=True).update(answered_on=today)
        if not taken:
            raise AlreadyAnswered(_("This survey has already been answered with this link. Thank you!"))
        response = SurveyResponse.objects.create(
            survey_id=recipient.survey_id, member_id=recipient.member_id, department_id=recipient.department_id,
            submitted_on=today,
        )  # fmt: skip
        questions = {q.pk: q for q in Question.objects.filter(survey_id=recipient.survey_id)}
        rows = []
        for pk, value in answers.items():
            question = questions.get(pk)
            if question is None or value in (None, ""):
                continue
            if question.kind == QuestionKind.SCALE:
                rows.append(SurveyAnswer(response=response, question=question, score=int(value)))
            elif question.kind == QuestionKind.CHOICE:
                rows.append(SurveyAnswer(response=response, question=question, choice=str(value)[:200]))
            else:
                rows.append(SurveyAnswer(response=response, question=question, text=str(value)))
        SurveyAnswer.objects.bulk_create(rows)
        # Audited without the recipient: the response must not say who gave it.
        audit.record("create", response, acting_user=None, after={"survey": response.survey_id, "answers": len(rows)})
    return response


HEALTH_QUESTIONS = [
    (HealthFactor.SHARED_GOAL, "Vi har en gemensam problem- och målbild för samverkan."),
    (HealthFactor.CITIZEN_SERVICE, "Samverkan ger bästa möjliga service till medborgarna."),
    (HealthFactor.SHARED_LEADERSHIP, "Parterna växlar ledartröja: ansvar och ledning delas och roterar."),
    (HealthFactor.COST_SHARING, "Kostnadsfördelningen mellan medlemmarna är känd och erkänd."),
    (HealthFactor.LONG_TERM_BENEFIT, "Samverkan präglas av ett långsiktigt nyttoperspektiv."),
]
HEALTH_TEXT_QUESTION = "Vad skulle mest stärka samverkan det kommande året?"
HEALTH_INTRO = (
    "Årlig uppföljning av samverkans hälsa utifrån nyckelfaktorerna för långsiktig samverkan mellan "
    "organisationerna. Svara från 1 (instämmer inte alls) till 5 (instämmer helt)."
)
# Who represents a member in the health survey unless others are chosen.
REPRESENTATIVE_ROLES = ("orderer",)


def do_create_health_survey(
    *,
    acting_user: User | None,
    collaboration: Collaboration,
    year: int,
    closes_on: datetime.date,
    roles: Any = REPRESENTATIVE_ROLES,
) -> Survey:
    """The yearly collaboration-health survey from seed 004's five key factors (a scale
    question each, and one free-text question), asked of each current member's
    representatives (the people holding ``roles`` for the member)."""
    with transaction.atomic():
        survey = do_create_survey(
            acting_user=acting_user, collaboration=collaboration, kind=SurveyKind.HEALTH,
            title=f"Samverkanshälsa {year}", intro=HEALTH_INTRO, year=year, closes_on=closes_on,
        )  # fmt: skip
        for position, (factor, text) in enumerate(HEALTH_QUESTIONS, start=1):
            do_create_question(
                acting_user=acting_user, survey=survey, position=position, kind=QuestionKind.SCALE, text=text,
                factor=factor,
            )  # fmt: skip
        do_create_question(
            acting_user=acting_user, survey=survey, position=len(HEALTH_QUESTIONS) + 1, kind=QuestionKind.TEXT,
            text=HEALTH_TEXT_QUESTION, required=False,
        )  # fmt: skip
        for member in Member.objects.filter(collaboration=collaboration, left_on__isnull=True).order_by("name"):
            do_add_recipients(survey, acting_user=acting_user, member=member, roles=roles)
    return survey
