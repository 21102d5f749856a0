"""The two assessments of an initiative, as short questionnaires.

* **The classifier** (seed 002): three questions on organisational complexity (how many
  parties, how established their relations, how defined the interfaces) and three on
  innovation complexity (how known the parts, how many new things at once, how
  predictable the effects). Two or more "yes" on a dimension is *high*. The two levels
  place the initiative in one of four quadrants, each with the seed's advice.
* **The key factors** for long-term collaboration (seed 004, model 5): each member rates
  itself 1–5 on the factors within its own organisation, between the organisations and
  in the collaboration organisation, as a basis for dialogue (not a score to rank by).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Level, Quadrant


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str  # "org" or "innovation"
    text: str | Promise


QUESTIONS = [
    Question("many_parties", "org", _("Will more than two organisations (members, suppliers) take part?")),
    Question("new_relations", "org", _("Do some of the parties lack established relations with each other?")),
    Question("unclear_interfaces", "org", _("Are the responsibilities and interfaces between them still unclear?")),
    Question("unknown_parts", "innovation", _("Is the solution new to the members, not a known product or service?")),
    Question("many_changes", "innovation", _("Will several processes, services or systems change at once?")),
    Question("hard_to_predict", "innovation", _("Are the effects and the result hard to judge in advance?")),
]

ADVICE: dict[str, Any] = {
    Quadrant.STANDARD_SOURCING: _(
        "Few parties with established relations and known knowledge: buy it as a standard service from an "
        "established supplier, with simple interfaces and well-defined delivery agreements. Copying another "
        "member's solution or joining its procurement is often enough."
    ),
    Quadrant.UNNECESSARY: _(
        "A low-complexity innovation with many parties: avoid high coordination costs that do not match the "
        "value. Keep the structure of actors as simple as the task — fewer parties, one clear supplier, or let "
        "one member lead and the others follow."
    ),
    Quadrant.EXPENSIVE: _(
        "High innovation complexity met by too little organisation: letting a supplier carry it out at a "
        "distance from the business is likely to be expensive and fail. Bring in the IT organisation, the "
        "businesses concerned and suppliers — or find partners."
    ),
    Quadrant.COLLABORATION: _(
        "High complexity on both dimensions: collaborate. Set up a dedicated temporary team with complementary "
        "skills and a strong project lead with a mandate to decide, to keep the pace. This is often too heavy "
        "for a small municipality alone."
    ),
}


def classify(answers: dict[str, bool]) -> tuple[str, str]:
    """The organisational and innovation levels for the questionnaire's answers."""
    org = sum(1 for q in QUESTIONS if q.dimension == "org" and answers.get(q.code))
    innovation = sum(1 for q in QUESTIONS if q.dimension == "innovation" and answers.get(q.code))
    return (Level.HIGH if org >= 2 else Level.LOW), (Level.HIGH if innovation >= 2 else Level.LOW)


@dataclass(frozen=True)
class KeyFactor:
    code: str
    group: str | Promise
    text: str | Promise


WITHIN = _("Within the organisation")
BETWEEN = _("Between the organisations")
ORGANISATION = _("The collaboration organisation")

KEY_FACTORS = [
    KeyFactor("need_dialogue", WITHIN, _("Need dialogue and active need owners")),
    KeyFactor("involvement", WITHIN, _("Involvement at several levels")),
    KeyFactor("drivers", WITHIN, _("Stated driving forces and starting values")),
    KeyFactor("representation", WITHIN, _("Rooted representation")),
    KeyFactor("shared_goal", BETWEEN, _("A shared picture of problems and goals")),
    KeyFactor("citizen_service", BETWEEN, _("The best possible service to the citizens")),
    KeyFactor("rotating_lead", BETWEEN, _("Taking turns in the lead")),
    KeyFactor("cost_sharing", BETWEEN, _("Acknowledged and known cost sharing")),
    KeyFactor("long_term", BETWEEN, _("A long-term view of the benefits")),
    KeyFactor("living_dialogue", ORGANISATION, _("A living need dialogue")),
    KeyFactor("direction", ORGANISATION, _("A coordinated direction forward")),
    KeyFactor("boundaries", ORGANISATION, _("Clear boundaries and delimitations")),
    KeyFactor("connected", ORGANISATION, _("Connected structures")),
]
KEY_FACTOR_CODES = [f.code for f in KEY_FACTORS]
SCALE = range(1, 6)


def clean_key_factors(values: dict[str, Any]) -> dict[str, int]:
    """Only known factors, each rated 1–5; anything else is left out."""
    cleaned: dict[str, int] = {}
    for code in KEY_FACTOR_CODES:
        raw = values.get(code)
        if raw in (None, ""):
            continue
        rating = int(raw)
        if rating not in SCALE:
            raise ValueError(code)
        cleaned[code] = rating
    return cleaned
