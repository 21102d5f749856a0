"""Demo follow-up: the statistics of the demo tickets (two years of history), goals for
the current year for both collaborations and each member of Herrljunga–Vårgårda, one
completed satisfaction survey and the collaboration-health survey of the last two years
with answers from each member of Herrljunga–Vårgårda."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.core.demo import Demo
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions, stats
from .choices import Direction, HealthFactor, Measure, QuestionKind, SurveyKind
from .models import Question, SurveyRecipient

# name, measure, direction, target, tolerance; seed 001 asks "Finns det tydliga målvärden?"
COLLABORATION_GOALS = [
    ("Prio 1 lösta inom SLA", Measure.P1_RESOLUTION, Direction.HIGHER, "90", "5"),
    ("Ärenden lösta inom SLA", Measure.SLA_COMPLIANCE, Direction.HIGHER, "85", "5"),
    ("Lösta vid första kontakt", Measure.FIRST_CONTACT, Direction.HIGHER, "60", "5"),
    ("Ärenden i kö vid årets slut", Measure.BACKLOG, Direction.LOWER, "100", "20"),
    ("Nöjdhet med lösta ärenden", Measure.SATISFACTION, Direction.HIGHER, "4.2", "0.2"),
    ("Kostnad per invånare", Measure.COST_PER_INHABITANT, Direction.LOWER, "700", "50"),
]


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """Count the demo tickets into the statistics and set this year's goals. Returns the
    number of goals."""
    stats.rebuild()
    admin = users.get("admin")
    goals = 0
    for demo in (HERRLJUNGA_VARGARDA, HOGLANDET):
        collaboration = made[demo.name]
        for name, measure, direction, target, tolerance in COLLABORATION_GOALS:
            actions.do_create_goal(
                acting_user=admin, collaboration=collaboration, year=today.year, name=name, measure=measure,
                direction=direction, target=Decimal(target), tolerance=Decimal(tolerance),
            )  # fmt: skip
            goals += 1
    hv = made[HERRLJUNGA_VARGARDA.name]
    for code in HERRLJUNGA_VARGARDA.members:
        member = made[code]
        actions.do_create_goal(
            acting_user=admin, collaboration=hv, member=member, year=today.year,
            name=f"Lösta inom SLA – {member.name}", measure=Measure.SLA_COMPLIANCE, direction=Direction.HIGHER,
            target=Decimal(85), tolerance=Decimal(5),
        )  # fmt: skip
        goals += 1
    actions.do_create_goal(
        acting_user=admin, collaboration=hv, year=today.year, name="Samverkansråd genomförda enligt plan",
        measure=Measure.MANUAL, direction=Direction.HIGHER, target=Decimal(4), manual_actual=Decimal(3),
        tolerance=Decimal(1), description="Seed 004: rapportering i de politiska forumen.",
    )  # fmt: skip
    return goals + 1


SATISFACTION_QUESTIONS = [
    (QuestionKind.SCALE, "Hur nöjd är du med servicedeskens bemötande?", []),
    (QuestionKind.SCALE, "Hur nöjd är du med hur snabbt ditt ärende löstes?", []),
    (QuestionKind.CHOICE, "Hur kontaktar du oftast servicedesken?", ["Telefon", "E-post", "Självserviceportalen"]),
    (QuestionKind.TEXT, "Vad kan vi göra bättre?", []),
]
SATISFACTION_TEXTS = [
    "Snabbare återkoppling när ärendet väntar på leverantör.",
    "Bra bemötande – tack!",
    "Tydligare information i portalen om pågående störningar.",
]
# Representatives per member beside its orderer (seed 004: rotated representation).
REPRESENTATIVES = ["kommundirektor", "ekonomichef", "ordforande", "digitaliseringsledare"]
# Health scores per factor and year offset (0: last year, 1: this year) — a slowly improving trend.
HEALTH_BASE = {
    HealthFactor.SHARED_GOAL: (3, 4),
    HealthFactor.CITIZEN_SERVICE: (4, 4),
    HealthFactor.SHARED_LEADERSHIP: (2, 3),
    HealthFactor.COST_SHARING: (3, 3),
    HealthFactor.LONG_TERM_BENEFIT: (3, 4),
}


def _answer_all(survey, recipients, score_for, text_for) -> int:  # type: ignore[no-untyped-def]
    answered = 0
    questions = list(Question.objects.filter(survey=survey).order_by("position"))
    for i, recipient in enumerate(recipients):
        answers = {}
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                answers[q.pk] = score_for(q, i)
            elif q.kind == QuestionKind.CHOICE:
                answers[q.pk] = q.options[i % len(q.options)]
            else:
                answers[q.pk] = text_for(i)
        actions.do_answer_survey(recipient, answers=answers)
        answered += 1
    return answered


def build_surveys(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """A closed satisfaction survey of this year (8 asked per member, 6 answered) and the
    health surveys of last year and this year (all representatives answered). Returns
    the number of responses."""
    from samdrift.core.versions import SYSTEM

    admin = users.get("admin")
    hv = made[HERRLJUNGA_VARGARDA.name]
    closes = today + datetime.timedelta(days=14)
    survey = actions.do_create_survey(
        acting_user=admin, collaboration=hv, kind=SurveyKind.SATISFACTION, title=f"Nöjdhetsenkät servicedesk {today.year}",
        intro="Hur upplever du servicedesken? Det tar två minuter.", year=today.year, closes_on=closes,
    )  # fmt: skip
    for position, (kind, text, options) in enumerate(SATISFACTION_QUESTIONS, start=1):
        actions.do_create_question(
            acting_user=admin, survey=survey, position=position, kind=kind, text=text, options=options,
            required=kind != QuestionKind.TEXT,
        )  # fmt: skip
    for code in HERRLJUNGA_VARGARDA.members:
        for short in ("KLF", "BUF"):
            addresses = [f"enkat.{code}.{short.lower()}.{n}@example.org" for n in range(1, 5)]
            actions.do_add_recipients(
                survey, acting_user=admin, member=made[code], department=made[f"{code}:{short}"], addresses=addresses
            )
    actions.do_send_survey(survey, acting_user=admin, expected_version=SYSTEM)
    responses = 0
    for code in HERRLJUNGA_VARGARDA.members:
        chosen = list(SurveyRecipient.objects.filter(survey=survey, member=made[code]).order_by("email"))[:6]
        responses += _answer_all(
            survey, chosen, lambda q, i, code=code: 3 + (i + q.position + int(code)) % 3,
            lambda i: SATISFACTION_TEXTS[i % len(SATISFACTION_TEXTS)],
        )  # fmt: skip
    actions.do_close_survey(survey, acting_user=admin, expected_version=SYSTEM)

    for offset, year in enumerate((today.year - 1, today.year)):
        health = actions.do_create_health_survey(acting_user=admin, collaboration=hv, year=year, closes_on=closes)
        for code in HERRLJUNGA_VARGARDA.members:
            actions.do_add_recipients(
                health, acting_user=admin, member=made[code],
                addresses=[f"{role}.{code}@example.org" for role in REPRESENTATIVES],
            )  # fmt: skip
        actions.do_send_survey(health, acting_user=admin, expected_version=SYSTEM)
        for code in HERRLJUNGA_VARGARDA.members:
            chosen = list(SurveyRecipient.objects.filter(survey=health, member=made[code]).order_by("email"))

            def score(q: Any, i: int, offset: int = offset) -> int:
                base = HEALTH_BASE[HealthFactor(q.factor)][offset]
                return max(1, min(5, base + (i % 3) - 1))

            responses += _answer_all(
                health, chosen, score, lambda i: "Fler gemensamma beslutsunderlag." if i == 0 else ""
            )
        if offset == 0:
            actions.do_close_survey(health, acting_user=admin, expected_version=SYSTEM)
    return responses


def run(demo: Demo) -> None:
    goals = build(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"{goals} goals")
    responses = build_surveys(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"3 surveys with {responses} responses")
