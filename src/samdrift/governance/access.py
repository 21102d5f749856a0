"""Access rules of governance (registered with ``samdrift.accounts.policy``).

* Everything belongs to a collaboration (``tenant_paths`` on every model).
* Reading: the registrar and secretary (``registrar``), the administrators, and the
  officials who prepare matters (controllers, unit leads such as the IT head) read the
  bodies, the register and the meeting papers of their collaboration. Committee members
  and substitutes (``committee_member``) read only the papers of the bodies they sit on:
  those where they hold an appointment (``Membership`` with their login) current today
  (:func:`sits_on`); matters and documents of those bodies, or on their agendas.
* Changing: the registrar registers and numbers matters and documents and keeps the
  bodies; meetings, agenda, decisions and minutes are prepared by the registrar or by a
  user appointed *secretary* of that body (``Membership.role == "secretary"``); agenda
  items and memos also by controllers and unit leads (the IT head).
* Justering is by the chair and the justerare themselves (``actions.do_sign_minutes``).
* Secrecy: the content (title, text, file) of a confidential document or agenda item is
  readable only by :data:`SECRECY_READERS` covering the collaboration; everyone else who
  sees the matter sees that the document exists.
* The public (no login) sees the notice board and posted minutes without confidential
  parts (``views.NoticeBoardView``, ``views.PublicMinutesView``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.accounts import policy
from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .choices import MembershipRole
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

READERS = frozenset({Role.COMMITTEE_MEMBER, Role.REGISTRAR, Role.ADMINISTRATOR, Role.CONTROLLER, Role.UNIT_LEAD})
SECRECY_READERS = frozenset({Role.REGISTRAR, Role.COMMITTEE_MEMBER})

REGISTRAR = frozenset({Role.REGISTRAR})
PREPARERS = frozenset({Role.REGISTRAR, Role.CONTROLLER, Role.UNIT_LEAD})

# Models a body's secretary (a membership with a login) may also change, and the ORM
# path from each to its body.
SECRETARY_MODELS: dict[str, str] = {
    "governance.meeting": "body",
    "governance.attendance": "meeting__body",
    "governance.agendaitem": "meeting__body",
    "governance.decision": "item__meeting__body",
    "governance.minutes": "meeting__body",
    "governance.reportsnapshot": "item__meeting__body",
}


def _body_id(obj: Any, path: str) -> int | None:
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def secretary_body_ids(user: Any) -> set[int]:
    """The bodies the user is currently appointed secretary of."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached: set[int] | None = getattr(user, "_samdrift_secretary_of", None)
    if cached is None:
        today = timezone.localdate()
        cached = set(
            Membership.objects.filter(user_id=user.pk, role=MembershipRole.SECRETARY, starts__lte=today)
            .exclude(ends__lt=today)
            .values_list("body_id", flat=True)
        )
        user._samdrift_secretary_of = cached
    return cached


def secretary_may_manage(user: Any, obj: Any) -> bool:
    """Whether ``user`` is the secretary of the body ``obj`` belongs to."""
    path = SECRETARY_MODELS.get(obj._meta.label_lower)
    if path is None:
        return False
    body_id = _body_id(obj, path)
    return body_id is not None and body_id in secretary_body_ids(user)


def secretary_may_create(user: Any) -> bool:
    return bool(secretary_body_ids(user))


def can_read_secret(user: Any, obj: Any) -> bool:
    """Whether ``user`` reads the content of confidential documents and items of ``obj``'s
    collaboration (a registrar, or a committee member, covering the whole collaboration)."""
    return policy.holds_role_over(user, obj, SECRECY_READERS, ScopeLevel.COLLABORATION)


SECRETARY = {"also_manage": secretary_may_manage, "also_create": secretary_may_create}


def sits_on(user: Any) -> QuerySet[Any]:
    """The bodies (ids, as a subquery) where ``user`` holds an appointment current today:
    as ledamot, ersättare or secretary, per the mandate dates."""
    today = timezone.localdate()
    return (
        Membership.objects.filter(user_id=getattr(user, "pk", None) or 0, starts__lte=today)
        .exclude(ends__lt=today)
        .values("body_id")
    )


def _on_agenda_of(bodies: QuerySet[Any]) -> QuerySet[Any]:
    return AgendaItem.objects.filter(meeting__body_id__in=bodies, matter__isnull=False).values("matter_id")


def _bodies(path: str) -> dict[str, Any]:
    """Committee members read only the rows of the bodies they sit on (``path`` leads to the body id)."""
    return {"narrow": lambda user: Q(**{f"{path}__in": sits_on(user)}), "narrow_roles": COMMITTEE}


COMMITTEE = frozenset({Role.COMMITTEE_MEMBER})
MATTER_OF_MY_BODIES = {
    "narrow": lambda user: Q(body_id__in=sits_on(user)) | Q(pk__in=_on_agenda_of(sits_on(user))),
    "narrow_roles": COMMITTEE,
}
DOCUMENT_OF_MY_BODIES = {
    "narrow": lambda user: Q(matter__body_id__in=sits_on(user)) | Q(matter_id__in=_on_agenda_of(sits_on(user))),
    "narrow_roles": COMMITTEE,
}

register(CaseSeries, read=READERS, manage=frozenset({Role.REGISTRAR, Role.ADMINISTRATOR}))
register(Body, read=READERS, manage=frozenset({Role.REGISTRAR, Role.ADMINISTRATOR}), **_bodies("pk"))
register(Membership, read=READERS, manage=REGISTRAR, **_bodies("body_id"))
register(Recipient, read=READERS, manage=REGISTRAR)
register(Matter, read=READERS, manage=REGISTRAR, **MATTER_OF_MY_BODIES)
register(Document, read=READERS, manage=REGISTRAR, **DOCUMENT_OF_MY_BODIES)
register(Meeting, read=READERS, manage=REGISTRAR, **SECRETARY, **_bodies("body_id"))
register(Attendance, read=READERS, manage=REGISTRAR, **SECRETARY, **_bodies("meeting__body_id"))
register(AgendaItem, read=READERS, manage=PREPARERS, **SECRETARY, **_bodies("meeting__body_id"))
register(Decision, read=READERS, manage=REGISTRAR, **SECRETARY, **_bodies("body_id"))
register(Minutes, read=READERS, manage=REGISTRAR, **SECRETARY, **_bodies("meeting__body_id"))
# Justering is by the chair and the justerare themselves (actions.do_sign_minutes).
register(Signature, read=READERS, **_bodies("minutes__meeting__body_id"))
# Frozen reports on agenda items: made by those who prepare items (actions.do_attach_report_snapshot).
register(ReportSnapshot, read=READERS, manage=PREPARERS, **SECRETARY, **_bodies("item__meeting__body_id"))

navigation.add(NavItem(_("Committee"), "governance:home", READERS, order=88, group=navigation.GOVERNANCE))
