"""Survey results (read side): per member and department with the response rate, the
collaboration-health trend over the years, and the scale answers the satisfaction KPI uses.

Scope: a collaboration-wide reader sees every member; a member's people see their own
member (and its departments) and, where the collaboration is transparent (finance's
``transparent_statements``), the collaboration as a whole beside it. Figures of a group
with fewer than ``MIN_GROUP`` responses are not shown (only its response rate), so no
answer can be traced to a person. Free-text answers are listed for the shared
organisation's staff only, for the survey as a whole and in alphabetical order (not per
member, not in the order they came).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from samdrift.accounts import policy
from samdrift.tenancy.models import Department, Member

from .access import can_read_survey_texts
from .choices import HealthFactor, QuestionKind, SurveyKind, SurveyState
from .models import Question, Survey, SurveyAnswer, SurveyRecipient, SurveyResponse
from .queries import transparent_collaborations

# Fewer answers than this in a group: its figures are not shown.
MIN_GROUP = 3


def _q1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class QuestionResult:
    question: Question
    answers: int = 0
    average: Decimal | None = None  # scale questions
    distribution: list[tuple[str, int]] = field(default_factory=list)  # score or option → count


@dataclass
class GroupResult:
    """The results of one group: a member, a department, the reader's scope or the collaboration."""

    label: str
    invited: int
    answered: int
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return _q1(Decimal(100) * self.answered / self.invited) if self.invited else None

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_GROUP


@dataclass
class SurveyResults:
    survey: Survey
    questions: list[Question]
    overall: GroupResult
    members: list[GroupResult]
    departments: list[GroupResult]
    collaboration: GroupResult | None = None  # beside a member's own, when transparent
    texts: dict[int, list[str]] | None = None  # question id → texts, staff only
    wide: bool = False

    @property
    def min_group(self) -> int:
        return MIN_GROUP

    @property
    def columns(self) -> list[GroupResult]:
        """The groups of the answers table: all (for a collaboration-wide reader), each
        member and department, and the collaboration beside a member's own."""
        found = [self.overall] if self.wide else []
        found += self.members + self.departments
        if self.collaboration is not None:
            found.append(self.collaboration)
        return found

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Per scale or choice question: one cell per column (None: too few answers)."""
        out = []
        for question in self.questions:
            if question.kind == QuestionKind.TEXT:
                continue
            cells = []
            for g in self.columns:
                found = next((r for r in g.questions if r.question.pk == question.pk), None) if g.shown else None
                cells.append(found)
            out.append({"question": question, "cells": cells})
        return out

    @property
    def text_sections(self) -> list[tuple[Question, list[str]]]:
        if self.texts is None:
            return []
        return [(q, self.texts.get(q.pk, [])) for q in self.questions if q.kind == QuestionKind.TEXT]


def is_wide(user: Any, survey: Survey) -> bool:
    """A collaboration-wide report reader of the survey's collaboration."""
    found = policy.scope(user, policy.REPORT_READERS)
    return found.everything or survey.collaboration_id in found.collaboration_ids


# (question, member, department, score, choice) → count
Cells = dict[tuple[int, int, int, int, str], int]


def _cells(responses: Any) -> Cells:
    rows = (
        SurveyAnswer.objects.filter(response__in=responses)
        .exclude(question__kind=QuestionKind.TEXT)
        .values_list("question_id", "response__member_id", "response__department_id", "score", "choice")
        .annotate(n=Count("pk"))
    )
    return {(q, m, d or 0, s or 0, c): n for q, m, d, s, c, n in rows}


def _questions(questions: list[Question], cells: Cells, keep: Any) -> list[QuestionResult]:
    results = []
    for question in questions:
        if question.kind == QuestionKind.TEXT:
            continue
        counts: dict[Any, int] = defaultdict(int)
        for (q, m, d, score, choice), n in cells.items():
            if q == question.pk and keep(m, d):
                counts[score if question.kind == QuestionKind.SCALE else choice] += n
        total = sum(counts.values())
        result = QuestionResult(question, answers=total)
        if question.kind == QuestionKind.SCALE:
            result.distribution = [(str(s), counts.get(s, 0)) for s in range(1, 6)]
            if total:
                result.average = _q2(Decimal(sum(s * n for s, n in counts.items())) / total)
        else:
            result.distribution = [(o, counts.get(o, 0)) for o in question.options]
        results.append(result)
    return results


