"""Navigation by role: each entry is shown only to the roles that use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.accounts import policy
from samdrift.accounts.choices import Role


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in


R = Role
NAVIGATION = [
    NavItem(_("Home"), "home", None),
    NavItem(_("My tickets"), "servicedesk:portal", frozenset({R.REQUESTER, R.ORDERER})),
    NavItem(_("Queues"), "servicedesk:queues", frozenset({R.AGENT, R.UNIT_LEAD, R.ADMINISTRATOR})),
    NavItem(_("Tickets"), "servicedesk:ticket_list", frozenset({R.AGENT, R.UNIT_LEAD, R.ADMINISTRATOR, R.ORDERER})),
    NavItem(_("Members"), "tenancy:member_list", None),
    NavItem(_("Departments"), "tenancy:department_list", None),
    NavItem(_("Units"), "tenancy:unit_list", None),
    NavItem(
        _("Population"),
        "tenancy:population_list",
        frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.ORDERER, R.COMMITTEE_MEMBER, R.UNIT_LEAD}),
    ),
    NavItem(_("Users"), "accounts:user_list", frozenset({R.ADMINISTRATOR, R.UNIT_LEAD, R.AGENT})),
    NavItem(_("Categories"), "servicedesk:category_list", frozenset({R.ADMINISTRATOR, R.UNIT_LEAD})),
    NavItem(_("Desk settings"), "servicedesk:desksettings_list", frozenset({R.ADMINISTRATOR})),
    NavItem(_("Services"), "catalog:service_list", None),
    NavItem(_("Our service portfolio"), "catalog:portfolio", None),
    NavItem(_("Disruptions"), "catalog:disruption_list", None),
    NavItem(_("SLA report"), "servicedesk:sla_report", policy.REPORT_READERS),
    NavItem(_("Finance"), "finance:home", policy.FINANCE_READERS),
    NavItem(_("Agreements"), "agreements:home", frozenset(policy.VIEW_ROLES["agreements.serviceagreement"])),
    NavItem(_("Business calendars"), "catalog:businesscalendar_list", frozenset({R.ADMINISTRATOR, R.UNIT_LEAD})),
    NavItem(_("Audit log"), "core:audit_list", frozenset({R.ADMINISTRATOR})),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAVIGATION:
        if item.roles is None or policy.has_any_role(user, item.roles):
            url = reverse(item.url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": items, "user_roles": sorted(policy.roles(user))}
