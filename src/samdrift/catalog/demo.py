"""Demo catalogue: the services of seed 001/003 with SLAs, and the calendars they count
in (office hours and around the clock, with closures, one of them for a single member)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samdrift.tenancy.demo import COLLABORATIONS

from . import actions
from .businesstime import STOCKHOLM
from .choices import ServiceLevel

FIRST_YEAR = 2024


@dataclass(frozen=True)
class DemoService:
    name: str
    units: tuple[str, ...]  # owner unit codes, the first one the collaboration has
    level: str
    standard: bool
    description: str
    included: str
    excluded: str
    calendar: str = "Kontorstid"
    # (response, resolution) hours for priorities 1-4
    targets: tuple[tuple[str, str], ...] = (("0.5", "4"), ("1", "8"), ("4", "24"), ("8", "40"))
    availability: str = "99.5"


SERVICES = [
    DemoService(
        "Arbetsplats/klient", ("KL",), ServiceLevel.IT, True,
        "Dator eller surfplatta med standardprogramvara, inloggning och uppdateringar.",
        "Dator, skärm, tangentbord och mus; Office och webbläsare; installation, uppdatering, byte vid fel.",
        "Verksamhetsspecifika program och privata tillbehör.",
    ),
    DemoService(
        "E-post och samarbete", ("INF",), ServiceLevel.IT, True,
        "E-post, kalender, Teams och gemensamma filytor.",
        "Brevlåda 50 GB, funktionsbrevlådor, Teams-team, delade kalendrar.",
        "Arkivering enligt dokumenthanteringsplan (förvaltningens ansvar).",
        availability="99.7",
    ),
    DemoService(
        "Nätverk och trådlöst (skolor)", ("NÄT",), ServiceLevel.INFRASTRUCTURE, False,
        "Trådbundet och trådlöst nät i skolor och förskolor.",
        "Accesspunkter, switchar, gästnät och elevnät, övervakning dygnet runt.",
        "Kabeldragning vid ombyggnad (beställs som projekt).",
        calendar="Dygnet runt", targets=(("0.5", "4"), ("1", "8"), ("4", "16"), ("8", "40")), availability="99.8",
    ),
    DemoService(
        "Växel och telefoni", ("VX",), ServiceLevel.IT, True,
        "Kommunens växel, mobil- och fast telefoni.",
        "Växelfunktion, svarsgrupper, mobilabonnemang och telefoner.",
        "Samtalskostnader utöver avtalets ramar.",
        calendar="Dygnet runt", availability="99.9",
    ),
    DemoService(
        "Drift av verksamhetssystem", ("SYS", "INF"), ServiceLevel.IT, True,
        "Drift, backup och uppgraderingar av förvaltningarnas verksamhetssystem.",
        "Servrar, databaser, backup, uppgraderingar enligt leverantörens planer.",
        "Systemförvaltning och användarstöd i systemet (förvaltningens systemförvaltare).",
    ),
    DemoService(
        "Servicedesk", ("SD",), ServiceLevel.IT, True,
        "En väg in för ärenden, beställningar och frågor.",
        "Telefon, portal och e-post på kontorstid; konto och behörighet.",
        "Support på privata enheter.",
    ),
    DemoService(
        "Utskrift", ("KL",), ServiceLevel.IT, False,
        "Skrivare och multifunktionsmaskiner med utskrift via kort.",
        "Maskiner, förbrukning utom papper, service på plats.",
        "Papper och specialmaterial.",
        targets=(("1", "8"), ("2", "16"), ("8", "40"), ("16", "80")),
    ),
    DemoService(
        "Server och lagring", ("INF",), ServiceLevel.INFRASTRUCTURE, True,
        "Virtuella servrar, lagring och backup i gemensamt datacenter.",
        "Server, lagring, backup med 30 dagars historik, övervakning dygnet runt.",
        "Licenser för verksamhetssystem.",
        calendar="Dygnet runt", availability="99.9",
    ),
    DemoService(
        "E-tjänsteplattform", ("ET", "SYS"), ServiceLevel.BUSINESS, False,
        "Plattform för medborgarnas e-tjänster och e-legitimation.",
        "Plattform, BankID-inloggning, formulärbyggare, drift.",
        "Utformning av förvaltningarnas e-tjänster.",
    ),
]  # fmt: skip
# Which service a demo ticket category belongs to.
CATEGORY_SERVICE = {
    "Konto och behörighet": "Servicedesk",
    "Dator och skrivare": "Arbetsplats/klient",
    "Nätverk och wifi": "Nätverk och trådlöst (skolor)",
    "Server och lagring": "Server och lagring",
    "E-tjänster": "E-tjänsteplattform",
    "Telefoni": "Växel och telefoni",
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


def _next_weekday(after: datetime.date, weekday: int) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7 or 7)


def build(*, system_user: Any, made: dict[str, Any], today: datetime.date | None = None) -> int:
    """Create the calendars; returns how many. Dates follow ``today`` so the demo stays current."""
    today = today or timezone.localdate()
    count = 0
    for demo in COLLABORATIONS:
        collaboration = made[demo.name]
        office = actions.do_create_calendar(
            acting_user=system_user,
            collaboration=collaboration,
            name="Kontorstid",
            description="Servicedeskens öppettider: vardagar 07.30–16.30, aftnar till 13.00. Stängt på helgdagar.",
        )
        actions.do_set_hours(
            acting_user=system_user,
            calendar=office,
            year=FIRST_YEAR,
            opens=datetime.time(7, 30),
            closes=datetime.time(16, 30),
            shortened_closes=datetime.time(13, 0),
        )
        # From next year the desk opens at 07.00 (a decision of the committee).
        actions.do_set_hours(
            acting_user=system_user,
            calendar=office,
            year=today.year + 1,
            opens=datetime.time(7, 0),
            closes=datetime.time(16, 30),
            shortened_closes=datetime.time(13, 0),
        )
        around_the_clock = actions.do_create_calendar(
            acting_user=system_user,
            collaboration=collaboration,
            name="Dygnet runt",
            description="Drift av kritisk infrastruktur, alla dagar och timmar.",
        )
        actions.do_set_hours(
            acting_user=system_user,
            calendar=around_the_clock,
            year=FIRST_YEAR,
            opens=datetime.time(0),
            closes=None,
            shortened_closes=None,
            workdays="1234567",
            closed_on_holidays=False,
        )
        staff_day = _next_weekday(today + datetime.timedelta(days=7), 4)  # a Friday in a week or two
        actions.do_add_closure(
            acting_user=system_user,
            calendar=office,
            starts=_at(staff_day, 12),
            ends=_at(staff_day + datetime.timedelta(days=1), 0),
            reason="Personalmöte för hela IT-enheten",
        )
        first_member = made[next(iter(demo.members))]
        move = _next_weekday(today, 0) - datetime.timedelta(days=21)  # a Monday three weeks ago
        actions.do_add_closure(
            acting_user=system_user,
            calendar=office,
            member=first_member,
            starts=_at(move, 7),
            ends=_at(move, 12),
            reason=f"{first_member.name}: flytt av kommunhusets nät",
        )
        count += 2
        _services(collaboration, {"Kontorstid": office, "Dygnet runt": around_the_clock}, system_user, made, demo)
    return count


def _services(collaboration: Any, calendars: dict[str, Any], system_user: Any, made: dict[str, Any], demo: Any) -> None:
    units = {unit.code: unit for unit in collaboration.units.all()}
    for spec in SERVICES:
        owner = next((units[code] for code in spec.units if code in units), units["SD"])
        service = actions.do_create_service(
            acting_user=system_user,
            collaboration=collaboration,
            name=spec.name,
            level=spec.level,
            owner_unit=owner,
            is_standard=spec.standard,
            description=spec.description,
            included=spec.included,
            excluded=spec.excluded,
        )
        targets: dict[str, Any] = {}
        for priority, (response, resolution) in enumerate(spec.targets, start=1):
            targets[f"response_p{priority}"] = Decimal(response)
            targets[f"resolution_p{priority}"] = Decimal(resolution)
        actions.do_create_sla(
            acting_user=system_user,
            service=service,
            calendar=calendars[spec.calendar],
            availability_target=Decimal(spec.availability),
            penalty_terms="Vid tillgänglighet under målet två månader i följd: 5 % av månadens avgift för tjänsten."
            if spec.calendar == "Dygnet runt"
            else "",
            **targets,
        )
        if spec.name == "Arbetsplats/klient":
            # The last member has agreed faster help ("Utökad") for its workplaces.
            member = made[list(demo.members)[-1]]
            actions.do_create_sla(
                acting_user=system_user,
                service=service,
                member=member,
                calendar=calendars[spec.calendar],
                **targets | {"response_p3": Decimal("2"), "resolution_p3": Decimal("12")},
            )
