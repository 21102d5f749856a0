"""Follow-up's access rules, as plain data. ``accounts.policy`` merges them into its
tables (``VIEW_ROLES``, ``MANAGE_RULES``); nothing else here decides access.

* The statistics, goals and dashboards are aggregates: everyone who reads reports
  (desk staff, orderers, controllers, committee members) reads them within their scope —
  a member's orderer its own member's figures. The collaboration's averages are shown
  beside them only when the collaboration's statements are transparent (finance's
  ``transparent_statements``).
* Goals are set for the whole collaboration by its administrators and controllers.
"""

from __future__ import annotations

from samdrift.accounts.choices import Role, ScopeLevel

# The same roles as policy.REPORT_READERS (kept literal: this module is plain data).
READERS = frozenset(
    {Role.AGENT, Role.UNIT_LEAD, Role.ADMINISTRATOR, Role.ORDERER, Role.CONTROLLER, Role.COMMITTEE_MEMBER}
)
GOAL_EDITORS = frozenset({Role.ADMINISTRATOR, Role.CONTROLLER})

# model label → roles that may read it within their scope
VIEW_ROLES: dict[str, frozenset[str]] = {
    "followup.ticketstat": READERS,
    "followup.goal": READERS,
}

# model label → (roles that may create/change/delete, the narrowest scope they need)
MANAGE_RULES: dict[str, tuple[frozenset[str], ScopeLevel]] = {
    "followup.goal": (GOAL_EDITORS, ScopeLevel.COLLABORATION),
}
