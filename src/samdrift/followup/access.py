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
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role
from samdrift.accounts.policy import REPORT_READERS, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import Benefit, Goal, StatYear, TicketStat

GOAL_EDITORS = frozenset({Role.ADMINISTRATOR, Role.CONTROLLER})

register(TicketStat, read=REPORT_READERS)
register(StatYear, read=REPORT_READERS)
register(Goal, read=REPORT_READERS, manage=GOAL_EDITORS)
register(Benefit, read=REPORT_READERS, manage=GOAL_EDITORS)

navigation.add(
    NavItem(_("Statistics"), "followup:statistics", REPORT_READERS, order=82, group=navigation.FOLLOWUP),
    NavItem(_("Goals"), "followup:goals", REPORT_READERS, order=83, group=navigation.FOLLOWUP),
    NavItem(_("Benefits"), "followup:benefit_list", REPORT_READERS, order=85, group=navigation.FOLLOWUP),
    NavItem(_("Delivery report"), "followup:delivery_report", REPORT_READERS, order=84, group=navigation.FOLLOWUP),
    NavItem(
        _("Member dashboard"),
        "followup:dashboard",
        frozenset({Role.ORDERER, Role.COMMITTEE_MEMBER, Role.CONTROLLER}),
        order=86,
        group=navigation.FOLLOWUP,
    ),
)
