"""Access rules of the models below the roles: the audit log (core), the tenancy tree
(tenancy) and users and their roles (accounts).

``core`` and ``tenancy`` sit below ``accounts`` and cannot name roles, so their rules are
declared here; every app above declares its own in its ``access.py``.
"""

from django.utils.translation import gettext_lazy as _

from samdrift.core import navigation
from samdrift.core.models import AuditEntry
from samdrift.core.navigation import NavItem
from samdrift.tenancy.models import Collaboration, Department, Member, Population, Unit

from .choices import Role, ScopeLevel
from .models import ApiToken, IdentityProvider, RoleAssignment, User
from .policy import NOBODY, register

ADMIN = frozenset({Role.ADMINISTRATOR})

# The audit log: administrators within their scope.
register(AuditEntry, read=ADMIN)

# Creating a collaboration needs an installation superuser.
register(Collaboration, manage=ADMIN, create=False)
register(Member, manage=ADMIN)
register(Unit, manage=ADMIN)
# Population drives cost shares between members: no member sets its own figures.
register(Population, manage=ADMIN | {Role.CONTROLLER})
register(Department, manage=ADMIN, manage_level=ScopeLevel.MEMBER)
register(User, manage=ADMIN, manage_level=ScopeLevel.MEMBER)
register(RoleAssignment, manage=ADMIN, manage_level=ScopeLevel.MEMBER)
# API tokens are personal: only their owner reads them (ApiTokenQuerySet.visible_to says
# the same); they are scoped like the owner so the owner's administrators see the audit.
register(ApiToken, read=NOBODY, own=("user",))
# A member's administrator sets up the member's own identity providers.
register(IdentityProvider, read=ADMIN, manage=ADMIN, manage_level=ScopeLevel.MEMBER)

R = Role
# The structure of the collaboration is for the people who run it, not for requesters
# (they have the portal, their tickets and Driftinformation).
STRUCTURE_READERS = frozenset(Role.values) - {R.REQUESTER}
SETTINGS = navigation.SETTINGS
navigation.add(
    NavItem(_("Home"), "home", None, order=0, group=navigation.PORTAL),
    NavItem(_("Service status"), "driftinformation", None, order=15, group=navigation.PORTAL),
    NavItem(_("Members"), "tenancy:member_list", STRUCTURE_READERS, order=40, group=SETTINGS),
    NavItem(_("Departments"), "tenancy:department_list", STRUCTURE_READERS, order=41, group=SETTINGS),
    NavItem(_("Units"), "tenancy:unit_list", STRUCTURE_READERS, order=42, group=SETTINGS),
    NavItem(
        _("Population"),
        "tenancy:population_list",
        frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.ORDERER, R.COMMITTEE_MEMBER, R.UNIT_LEAD}),
        order=43,
        group=SETTINGS,
    ),
    NavItem(
        _("Users"), "accounts:user_list", frozenset({R.ADMINISTRATOR, R.UNIT_LEAD, R.AGENT}), order=50, group=SETTINGS
    ),
    NavItem(_("Locked logins"), "accounts:lockout_list", ADMIN, order=51, group=SETTINGS),
    NavItem(_("Identity providers"), "accounts:identityprovider_list", ADMIN, order=52, group=SETTINGS),
    NavItem(_("Audit log"), "core:audit_list", ADMIN, order=900, group=SETTINGS),
    NavItem(_("Background jobs"), "core:jobs", ADMIN, order=901, group=SETTINGS),
)
