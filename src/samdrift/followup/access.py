"""Access rules of the follow-up.

* The statistics, goals and dashboards are aggregates: everyone who reads reports
  (desk staff, orderers, controllers, committee members) reads them within their scope —
  a member's orderer its own member's figures. The collaboration's averages are shown
  beside them only when the collaboration's statements are transparent (finance's
  ``transparent_statements``).
* Goals are set for the whole collaboration by its administrators and controllers.
* The benefits register (nyttorealisering) is read like the goals (a member's benefits
  within the member's scope, the collaboration's common ones by every report reader in
  it) and kept by the same administrators and controllers.
* Surveys and their questions are read by every report reader of the collaboration and
  kept by its administrators and controllers (``SURVEY_MANAGERS``). Recipients (names and
  addresses) are read by those managers within their scope. Responses and answers are read
  within the reader's scope (a member's people: their member's); free-text answers only by
  the shared organisation's staff, collaboration-wide (``SURVEY_TEXT_READERS``). The link
  page needs no login: its token is the key, and it shows only the survey's questions.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import REPORT_READERS, STAFF_ROLES, holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import (
    Benefit,
    Goal,
    Question,
    StatYear,
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyResponse,
    TicketStat,
)

GOAL_EDITORS = frozenset({Role.ADMINISTRATOR, Role.CONTROLLER})

register(TicketStat, read=REPORT_READERS)
register(StatYear, read=REPORT_READERS)
register(Goal, read=REPORT_READERS, manage=GOAL_EDITORS)
register(Benefit, read=REPORT_READERS, manage=GOAL_EDITORS)

SURVEY_MANAGERS = GOAL_EDITORS
# The shared organisation's staff (agents, unit leads, administrators, controllers).
SURVEY_TEXT_READERS = STAFF_ROLES

register(Survey, read=REPORT_READERS, manage=SURVEY_MANAGERS)
register(Question, read=REPORT_READERS, manage=SURVEY_MANAGERS)
register(SurveyRecipient, read=SURVEY_MANAGERS)
register(SurveyResponse, read=REPORT_READERS)
register(SurveyAnswer, read=REPORT_READERS)


def can_read_survey_texts(user: Any, survey: Survey) -> bool:
    """Free-text answers: staff of the shared organisation, collaboration-wide."""
    return holds_role_over(user, survey, SURVEY_TEXT_READERS, ScopeLevel.COLLABORATION)


def can_run_survey(user: Any, survey: Survey) -> bool:
    """Who adds recipients, sends, reminds and closes: the survey's managers."""
    return holds_role_over(user, survey, SURVEY_MANAGERS, ScopeLevel.COLLABORATION)


navigation.add(
    NavItem(_("Statistics"), "followup:statistics", REPORT_READERS, order=82, group=navigation.FOLLOWUP),
    NavItem(_("Goals"), "followup:goals", REPORT_READERS, order=83, group=navigation.FOLLOWUP),
    NavItem(_("Benefits"), "followup:benefit_list", REPORT_READERS, order=85, group=navigation.FOLLOWUP),
    NavItem(_("Delivery report"), "followup:delivery_report", REPORT_READERS, order=84, group=navigation.FOLLOWUP),
    NavItem(_("Surveys"), "followup:survey_list", REPORT_READERS, order=87, group=navigation.FOLLOWUP),
    NavItem(
        _("Member dashboard"),
        "followup:dashboard",
        frozenset({Role.ORDERER, Role.COMMITTEE_MEMBER, Role.CONTROLLER}),
        order=86,
        group=navigation.FOLLOWUP,
    ),
)
