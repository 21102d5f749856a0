"""The only way the initiatives app changes. Each action is one transaction with an
audit row (``samdrift.core.actions``).

* Register: :func:`do_create_cooperation`, :func:`do_add_participant` and their updates.
* Initiatives: :func:`do_raise_need` (private to the need owner), :func:`do_share_initiative`,
  :func:`do_advance_stage` (refused with what is missing, ``queries.missing``; moving to
  joint framing shares the need), :func:`do_set_participation` (a member's decision),
  :func:`do_classify`, :func:`do_assess_key_factors`, :func:`do_record_followup`.
* Solutions: :func:`do_certify_solution` (the collaboration's kvalitetsstämpel),
  :func:`do_take_stance`, :func:`do_request_join` (queues a mail to the owner's contact).
* Projects: :func:`do_start_project`, :func:`do_report_status`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import PRIORITY, STATUS, Email

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion, check_version

from . import access, assessment, queries
from .choices import Criterion, Stage, StanceKind
from .models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def _crud(model: type) -> tuple[Any, Any, Any]:
    def create(*, acting_user: User | None, **fields: Any) -> Any:
        return create_object(model, acting_user=acting_user, **fields)

    def update(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Any:
        return update_object(obj, acting_user=acting_user, expected_version=expected_version, **changes)

    def delete(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
        delete_object(obj, acting_user=acting_user, expected_version=expected_version)

    return create, update, delete


do_create_cooperation, do_update_cooperation, do_delete_cooperation = _crud(Cooperation)
do_add_participant, do_update_participant, do_remove_participant = _crud(Participant)
_create_initiative, do_update_initiative, do_delete_initiative = _crud(Initiative)
_create_participation, do_update_participation, do_delete_participation = _crud(Participation)
do_record_followup, do_update_followup, do_delete_followup = _crud(FollowUp)
do_create_solution, do_update_solution, do_delete_solution = _crud(Solution)
do_create_stance, do_update_stance, do_delete_stance = _crud(Stance)
do_start_project, do_update_project, do_delete_project = _crud(Project)
do_report_status, do_update_status_report, do_delete_status_report = _crud(StatusReport)


# Initiatives ---------------------------------------------------------------------------


def do_raise_need(*, acting_user: User | None, **fields: Any) -> Initiative:
    """A member raises a need: a new initiative at the stage *need*, private to the need
    owner until shared."""
    fields.pop("stage", None)
    fields.pop("is_shared", None)
    raised_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return _create_initiative(acting_user=acting_user, raised_by=raised_by, **fields)


def do_share_initiative(
    initiative: Initiative, *, acting_user: User | None, expected_version: ExpectedVersion
) -> Initiative:
    """Share the need with every member of the collaboration (it cannot be made private again)."""
    return update_object(initiative, acting_user=acting_user, expected_version=expected_version, is_shared=True)


def do_advance_stage(
    initiative: Initiative, *, acting_user: User | None, expected_version: ExpectedVersion
) -> Initiative:
    """Move the initiative to its next stage, if the current one has what it requires.
    Joint framing is joint: moving there shares the need."""
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        check_version(current.version, expected_version)
        target = queries.next_stage(current)
        if target is None:
            raise ValidationError(_("The initiative is at its last stage: record the yearly follow-up."))
        gaps = queries.missing(current)
        if gaps:
            raise ValidationError(gaps)
        changes: dict[str, Any] = {"stage": target}
        if target == Stage.FRAMING:
            changes["is_shared"] = True
        return update_object(current, acting_user=acting_user, expected_version=expected_version, **changes)


def do_set_participation(
    *, acting_user: User | None, initiative: Initiative, member: Any, expected_version: ExpectedVersion | None = None,
    **fields: Any,
) -> Participation:  # fmt: skip
    """A member's decision on an initiative: creates its participation or updates it."""
    with transaction.atomic():
        existing = Participation.objects.select_for_update().filter(initiative=initiative, member=member).first()
        if existing is None:
            return _create_participation(acting_user=acting_user, initiative=initiative, member=member, **fields)
        if expected_version is None:
            expected_version = existing.version
        return do_update_participation(existing, acting_user=acting_user, expected_version=expected_version, **fields)


