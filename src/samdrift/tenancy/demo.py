"""Demo tenancy: the Herrljunga–Vårgårda IT committee and a Höglandet-style federation.

Figures are realistic approximations (SCB-like inhabitants on 31 December of the year
before, municipal employees), not official statistics.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from samdrift.core.demo import Demo
from samdrift.core.versions import SYSTEM

from . import actions
from .choices import LegalForm

DEPARTMENTS = [
    ("Kommunledningsförvaltningen", "KLF"),
    ("Barn- och utbildningsförvaltningen", "BUF"),
    ("Vård- och omsorgsförvaltningen", "VOF"),
    ("Samhällsbyggnadsförvaltningen", "SBF"),
    ("Kultur- och fritidsförvaltningen", "KFF"),
    ("Socialförvaltningen", "SOC"),
]

YEARS = range(2017, 2027)


@dataclass
class DemoCollaboration:
    name: str
    legal_form: str
    start: datetime.date
    host_code: str | None
    # code -> (inhabitants in the first year, yearly growth, employees)
    members: dict[str, tuple[int, int, int]]
    units: list[tuple[str, str, str]]
    description: str = ""
    objects: dict[str, Any] = field(default_factory=dict)


HERRLJUNGA_VARGARDA = DemoCollaboration(
    name="IT-nämnden Herrljunga–Vårgårda",
    legal_form=LegalForm.JOINT_COMMITTEE,
    start=datetime.date(2015, 1, 1),
    host_code="1466",
    members={"1466": (9_420, 12, 870), "1442": (11_560, 60, 1_040)},
    units=[
        ("Servicedesk", "SD", "Tar emot alla ärenden, beställningar och frågor från förvaltningarna."),
        ("Klient", "KL", "Datorer, surfplattor, mobiler och programvara för användare."),
        ("Infrastruktur", "INF", "Servrar, lagring, backup och drift av verksamhetssystem."),
        ("Nät/service", "NÄT", "Nätverk, trådlöst (wifi) i skolor och verksamheter, fältservice."),
        ("E-tjänster", "ET", "E-tjänsteplattform, webb och digitalisering."),
        ("Växel/telefoni", "VX", "Växel, telefoni och mobilabonnemang."),
        ("Leveransforum", "LF", "Forum där förvaltningarna prioriterar behov och beställningar."),
    ],
    description=(
        "Gemensam servicenämnd för IT, växel och telefoni för Herrljunga och Vårgårda kommuner "
        "med Herrljunga som värdkommun."
    ),
)

HOGLANDET = DemoCollaboration(
    name="Höglandets IT",
    legal_form=LegalForm.FEDERATION,
    start=datetime.date(2012, 1, 1),
    host_code=None,
    members={
        "0604": (6_650, 40, 620),
        "0686": (17_500, 20, 1_650),
        "0682": (30_900, 120, 2_950),
        "0684": (11_400, 30, 1_050),
        "0685": (27_300, 60, 2_600),
    },
    units=[
        ("Servicedesk", "SD", "En väg in för alla ärenden från de fem kommunerna."),
        ("Klient", "KL", "Arbetsplatser och klientdrift."),
        ("Infrastruktur", "INF", "Datacenter, servrar och lagring."),
        ("Nät/service", "NÄT", "Stadsnät, LAN och trådlöst."),
        ("Systemförvaltning", "SYS", "Förvaltning av gemensamma verksamhetssystem."),
        ("Växel/telefoni", "VX", "Gemensam växel och telefoni."),
    ],
    description="Kommunalförbund som driver gemensam IT för Aneby, Eksjö, Nässjö, Sävsjö och Vetlanda.",
)

COLLABORATIONS = [HERRLJUNGA_VARGARDA, HOGLANDET]


def build(system_user: Any) -> dict[str, Any]:
    """Create both collaborations. Returns a lookup of the created objects by key."""
    made: dict[str, Any] = {}
    for demo in COLLABORATIONS:
        collaboration = actions.do_create_collaboration(
            acting_user=system_user,
            name=demo.name,
            legal_form=demo.legal_form,
            start_date=demo.start,
            description=demo.description,
        )
        made[demo.name] = collaboration
        for code, (inhabitants, growth, employees) in demo.members.items():
            member = actions.do_create_member(
                acting_user=system_user, collaboration=collaboration, scb_code=code, joined_on=demo.start
            )
            made[code] = member
            for offset, year in enumerate(YEARS):
                actions.do_record_population(
                    acting_user=system_user,
                    member=member,
                    year=year,
                    inhabitants=inhabitants + growth * offset,
                    employees=employees + (offset * employees) // 200,
                    reference_date=datetime.date(year - 1, 12, 31),
                    source="SCB befolkningsstatistik (demo)",
                )
            for name, short in DEPARTMENTS:
                made[f"{code}:{short}"] = actions.do_create_department(
                    acting_user=system_user, member=member, name=name, code=short
                )
        for name, short, description in demo.units:
            made[f"{demo.name}:{short}"] = actions.do_create_unit(
                acting_user=system_user,
                collaboration=collaboration,
                name=name,
                code=short,
                description=description,
            )
        if demo.host_code:
            actions.do_update_collaboration(
                collaboration, acting_user=system_user, expected_version=SYSTEM, host_member=made[demo.host_code]
            )
    return made


def run(demo: Demo) -> None:
    """The demo's collaborations, members, departments and units."""
    demo.made["tenancy"] = build(system_user=demo.system_user)
