"""Access rules of the service desk: who reads tickets and what hangs off them, who
works them, and who may raise a ticket for someone else."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role
from samdrift.accounts.policy import DESK_STAFF, REPORT_READERS, holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem
from samdrift.core.tenancy import TenantKeys

from .models import (
    Attachment,
    Category,
    Comment,
    DeskSettings,
    IncidentEntry,
    MajorIncident,
    Rating,
    ReplyTemplate,
    SLARecompute,
    Ticket,
    TicketLink,
    TimeEntry,
)

# Who reads tickets within their scope. Requesters read only their own (``own``);
# politicians and controllers see tickets only as aggregates in reports.
TICKET_READERS = DESK_STAFF | {Role.ORDERER}
# A requester's own tickets (as requester, or registered by them) and what hangs off them.
OWN_TICKET = ("ticket__requester", "ticket__created_by")

register(Ticket, read=TICKET_READERS, own=("requester", "created_by"))
# Internal notes, and files attached to them, are for desk staff only.
register(Comment, read=TICKET_READERS, own=OWN_TICKET, staff_only=Q(is_internal=True))
register(Attachment, read=TICKET_READERS, own=OWN_TICKET, staff_only=Q(comment__is_internal=True))
register(Rating, read=TICKET_READERS, own=OWN_TICKET)
register(TicketLink, read=TICKET_READERS)
# Hours are billable to members: their orderers and the controllers follow them.
register(TimeEntry, read=DESK_STAFF | {Role.ORDERER, Role.CONTROLLER})
register(Category, manage=frozenset({Role.ADMINISTRATOR, Role.UNIT_LEAD}))
# Reply templates: desk staff read and use them; unit leads and administrators keep them.
register(ReplyTemplate, read=DESK_STAFF, manage=frozenset({Role.ADMINISTRATOR, Role.UNIT_LEAD}))
register(DeskSettings, manage=frozenset({Role.ADMINISTRATOR}))
# Major incidents are the desk's own coordination: members read about them on
# Driftinformation (the disruption) and in their linked tickets. Changed only by the
# major-incident actions.
register(MajorIncident, read=DESK_STAFF)
register(IncidentEntry, read=DESK_STAFF)
# A recompute request is made by calendar changes (an action), never edited by hand.
register(SLARecompute)


def can_work_ticket(user: Any, ticket: models.Model) -> bool:
    """Desk staff covering the ticket may assign, change status, log time, add notes."""
    return holds_role_over(user, ticket, DESK_STAFF)


def is_requester_of(user: Any, ticket: Any) -> bool:
    return bool(user.pk) and user.pk in (ticket.requester_id, ticket.created_by_id)


def can_raise_for(user: Any, requester: Any) -> bool:
    """Whether ``user`` may register a ticket with ``requester`` as the requester."""
    if requester.pk == user.pk:
        return requester.member_id is not None
    if requester.member_id is None:
        return False
    keys = TenantKeys(requester.collaboration_id, requester.member_id, requester.department_id)
    return holds_role_over(user, keys, DESK_STAFF)


R = Role
navigation.add(
    NavItem(
        _("My tickets"), "servicedesk:portal", frozenset({R.REQUESTER, R.ORDERER}), order=10, group=navigation.PORTAL
    ),
    NavItem(_("Queues"), "servicedesk:queues", DESK_STAFF, order=11, group=navigation.DESK),
    NavItem(_("Tickets"), "servicedesk:ticket_list", TICKET_READERS, order=12, group=navigation.DESK),
    NavItem(_("Major incidents"), "servicedesk:majorincident_list", DESK_STAFF, order=13, group=navigation.DESK),
    NavItem(
        _("Categories"),
        "servicedesk:category_list",
        frozenset({R.ADMINISTRATOR, R.UNIT_LEAD}),
        order=60,
        group=navigation.SETTINGS,
    ),
    NavItem(
        _("Reply templates"),
        "servicedesk:replytemplate_list",
        frozenset({R.ADMINISTRATOR, R.UNIT_LEAD}),
        order=62,
        group=navigation.SETTINGS,
    ),
    NavItem(
        _("Desk settings"),
        "servicedesk:desksettings_list",
        frozenset({R.ADMINISTRATOR}),
        order=61,
        group=navigation.SETTINGS,
    ),
    NavItem(_("SLA report"), "servicedesk:sla_report", REPORT_READERS, order=80, group=navigation.FOLLOWUP),
)


# Search-as-you-type for the fields that choose a ticket or a person (core/lookups.py):
# the parent ticket, the requester, the assignee. Each starts from visible_to(user).
def _search_tickets(user: Any, text: str) -> models.QuerySet[Ticket]:
    from .search import search

    tickets = Ticket.objects.visible_to(user)
    term = text.strip().upper()
    if term.isdigit():
        return tickets.filter(number__endswith=term).order_by("-created")
    if "-" in term and any(c.isdigit() for c in term):
        return tickets.filter(number__startswith=term).order_by("number")
    return search(tickets, text)


def _search_people(queryset: Any, text: str) -> Any:
    words = text.split()
    for word in words[:3]:
        queryset = queryset.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(username__istartswith=word)
            | Q(email__istartswith=word)
        )
    return queryset.order_by("first_name", "last_name", "pk")


def requesters(user: Any) -> Any:
    """People a ticket can be registered for: active users of a member the user sees."""
    from samdrift.accounts.models import User

    return User.objects.visible_to(user).filter(member__isnull=False, is_active=True)


def _search_agents(user: Any, text: str) -> Any:
    from .filtersets import desk_staff

    return _search_people(desk_staff(user), text)


def _person(person: Any) -> str:
    full = person.get_full_name()
    return f"{person.username} – {full}" if full else person.username


def _register_lookups() -> None:
    from samdrift.accounts.models import User
    from samdrift.core import lookups

    lookups.register(
        lookups.Lookup(
            "tickets",
            Ticket,
            "number",
            _search_tickets,
            label=lambda t: f"{t.number} {t.subject}",
            normalise=lambda text: text.strip().upper(),
        )
    )
    lookups.register(
        lookups.Lookup(
            "requesters",
            User,
            "username",
            lambda u, text: _search_people(requesters(u), text),
            label=_person,
            accepts_pk=True,
        )
    )
    lookups.register(lookups.Lookup("agents", User, "username", _search_agents, label=_person, accepts_pk=True))


_register_lookups()
