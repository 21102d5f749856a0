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
navigation.add(
    NavItem(_("Home"), "home", None, order=0),
    NavItem(_("Members"), "tenancy:member_list", None, order=40),
    NavItem(_("Departments"), "tenancy:department_list", None, order=41),
    NavItem(_("Units"), "tenancy:unit_list", None, order=42),
    NavItem(
        _("Population"),
        "tenancy:population_list",
        frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.ORDERER, R.COMMITTEE_MEMBER, R.UNIT_LEAD}),
        order=43,
    ),
    NavItem(_("Users"), "accounts:user_list", frozenset({R.ADMINISTRATOR, R.UNIT_LEAD, R.AGENT}), order=50),
    NavItem(_("Locked logins"), "accounts:lockout_list", ADMIN, order=51),
    NavItem(_("Identity providers"), "accounts:identityprovider_list", ADMIN, order=52),
    NavItem(_("Audit log"), "core:audit_list", ADMIN, order=900),
    NavItem(_("Background jobs"), "core:jobs", ADMIN, order=901),
)
