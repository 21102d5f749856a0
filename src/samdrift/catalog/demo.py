"""Demo catalogue: the services of seed 001/003 with SLAs, prices, subscriptions, order
forms and a few disruptions, and the calendars they count in (office hours and around
the clock, with closures, one of them for a single member)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samdrift.core.demo import Demo
from samdrift.tenancy.demo import COLLABORATIONS
from samdrift.tenancy.models import Population

from . import actions
from .businesstime import STOCKHOLM
from .choices import DisruptionImpact, DisruptionKind, OrderFieldKind, PriceModel, ServiceLevel

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
    # Price per year (or hour) at level Bas, and at Utökad if the service has it.
    price_model: str = PriceModel.FIXED
    price: str = "0"
    extended_price: str | None = None
    # How much a member subscribes to, from its employees (devices, accounts …); None: all of it.
    per_employee: str | None = None
    orderable: bool = False


SERVICES = [
    DemoService(
        "Arbetsplats/klient", ("KL",), ServiceLevel.IT, True,
        "Dator eller surfplatta med standardprogramvara, inloggning och uppdateringar.",
        "Dator, skärm, tangentbord och mus; Office och webbläsare; installation, uppdatering, byte vid fel.",
        "Verksamhetsspecifika program och privata tillbehör.",
        price_model=PriceModel.PER_DEVICE, price="4200", extended_price="5400", per_employee="0.6", orderable=True,
    ),
    DemoService(
        "E-post och samarbete", ("INF",), ServiceLevel.IT, True,
        "E-post, kalender, Teams och gemensamma filytor.",
        "Brevlåda 50 GB, funktionsbrevlådor, Teams-team, delade kalendrar.",
        "Arkivering enligt dokumenthanteringsplan (förvaltningens ansvar).",
        availability="99.7", price_model=PriceModel.PER_USER, price="960", per_employee="1", orderable=True,
    ),
    DemoService(
        "Nätverk och trådlöst (skolor)", ("NÄT",), ServiceLevel.INFRASTRUCTURE, False,
        "Trådbundet och trådlöst nät i skolor och förskolor.",
        "Accesspunkter, switchar, gästnät och elevnät, övervakning dygnet runt.",
        "Kabeldragning vid ombyggnad (beställs som projekt).",
        calendar="Dygnet runt", targets=(("0.5", "4"), ("1", "8"), ("4", "16"), ("8", "40")), availability="99.8",
        price_model=PriceModel.PER_UNIT, price="38000", per_employee="0.01",
    ),
    DemoService(
        "Växel och telefoni", ("VX",), ServiceLevel.IT, True,
        "Kommunens växel, mobil- och fast telefoni.",
        "Växelfunktion, svarsgrupper, mobilabonnemang och telefoner.",
        "Samtalskostnader utöver avtalets ramar.",
        calendar="Dygnet runt", availability="99.9", price_model=PriceModel.PER_USER, price="1500", per_employee="0.5",
        orderable=True,
    ),
    DemoService(
        "Drift av verksamhetssystem", ("SYS", "INF"), ServiceLevel.IT, True,
        "Drift, backup och uppgraderingar av förvaltningarnas verksamhetssystem.",
        "Servrar, databaser, backup, uppgraderingar enligt leverantörens planer.",
        "Systemförvaltning och användarstöd i systemet (förvaltningens systemförvaltare).",
        price_model=PriceModel.PER_UNIT, price="45000", per_employee="0.025",
    ),
    DemoService(
        "Servicedesk", ("SD",), ServiceLevel.IT, True,
        "En väg in för ärenden, beställningar och frågor.",
        "Telefon, portal och e-post på kontorstid; konto och behörighet.",
        "Support på privata enheter.",
        price_model=PriceModel.PER_INHABITANT, price="95",
    ),
    DemoService(
        "Utskrift", ("KL",), ServiceLevel.IT, False,
        "Skrivare och multifunktionsmaskiner med utskrift via kort.",
        "Maskiner, förbrukning utom papper, service på plats.",
        "Papper och specialmaterial.",
        targets=(("1", "8"), ("2", "16"), ("8", "40"), ("16", "80")),
        price_model=PriceModel.PER_DEVICE, price="6500", per_employee="0.025",
    ),
    DemoService(
        "Server och lagring", ("INF",), ServiceLevel.INFRASTRUCTURE, True,
        "Virtuella servrar, lagring och backup i gemensamt datacenter.",
        "Server, lagring, backup med 30 dagars historik, övervakning dygnet runt.",
        "Licenser för verksamhetssystem.",
        calendar="Dygnet runt", availability="99.9", price="450000",
    ),
    DemoService(
        "E-tjänsteplattform", ("ET", "SYS"), ServiceLevel.BUSINESS, False,
        "Plattform för medborgarnas e-tjänster och e-legitimation.",
        "Plattform, BankID-inloggning, formulärbyggare, drift.",
        "Utformning av förvaltningarnas e-tjänster.",
        price="180000",
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
        calendars = {"Kontorstid": office, "Dygnet runt": around_the_clock}
        services = _services(collaboration, calendars, system_user, made, demo, today)
        _disruptions(services, system_user, made, demo, today)
    return count


def _services(
    collaboration: Any,
    calendars: dict[str, Any],
    system_user: Any,
    made: dict[str, Any],
    demo: Any,
    today: datetime.date,
) -> dict[str, Any]:
    units = {unit.code: unit for unit in collaboration.units.all()}
    services = {}
    for spec in SERVICES:
        owner = next((units[code] for code in spec.units if code in units), units["SD"])
        service = actions.do_create_service(
            acting_user=system_user,
            collaboration=collaboration,
            name=spec.name,
            level=spec.level,
            owner_unit=owner,
            is_standard=spec.standard,
            orderable=spec.orderable,
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
        services[spec.name] = service
        _prices(service, spec, system_user, today)
        _subscriptions(service, spec, system_user, made, demo)
        for position, (label, kind, choices, required) in enumerate(ORDER_FORMS.get(spec.name, []), start=1):
            actions.do_add_order_field(
                acting_user=system_user, service=service, position=position * 10, label=label, kind=kind,
                choices=choices, required=required,
            )  # fmt: skip
    return services


ORDER_FORMS: dict[str, list[tuple[str, str, str, bool]]] = {
    "Arbetsplats/klient": [
        ("Typ av dator", OrderFieldKind.CHOICE, "Bärbar standard\nBärbar prestanda\nStationär", True),
        ("Antal", OrderFieldKind.NUMBER, "", True),
        ("För vem (namn och e-post)", OrderFieldKind.TEXT, "", True),
        ("Behövs från", OrderFieldKind.DATE, "", False),
        ("Chefen har godkänt kostnaden", OrderFieldKind.CHECKBOX, "", True),
    ],
    "E-post och samarbete": [
        ("Namn på funktionsbrevlådan", OrderFieldKind.TEXT, "", True),
        ("Vilka ska ha behörighet?", OrderFieldKind.TEXTAREA, "", True),
    ],
    "Växel och telefoni": [
        ("Modell", OrderFieldKind.CHOICE, "iPhone 16e\nSamsung Galaxy A56\nEndast abonnemang", True),
        ("För vem (namn och e-post)", OrderFieldKind.TEXT, "", True),
        ("Flytta befintligt nummer", OrderFieldKind.CHECKBOX, "", False),
    ],
}


def _prices(service: Any, spec: DemoService, system_user: Any, today: datetime.date) -> None:
    """The price list: one version from the first year to last year, indexed up 3.5 % this year."""
    levels = [("Bas", Decimal(spec.price))]
    if spec.extended_price:
        levels.append(("Utökad", Decimal(spec.extended_price)))
    for level, price in levels:
        actions.do_set_price(
            acting_user=system_user, service=service, level=level, price_model=spec.price_model, unit_price=price,
            valid_from=datetime.date(FIRST_YEAR, 1, 1), valid_to=datetime.date(today.year - 1, 12, 31),
            note="Beslutad av nämnden i budgeten",
        )  # fmt: skip
        actions.do_set_price(
            acting_user=system_user, service=service, level=level, price_model=spec.price_model,
            unit_price=(price * Decimal("1.035")).quantize(Decimal("1")), valid_from=datetime.date(today.year, 1, 1),
            note="Indexuppräkning 3,5 %",
        )  # fmt: skip


def _subscriptions(service: Any, spec: DemoService, system_user: Any, made: dict[str, Any], demo: Any) -> None:
    """Every member has the common base; optional services go to the members that chose them."""
    codes = list(demo.members)
    for index, code in enumerate(codes):
        if not spec.standard and spec.name == "E-tjänsteplattform" and index % 2:
            continue  # every other member runs its own e-services
        if not spec.standard and spec.name == "Utskrift" and index == len(codes) - 1:
            continue  # the last member leases its printers elsewhere
        member = made[code]
        employees = Population.objects.filter(member=member).order_by("-year").values_list("employees", flat=True)[0]
        quantity = (Decimal(employees) * Decimal(spec.per_employee)).quantize(Decimal("1")) if spec.per_employee else 1
        extended = spec.extended_price is not None and index == len(codes) - 1
        actions.do_subscribe(
            acting_user=system_user, member=member, service=service, level="Utökad" if extended else "Bas",
            quantity=max(quantity, Decimal(1)), starts=datetime.date(FIRST_YEAR, 1, 1),
        )  # fmt: skip


def _disruptions(
    services: dict[str, Any], system_user: Any, made: dict[str, Any], demo: Any, today: datetime.date
) -> None:
    """A few past outages, a planned upgrade done, maintenance coming, and one going on now."""
    first_member = made[next(iter(demo.members))]

    def report(
        service: str, starts: datetime.datetime, hours: float | None, title: str, text: str, **more: Any
    ) -> None:
        ends = starts + datetime.timedelta(hours=hours) if hours is not None else None
        actions.do_report_disruption(
            acting_user=system_user, service=services[service], title=title, starts=starts, ends=ends,
            public_text=text, **more,
        )  # fmt: skip

    report(
        "E-post och samarbete", _at(today - datetime.timedelta(days=58), 9), 3, "E-post och Teams går inte att nå",
        "Inloggningen till e-post och Teams fungerar inte. Leverantören felsöker. Ring servicedesken vid brådskande behov.",
        internal_notes="Leverantörens incident 4471: certifikat för federationen hade gått ut.",
    )  # fmt: skip
    report(
        "Nätverk och trådlöst (skolor)", _at(today - datetime.timedelta(days=20), 8), 5,
        "Trådlöst nät nere på skolorna", "Elever och lärare kommer inte ut på nätet via wifi. Trådbundet nät fungerar.",
        affected_members=[first_member], internal_notes="Controllern för accesspunkterna startade om efter uppdatering.",
    )  # fmt: skip
    report(
        "Drift av verksamhetssystem", _at(_next_weekday(today - datetime.timedelta(days=35), 5), 18), 6,
        "Uppgradering av verksamhetssystem", "Planerad uppgradering av ekonomi- och personalsystemen under kvällen.",
        kind=DisruptionKind.PLANNED,
    )  # fmt: skip
    report(
        "Server och lagring", _at(_next_weekday(today, 1), 18), 4, "Underhåll av lagringssystemet",
        "Planerat underhåll. Filytor och vissa system kan vara långsamma eller otillgängliga en kort stund.",
        kind=DisruptionKind.PLANNED, impact=DisruptionImpact.DEGRADED,
    )  # fmt: skip
    now = timezone.localtime()
    report(
        "Utskrift", now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2), None,
        "Utskrift via kort fungerar delvis", "Vissa skrivare tar inte emot utskrifter. Skriv ut på en annan skrivare så länge.",
        impact=DisruptionImpact.DEGRADED, internal_notes="Utskriftsservern köar; omstart planerad i kväll.",
    )  # fmt: skip


def run(demo: Demo) -> None:
    calendars = build(system_user=demo.system_user, made=demo.made["tenancy"], today=demo.today)
    demo.summary.append(f"{calendars} business calendars")