def results(user: Any, survey: Survey) -> SurveyResults:
    """The survey's results as ``user`` may read them (see the module's docstring)."""
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    wide = is_wide(user, survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if wide:
        members = list(Member.objects.filter(collaboration_id=survey.collaboration_id).order_by("name"))
        departments = list(
            Department.objects.filter(member__collaboration_id=survey.collaboration_id).select_related("member")
        )
    else:
        responses = SurveyResponse.objects.visible_to(user).filter(survey=survey)
        members = list(
            Member.objects.filter(
                policy.report_scope_q(user, Member), collaboration_id=survey.collaboration_id
            ).order_by("name")
        )
        departments = list(
            Department.objects.filter(
                policy.report_scope_q(user, Department), member__collaboration_id=survey.collaboration_id
            ).select_related("member")
        )
    member_ids = {m.pk for m in members}
    invited: dict[tuple[int, int], int] = defaultdict(int)
    for m, d, n in (
        SurveyRecipient.objects.filter(survey=survey, member_id__in=sorted(member_ids))
        .values_list("member_id", "department_id")
        .annotate(n=Count("pk"))
    ):
        invited[(m, d or 0)] += n
    answered: dict[tuple[int, int], int] = defaultdict(int)
    for m, d, n in responses.values_list("member_id", "department_id").annotate(n=Count("pk")):
        answered[(m, d or 0)] += n
    cells = _cells(responses)

    def group(label: str, keep: Any) -> GroupResult:
        found = GroupResult(
            label,
            invited=sum(n for (m, d), n in invited.items() if keep(m, d)),
            answered=sum(n for (m, d), n in answered.items() if keep(m, d)),
        )
        if found.shown:
            found.questions = _questions(questions, cells, keep)
        return found

    overall = group(_("All answers") if wide else _("Your scope"), lambda m, d: True)
    member_groups = [
        group(m.name, lambda mm, d, pk=m.pk: mm == pk) for m in members if any(k[0] == m.pk for k in invited)
    ]
    department_groups = [
        group(f"{d.member.name} – {d.name}", lambda m, dd, pk=d.pk: dd == pk)
        for d in sorted(departments, key=lambda d: (d.member.name, d.name))
        if any(k[1] == d.pk for k in invited)
    ]
    collaboration = None
    if not wide and transparent_collaborations({survey.collaboration_id}):
        everyone = SurveyResponse.objects.filter(survey=survey)
        all_cells = _cells(everyone)
        collaboration = GroupResult(
            _("Collaboration"),
            invited=SurveyRecipient.objects.filter(survey=survey).count(),
            answered=everyone.count(),
        )
        if collaboration.shown:
            collaboration.questions = _questions(questions, all_cells, lambda m, d: True)
    texts: dict[int, list[str]] | None = None
    if can_read_survey_texts(user, survey):
        collected: defaultdict[int, list[str]] = defaultdict(list)
        for question_id, text in (
            SurveyAnswer.objects.visible_to(user)
            .filter(response__survey=survey, question__kind=QuestionKind.TEXT)
            .exclude(text="")
            .values_list("question_id", "text")
            .order_by("text", "pk")
        ):
            collected[question_id].append(text)
        texts = dict(collected)
    return SurveyResults(
        survey=survey, questions=questions, overall=overall, members=member_groups, departments=department_groups,
        collaboration=collaboration, texts=texts, wide=wide,
    )  # fmt: skip


@dataclass
class Trend:
    """Averages per key factor and year (None: no survey or too few answers that year)."""

    collaboration: Any
    years: list[int]
    factors: list[tuple[str, str]]  # code, label
    own: dict[str, list[Decimal | None]]  # factor → one per year, for the reader's scope
    answered: list[int]
    collaboration_values: dict[str, list[Decimal | None]] | None = None
    label: str = ""


def health_trend(user: Any, collaboration: Any) -> Trend:
    """The collaboration-health surveys of a collaboration, one per year, as the reader may
    read them: the averages of the five key factors over the years."""
    surveys = list(
        Survey.objects.visible_to(user)
        .filter(collaboration=collaboration, kind=SurveyKind.HEALTH)
        .exclude(state=SurveyState.DRAFT)
        .order_by("year", "pk")
    )
    by_year: dict[int, list[Survey]] = defaultdict(list)
    for s in surveys:
        by_year[s.year].append(s)
    years = sorted(by_year)
    factors = [(str(c), str(label)) for c, label in HealthFactor.choices]
    probe = Survey(collaboration=collaboration)
    wide = is_wide(user, probe)
    ids = [s.pk for s in surveys]
    responses = SurveyResponse.objects.filter(survey_id__in=ids)
    if not wide:
        responses = SurveyResponse.objects.visible_to(user).filter(survey_id__in=ids)

    def averages(chosen: Any) -> tuple[dict[str, list[Decimal | None]], list[int]]:
        counts = dict(chosen.values_list("survey__year").annotate(n=Count("pk")))
        sums = {
            (y, f): (s, n)
            for y, f, s, n in SurveyAnswer.objects.filter(
                response__in=chosen, question__kind=QuestionKind.SCALE, score__isnull=False
            )
            .exclude(question__factor="")
            .values_list("response__survey__year", "question__factor")
            .annotate(s=Sum("score"), n=Count("pk"))
        }
        values: dict[str, list[Decimal | None]] = {}
        for code, _label in factors:
            row: list[Decimal | None] = []
            for year in years:
                s, n = sums.get((year, code), (0, 0))
                row.append(_q2(Decimal(s) / n) if n and counts.get(year, 0) >= MIN_GROUP else None)
            values[code] = row
        return values, [counts.get(y, 0) for y in years]

    own, answered = averages(responses)
    trend = Trend(
        collaboration=collaboration, years=years, factors=factors, own=own, answered=answered,
        label=str(collaboration) if wide else _("Your member"),
    )  # fmt: skip
    if not wide and transparent_collaborations({collaboration.pk}):
        trend.collaboration_values, _n = averages(SurveyResponse.objects.filter(survey_id__in=ids))
    return trend


def satisfaction_scores(collaboration_id: int, year: int, member_id: int | None) -> tuple[int, int]:
    """(sum, count) of the scale answers of the satisfaction surveys of a year (the year
    the survey follows up) — what the satisfaction KPI adds to the ticket ratings."""
    answers = SurveyAnswer.objects.filter(
        response__survey__collaboration_id=collaboration_id,
        response__survey__kind=SurveyKind.SATISFACTION,
        response__survey__year=year,
        question__kind=QuestionKind.SCALE,
        score__isnull=False,
    )
    if member_id:
        answers = answers.filter(response__member_id=member_id)
    found = answers.aggregate(s=Sum("score"), n=Count("pk"))
    return int(found["s"] or 0), int(found["n"] or 0)
