"""Who may see and change the initiatives app's objects (registered with
``samdrift.accounts.policy``).

* **The registry is shared.** Every reader in the collaboration — its staff, committee
  members, registrars and every member's orderers and administrators — reads every
  registered collaboration, shared initiative, shared solution, stance, project and
  status report, whichever member owns them (``shared_when``). Requesters and desk
  agents read none of it.
* **A need is private until shared.** An initiative whose need owner has not shared it
  yet (``is_shared`` false), with its participations, follow-ups and project, is read
  only by the need owner's own people (``private_when``): not by other members, nor by
  the collaboration's staff.
* Changing: a member's orderer or administrator changes what its member owns (the need,
  its participation, its solution, its stance); collaboration-wide administrators and
  unit leads (the IT head, the coordinator) change all of it. The register of
  collaborations is kept by collaboration-wide administrators and controllers; a
  member fills in its own part (representatives, cost).
* Certification (:func:`can_certify`) is the collaboration's: a collaboration-wide
  administrator or committee member.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)

R = Role
READERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.COMMITTEE_MEMBER, R.UNIT_LEAD, R.REGISTRAR, R.ORDERER})
# Who acts for a member (its own rows), member scope or wider.
MEMBER_ACTORS = frozenset({R.ADMINISTRATOR, R.ORDERER, R.UNIT_LEAD})
REGISTER_KEEPERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER})
CERTIFIERS = frozenset({R.ADMINISTRATOR, R.COMMITTEE_MEMBER})

EVERYTHING = Q(pk__isnull=False)


def _private(path: str) -> dict[str, Any]:
    """Rules for rows private to the need owner while ``path`` (an initiative) is unshared."""
    shared = Q(**{f"{path}is_shared": True})
    return {"read": READERS, "shared_when": shared, "private_when": ~shared}


register(Cooperation, read=READERS, manage=REGISTER_KEEPERS)
register(Participant, read=READERS, shared_when=EVERYTHING, manage=MEMBER_ACTORS | REGISTER_KEEPERS,
         manage_level=ScopeLevel.MEMBER)  # fmt: skip
register(Initiative, **_private(""), manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(Participation, **_private("initiative__"), manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(FollowUp, **_private("initiative__"), manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(Project, **_private("initiative__"), manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(StatusReport, **_private("project__initiative__"), manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(Solution, read=READERS, shared_when=EVERYTHING, manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)
register(Stance, read=READERS, shared_when=EVERYTHING, manage=MEMBER_ACTORS, manage_level=ScopeLevel.MEMBER)


def can_certify(user: Any, solution: Solution) -> bool:
    """The collaboration certifies: a collaboration-wide administrator or committee member."""
    return holds_role_over(user, solution, CERTIFIERS, ScopeLevel.COLLABORATION)


def acts_for(user: Any, obj: Any) -> bool:
    """Whether ``user`` acts for the member that owns ``obj`` (or for the whole collaboration)."""
    return holds_role_over(user, obj, MEMBER_ACTORS, ScopeLevel.MEMBER)


navigation.add(NavItem(_("Collaborations"), "initiatives:home", READERS, order=89, group=navigation.GOVERNANCE))
