"""Demo inventory: Höglandets IT with about 150 systems across its five members, the
consolidation of school and finance systems in progress, a system-level SLA, licences
pooled across members, and the members' devices and accounts (as many devices as the
counts the members report to finance: 90 % of the employees)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.catalog.models import BusinessCalendar, Service
from samdrift.core.demo import Demo
from samdrift.tenancy.demo import DEPARTMENTS, HOGLANDET

from . import actions
from .choices import AssetKind, LicenceMetric, Lifecycle, Ownership, SystemRoleKind
from .models import Asset

# area -> the products the five members use (member i uses products[i % len]).
AREAS: list[tuple[str, list[str]]] = [
    ("Skola", ["Tieto Education", "Unikum", "SchoolSoft", "IST Extens", "Vklass"]),
    ("Ekonomi", ["Raindance", "Agresso", "Visma Enterprise", "Raindance", "Unit4 ERP"]),
    ("Lön och HR", ["Personec P", "Heroma", "Personec P", "Visma Lön", "Heroma"]),
    ("Socialtjänst", ["Procapita", "Lifecare", "Treserva", "Procapita", "Viva"]),
    ("Vård och omsorg", ["Lifecare VoO", "Treserva VoO", "Procapita VoO", "Magna Cura", "Lifecare VoO"]),
    ("Ärende och diarium", ["Public 360", "Ciceron", "W3D3", "Platina", "Evolution"]),
    ("Bygglov", ["ByggR", "Castor", "ByggR", "Ecos Bygg", "ByggR"]),
    ("Miljö och hälsa", ["Ecos", "Vision", "Ecos", "Miljöreda", "Vision"]),
    ("GIS", ["Geosecma", "Sokigo GIS", "Geosecma", "ArcGIS", "Topocad"]),
    ("Förskola", ["Tieto Förskola", "Vklass Förskola", "Tempus", "IST Förskola", "Tempus"]),
    ("Bibliotek", ["Book-IT", "Quria", "Koha", "Book-IT", "Quria"]),
    ("Fastighet", ["Vitec Fastighet", "Incit Xpand", "Momentum", "Vitec Fastighet", "Pondus"]),
    ("Inköp", ["Proceedo", "Visma Proceedo", "Tendsign", "Proceedo", "Kommers"]),
    ("Kultur och fritid", ["Interbook Go", "FRI Bokning", "Interbook Go", "RBOK", "Bookeo"]),
    ("Gymnasium", ["Skola24", "Nova Schemaplanering", "Skola24", "Novaschem", "Skola24 Schema"]),
    ("Måltid", ["Mashie", "Aivo", "Matilda", "Mashie", "Kostdata"]),
    ("Kontaktcenter", ["Artvise", "Telia ACE", "Artvise", "Puzzel", "Telia ACE"]),
    ("Arkiv", ["Sydarkivera e-arkiv", "Klara", "Formpipe Long-Term Archive", "Klara", "Comprima"]),
    ("Överförmyndare", ["Wärna", "Provisum", "Wärna", "Provisum", "Wärna"]),
    ("Räddningstjänst", ["Daedalos", "Brandweb", "Daedalos", "Lupp", "Daedalos"]),
]
# Shared systems the federation runs for every member.
SHARED = [
    ("Microsoft 365", "Samarbete", "Microsoft"),
    ("Active Directory", "Infrastruktur", "Microsoft"),
    ("Servicedesk (Samdrift)", "Infrastruktur", "Höglandets IT"),
    ("E-tjänsteplattform", "E-tjänster", "Abou"),
    ("Växel (Telia Touchpoint)", "Telefoni", "Telia"),
    ("Backup (Veeam)", "Infrastruktur", "Veeam"),
    ("Utskrift (PaperCut)", "Infrastruktur", "PaperCut"),
    ("Intranät (Sitevision)", "Webb", "Sitevision"),
]
LOCAL_PER_MEMBER = 11  # small local systems each member has (besides the areas above)
DEVICE_TYPES = ["Bärbar dator", "Stationär dator", "Surfplatta", "Mobiltelefon"]
TARGETS = {"Skola": "Tieto Education", "Ekonomi": "Raindance"}


def build(*, system_user: Any, made: dict[str, Any], today: datetime.date) -> dict[str, int]:
    collaboration = made[HOGLANDET.name]
    codes = list(HOGLANDET.members)
    members = [made[code] for code in codes]
    counts = {"systems": 0, "assets": 0}
    systems: dict[str, Any] = {}
    start = datetime.date(2012, 1, 1)
    for area, products in AREAS:
        users: dict[str, list[Any]] = {}
        for index, member in enumerate(members):
            users.setdefault(products[index % len(products)], []).append(member)
        for product, using in users.items():
            target = TARGETS.get(area)
            consolidating = target is not None and product != target
            planned = today + datetime.timedelta(days=120 * (1 + len(systems) % 4)) if consolidating else None
            systems[f"{area}:{product}"] = actions.do_create_system(
                acting_user=system_user, collaboration=collaboration, name=f"{product} ({area.lower()})"
                if f"{product}" in systems else product, area=area, supplier=product.split()[0],
                members=using, in_use_since=start + datetime.timedelta(days=200 * (len(systems) % 12)),
                lifecycle=Lifecycle.BEING_REPLACED if consolidating else Lifecycle.IN_USE,
                planned_retirement=planned,
            )  # fmt: skip
            systems[product] = systems[f"{area}:{product}"]
    # One school system already retired: the consolidation has started.
    retired_school = actions.do_create_system(
        acting_user=system_user, collaboration=collaboration, name="Dexter", area="Skola", supplier="Dexter",
        members=[], in_use_since=datetime.date(2008, 1, 1), lifecycle=Lifecycle.RETIRED,
        retired_on=today - datetime.timedelta(days=200),
    )  # fmt: skip
    systems["Skola:Dexter"] = retired_school
    for name, area, supplier in SHARED:
        systems[name] = actions.do_create_system(
            acting_user=system_user, collaboration=collaboration, name=name, area=area, supplier=supplier,
            shared=True, members=members, in_use_since=datetime.date(2014, 1, 1),
        )  # fmt: skip
    for member in members:
        for n in range(1, LOCAL_PER_MEMBER + 1):
            actions.do_create_system(
                acting_user=system_user, collaboration=collaboration, name=f"{member.name}: lokalt system {n}",
                area="", supplier="", members=[member], in_use_since=datetime.date(2010 + n, 1, 1),
            )  # fmt: skip
    counts["systems"] = len({s.pk for s in systems.values()}) + len(members) * LOCAL_PER_MEMBER

    for area, target in TARGETS.items():
        plan = actions.do_create_area(
            acting_user=system_user, collaboration=collaboration, name=area, target_system=systems[target],
            plan_starts=today - datetime.timedelta(days=365), plan_ends=today + datetime.timedelta(days=540),
            description=f"Alla medlemmar går över till {target} som gemensam standard.",
        )  # fmt: skip
        for key, system in systems.items():
            if key.startswith(f"{area}:") and system.name != target and system.lifecycle != Lifecycle.RETIRED:
                for member in system.members.all():
                    actions.do_plan_step(
                        acting_user=system_user, area=plan, member=member, leaves_system=system,
                        planned_on=system.planned_retirement,
                    )  # fmt: skip

    shared_o365 = systems["Microsoft 365"]
    for role, person in (
        (SystemRoleKind.SYSTEM_OWNER, "Förbundschef"),
        (SystemRoleKind.SYSTEM_ADMINISTRATOR, "Systemförvaltare M365"),
    ):
        actions.do_assign_system_role(acting_user=system_user, system=shared_o365, role=role, person=person)
    for member in members:
        actions.do_assign_system_role(
            acting_user=system_user, system=systems["Skola:Tieto Education"] if member in systems["Skola:Tieto Education"].members.all() else shared_o365,
            member=member, role=SystemRoleKind.OBJECT_OWNER, person=f"Objektägare {member.name}",
        )  # fmt: skip
    actions.do_create_instance(acting_user=system_user, system=shared_o365, name="Tenant hoglandet.se")
    procapita = systems["Socialtjänst:Procapita"]
    for member in procapita.members.all():
        actions.do_create_instance(
            acting_user=system_user, system=procapita, name=f"Procapita {member.name}", member=member,
            host_member=members[2],
        )  # fmt: skip

    service = Service.objects.filter(collaboration=collaboration).order_by("pk").first()
    calendar = BusinessCalendar.objects.filter(collaboration=collaboration).order_by("pk").first()
    if service is not None and calendar is not None:
        actions.do_update_system(
            procapita, acting_user=system_user, expected_version=procapita.version, services=[service]
        )
        actions.do_set_system_sla(
            acting_user=system_user, system=procapita, calendar=calendar, resolution_p1=Decimal("2"),
            resolution_p2=Decimal("4"), resolution_p3=Decimal("16"), response_p1=Decimal("0.25"),
        )  # fmt: skip

    licence = actions.do_create_licence(
        acting_user=system_user, system=shared_o365, name="Microsoft 365 E3", metric=LicenceMetric.USERS,
        valid_from=datetime.date(today.year, 1, 1),
    )  # fmt: skip
    for quantity, price in ((1, "2388.00"), (1000, "2150.40"), (5000, "1910.75")):
        actions.do_add_tier(acting_user=system_user, licence=licence, from_quantity=quantity, unit_price=Decimal(price))
    for member in members:
        employees = member.populations.get(year=today.year).employees
        actions.do_assign_licence(acting_user=system_user, licence=licence, member=member, quantity=employees)

    for code, member in zip(codes, members, strict=True):
        employees = member.populations.get(year=today.year).employees
        devices = int(employees * Decimal("0.9"))  # what finance's demo reports for the member
        departments = [made[f"{code}:{short}"] for _name, short in DEPARTMENTS]
        rows = []
        for i in range(devices):
            bought = today - datetime.timedelta(days=30 + (i * 37) % 1400)
            rows.append(
                Asset(
                    kind=AssetKind.DEVICE, asset_type=DEVICE_TYPES[i % 4], model_name=("Lenovo ThinkPad T14", "HP EliteDesk 800", "iPad 10", "iPhone 15")[i % 4],
                    serial=f"{code}-{i:06d}", owner=f"anställd {i + 1}", department=departments[i % len(departments)],
                    purchase_date=bought, price=Decimal("11990.00") - Decimal(i % 7) * Decimal("1000.50"),
                    ownership=Ownership.LEASED if i % 3 == 0 else Ownership.OWNED,
                    end_of_life=bought + datetime.timedelta(days=4 * 365),
                )
            )  # fmt: skip
        for i in range(employees):
            rows.append(
                Asset(
                    kind=AssetKind.ACCOUNT, asset_type="AD-konto", owner=f"anställd {i + 1}",
                    department=departments[i % len(departments)], system=systems["Active Directory"],
                )
            )  # fmt: skip
        counts["assets"] += actions.do_import_assets(acting_user=system_user, member=member, assets=rows)
    return counts


def run(demo: Demo) -> None:
    counts = build(system_user=demo.system_user, made=demo.made["tenancy"], today=demo.today)
    demo.made["inventory"] = counts
    demo.summary.append(f"{counts['systems']} systems and {counts['assets']} assets")
