"""Access rules of inbound mail: administrators set up mailboxes and mail domains; desk
staff read what was received."""

from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import DESK_STAFF, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import InboundMessage, Mailbox, MailDomain

ADMINS = frozenset({Role.ADMINISTRATOR})

register(Mailbox, read=ADMINS, manage=ADMINS)
# A member's administrator keeps the member's own mail domains.
register(MailDomain, read=ADMINS, manage=ADMINS, manage_level=ScopeLevel.MEMBER)
# Written only by the fetch (an action); read by the desk.
register(InboundMessage, read=DESK_STAFF)

navigation.add(
    NavItem(_("Mailboxes"), "mailin:mailbox_list", ADMINS, order=62, group=navigation.SETTINGS),
    NavItem(_("Mail domains"), "mailin:maildomain_list", ADMINS, order=63, group=navigation.SETTINGS),
    NavItem(_("Received mail"), "mailin:inboundmessage_list", DESK_STAFF, order=64, group=navigation.DESK),
)
