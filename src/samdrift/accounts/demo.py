"""Demo users: one for every role, each scoped as it would be in real life."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password

from samdrift.core.demo import Demo

from . import actions
from .choices import Role
from .models import User

DEMO_PASSWORD = "samdrift-demo"  # noqa: S105 - printed for the demo, never used in production

HV = "IT-nämnden Herrljunga–Vårgårda"
HIT = "Höglandets IT"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    title: str
    home: str  # a collaboration name, a member code or "code:DEPT"
    roles: tuple[tuple[str, str, str | None], ...]  # (role, scope key, unit code)


USERS = [
    DemoUser("admin", "Anna", "Lindqvist", "Systemadministratör", HV, ((Role.ADMINISTRATOR, HV, None),)),
    DemoUser("itchef", "Jan", "Persson", "IT-chef", HV, ((Role.UNIT_LEAD, HV, "SD"), (Role.UNIT_LEAD, HV, "LF"))),
    DemoUser("agent", "Sara", "Nilsson", "Servicedesktekniker", HV, ((Role.AGENT, HV, "SD"),)),
    DemoUser("tekniker", "Mikael", "Johansson", "Klienttekniker", HV, ((Role.AGENT, HV, "KL"),)),
    DemoUser("controller", "Eva", "Karlsson", "Controller", HV, ((Role.CONTROLLER, HV, None),)),
    DemoUser("registrator", "Lena", "Andersson", "Nämndsekreterare", HV, ((Role.REGISTRAR, HV, None),)),
    DemoUser(
        "ledamot.herrljunga",
        "Per",
        "Eriksson",
        "Ledamot, kommunstyrelsens ordförande",
        "1466",
        ((Role.COMMITTEE_MEMBER, HV, None),),
    ),
    DemoUser(
        "ledamot.vargarda",
        "Maria",
        "Gustafsson",
        "Ersättare, kommunstyrelsens vice ordförande",
        "1442",
        ((Role.COMMITTEE_MEMBER, HV, None),),
    ),
    DemoUser(
        "bestallare.herrljunga",
        "Karin",
        "Olsson",
        "IT-strateg",
        "1466:KLF",
        ((Role.ORDERER, "1466", None), (Role.REQUESTER, "1466:KLF", None)),
    ),
    DemoUser(
        "bestallare.vargarda",
        "Johan",
        "Larsson",
        "IT-strateg",
        "1442:KLF",
        ((Role.ORDERER, "1442", None), (Role.REQUESTER, "1442:KLF", None)),
    ),
    DemoUser(
        "admin.vargarda",
        "Ulla",
        "Svensson",
        "Lokal IT-administratör",
        "1442:KLF",
        ((Role.ADMINISTRATOR, "1442", None),),
    ),
    DemoUser(
        "anvandare.herrljunga", "Lisa", "Berg", "Förskollärare", "1466:BUF", ((Role.REQUESTER, "1466:BUF", None),)
    ),
    DemoUser(
        "anvandare.vargarda", "Ahmed", "Hassan", "Undersköterska", "1442:VOF", ((Role.REQUESTER, "1442:VOF", None),)
    ),
    DemoUser(
        "admin.hoglandet",
        "Göran",
        "Holm",
        "Förbundets IT-samordnare",
        HIT,
        ((Role.ADMINISTRATOR, HIT, None), (Role.CONTROLLER, HIT, None)),
    ),
    DemoUser("agent.hoglandet", "Fatima", "Ali", "Servicedesktekniker", HIT, ((Role.AGENT, HIT, "SD"),)),
    DemoUser(
        "bestallare.eksjo", "Henrik", "Lund", "Digitaliseringsstrateg", "0686:KLF", ((Role.ORDERER, "0686", None),)
    ),
    DemoUser("anvandare.nassjo", "Emma", "Sandberg", "Handläggare", "0682:SOC", ((Role.REQUESTER, "0682:SOC", None),)),
]


def _place(key: str, made: dict[str, Any]) -> dict[str, Any]:
    """Collaboration/member/department keyword arguments for a scope key."""
    obj = made[key]
    if ":" in key:
        return {"collaboration": obj.member.collaboration, "member": obj.member, "department": obj}
    if key.isdigit():
        return {"collaboration": obj.collaboration, "member": obj}
    return {"collaboration": obj}


def build(system_user: Any, made: dict[str, Any]) -> list[tuple[DemoUser, Any]]:
    created = []
    password_hash = make_password(DEMO_PASSWORD)  # hash once: the demo users share it
    for spec in USERS:
        user = actions.do_create_user(
            acting_user=system_user,
            password_hash=password_hash,
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            title=spec.title,
            email=f"{spec.username}@kommun.example",
            **_place(spec.home, made),
        )
        for role, scope_key, unit in spec.roles:
            place = _place(scope_key, made)
            unit_obj = made[f"{place['collaboration'].name}:{unit}"] if unit else None
            actions.do_grant_role(acting_user=system_user, user=user, role=role, unit=unit_obj, **place)
        created.append((spec, user))
    return created


def guard() -> str | None:
    """Refuse to erase a database that holds users who are not demo users."""
    others = User.objects.exclude(username__in={spec.username for spec in USERS}).exclude(
        username__regex=r"^[0-9]{4}-[0-9]{4}$"
    )
    if others.exists():
        return (
            "This database holds users that are not demo users; the demo would erase them. "
            "Point SAMDRIFT_DATA_DIR or DATABASE_URL at a demo database, or pass --force."
        )
    return None


def run(demo: Demo) -> None:
    """One user per role; their logins are printed at the end."""
    users = build(system_user=demo.system_user, made=demo.made["tenancy"])
    demo.made["accounts"] = {spec.username: user for spec, user in users}
    demo.epilogue.append(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    width = max(len(spec.username) for spec, _ in users)
    for spec, user in users:
        roles = ", ".join(str(a) for a in user.role_assignments.all())
        demo.epilogue.append(f"  {spec.username.ljust(width)}  {spec.first_name} {spec.last_name} — {roles}")