def do_classify(
    initiative: Initiative, *, acting_user: User | None, expected_version: ExpectedVersion, answers: dict[str, bool]
) -> Initiative:
    """Place the initiative on the complexity classifier (seed 002) from the questionnaire."""
    known = {q.code: bool(answers.get(q.code)) for q in assessment.QUESTIONS}
    org, innovation = assessment.classify(known)
    return update_object(
        initiative, acting_user=acting_user, expected_version=expected_version,
        org_complexity=org, innovation_complexity=innovation, classifier_answers=known,
    )  # fmt: skip


def do_assess_key_factors(
    participation: Participation, *, acting_user: User | None, expected_version: ExpectedVersion, ratings: dict[str, Any],
    notes: str = "",
) -> Participation:  # fmt: skip
    """The member's self-assessment of the key factors (1–5 each)."""
    try:
        cleaned = assessment.clean_key_factors(ratings)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Rate each key factor from 1 to 5.")) from exc
    return update_object(
        participation, acting_user=acting_user, expected_version=expected_version,
        key_factors=cleaned, key_factor_notes=notes,
    )  # fmt: skip


# Shared solutions ----------------------------------------------------------------------


def do_certify_solution(
    solution: Solution, *, acting_user: User | None, expected_version: ExpectedVersion, criteria: list[str],
    certified_on: datetime.date | None = None,
) -> Solution:  # fmt: skip
    """The collaboration certifies a solution against every criterion (kvalitetsstämpel)."""
    if acting_user is not None and not access.can_certify(acting_user, solution):
        raise PermissionDenied(_("Only the collaboration certifies solutions."))
    chosen = sorted(set(criteria) & set(Criterion.values))
    if len(chosen) != len(Criterion.values):
        raise ValidationError({"criteria": _("A certified solution meets every criterion.")})
    return update_object(
        solution, acting_user=acting_user, expected_version=expected_version,
        criteria=chosen, certified_on=certified_on or timezone.localdate(),
    )  # fmt: skip


def do_revoke_certification(
    solution: Solution, *, acting_user: User | None, expected_version: ExpectedVersion
) -> Solution:
    if acting_user is not None and not access.can_certify(acting_user, solution):
        raise PermissionDenied(_("Only the collaboration certifies solutions."))
    return update_object(solution, acting_user=acting_user, expected_version=expected_version, criteria=[],
                         certified_on=None)  # fmt: skip


def do_take_stance(*, acting_user: User | None, solution: Solution, member: Any, stance: str, note: str = "") -> Stance:
    """A member's stance on a solution (leader, follower, not interested): set or changed."""
    with transaction.atomic():
        existing = Stance.objects.select_for_update().filter(solution=solution, member=member).first()
        if existing is None:
            return do_create_stance(acting_user=acting_user, solution=solution, member=member, stance=stance, note=note)
        return do_update_stance(existing, acting_user=acting_user, expected_version=existing.version, stance=stance,
                                note=note)  # fmt: skip


def do_request_join(*, acting_user: User | None, solution: Solution, member: Any, message: str = "") -> Stance:
    """A member asks to join the solution's procurement: it becomes a follower and the
    owner's contact is told by e-mail (queued in this transaction, sent by the worker)."""
    if member.pk == solution.owner_id:
        raise ValidationError(_("The owner is already part of its own procurement."))
    with transaction.atomic():
        stance = do_take_stance(
            acting_user=acting_user, solution=solution, member=member, stance=StanceKind.FOLLOWER, note=message[:500]
        )
        stance = update_object(
            stance, acting_user=acting_user, expected_version=stance.version, join_requested_at=timezone.now()
        )
        who = getattr(acting_user, "get_full_name", lambda: "")() or getattr(acting_user, "username", "")
        body = (
            f"{member.name} vill ansluta till upphandlingen av {solution.name}"
            f"{' (' + solution.procurement_reference + ')' if solution.procurement_reference else ''}.\n\n"
            f"Frågan ställdes av {who or member.name} i Samdrift.\n"
        )
        if message:
            body += f"\nMeddelande:\n{message}\n"
        Email.objects.create(
            from_email=settings.DEFAULT_FROM_EMAIL, to=[solution.contact_email],
            subject=f"Ansluta till upphandling: {solution.name}"[:989], message=body,
            priority=PRIORITY.medium, status=STATUS.queued,
        )  # fmt: skip
    return stance
