"""Demo service desk: two years of ticket history per member, and an open backlog.

Volumes follow the members' employees (about one ticket per employee and month) with
weekly and seasonal rhythm: quiet weekends and July, busy Mondays, August school start
and January. Everything is drawn from a seeded random generator, so two builds with the
same date give the same data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from samdrift.accounts.choices import Role
from samdrift.accounts.models import RoleAssignment, User
from samdrift.catalog.demo import CATEGORY_SERVICE
from samdrift.catalog.models import Service
from samdrift.catalog.queries import schedule_for
from samdrift.core.demo import Demo
from samdrift.tenancy.models import Collaboration, Member, Unit

from . import actions, search, sla
from .choices import Status, TicketType, WorkType
from .models import Category, Comment, Rating, Ticket, TimeEntry

TZ = ZoneInfo("Europe/Stockholm")
MONTH_FACTOR = {1: 1.2, 2: 1.1, 3: 1.0, 4: 1.0, 5: 0.95, 6: 0.8, 7: 0.45, 8: 1.25, 9: 1.1, 10: 1.0, 11: 1.0, 12: 0.8}
WEEKDAY_FACTOR = [1.3, 1.1, 1.0, 1.0, 0.8, 0.05, 0.03]
HOURS = [7, 8, 8, 9, 9, 9, 10, 10, 11, 13, 13, 14, 14, 15, 16]
SYSTEMS = [
    "Procapita",
    "Treserva",
    "Visma Window",
    "Tieto Edu",
    "Unikum",
    "W3D3",
    "Public 360",
    "Lifecare",
    "Ciceron",
    "Raindance",
    "Heroma",
    "Outlook",
    "Teams",
    "OneDrive",
]
PLACES = [
    "Tånga skola",
    "Centrumskolan",
    "Kommunhuset plan 2",
    "Äldreboendet Solgården",
    "Biblioteket",
    "Förskolan Solrosen",
    "Hemtjänsten norra",
    "Gymnasiet",
    "Fritidsgården",
    "Socialkontoret",
]


@dataclass(frozen=True)
class Template:
    unit: str
    category: str
    kind: str
    subject: str
    description: str
    replies: tuple[str, ...]


TEMPLATES = [
    Template(
        "SD",
        "Konto och behörighet",
        TicketType.INCIDENT,
        "Glömt lösenordet",
        "Jag har glömt mitt lösenord och kommer inte in i datorn.",
        ("Vi har återställt lösenordet och skickat ett engångslösenord via sms.",),
    ),
    Template(
        "SD",
        "Konto och behörighet",
        TicketType.INCIDENT,
        "Kontot är låst",
        "Kontot låstes efter flera felaktiga inloggningsförsök.",
        ("Kontot är upplåst. Prova igen.",),
    ),
    Template(
        "SD",
        "Konto och behörighet",
        TicketType.REQUEST,
        "Behörighet till {system}",
        "Behöver behörighet till {system} för mitt arbete som handläggare.",
        ("Behörigheten är beställd hos systemförvaltaren.", "Behörigheten är nu tilldelad."),
    ),
    Template(
        "SD",
        "Konto och behörighet",
        TicketType.REQUEST,
        "Ny medarbetare: konto och dator",
        "Ny medarbetare börjar måndag och behöver konto, e-post och dator.",
        ("Kontot är skapat och datorn förbereds av Klient.",),
    ),
    Template(
        "SD",
        "Konto och behörighet",
        TicketType.REQUEST,
        "Avsluta konto för medarbetare som slutat",
        "Medarbetaren slutade förra veckan. Stäng kontot och flytta e-posten till chefen.",
        ("Kontot är avslutat enligt rutin.",),
    ),
    Template(
        "KL",
        "Dator och skrivare",
        TicketType.INCIDENT,
        "Datorn startar inte",
        "Datorn visar bara en svart skärm när jag startar den.",
        ("Vi kommer förbi och tittar på datorn.", "Nätaggregatet är bytt och datorn fungerar."),
    ),
    Template(
        "KL",
        "Dator och skrivare",
        TicketType.INCIDENT,
        "Skrivaren skriver inte ut",
        "Skrivaren på {place} tar emot utskrifter men inget kommer ut.",
        ("Skrivarkön är rensad och drivrutinen uppdaterad.",),
    ),
    Template(
        "KL",
        "Dator och skrivare",
        TicketType.REQUEST,
        "Installera {system}",
        "Behöver {system} installerat på min dator.",
        ("Programmet är installerat via Software Center.",),
    ),
    Template(
        "KL",
        "Dator och skrivare",
        TicketType.INCIDENT,
        "Teams-kameran fungerar inte",
        "Kameran syns inte i Teams under möten.",
        ("Kameradrivrutinen är ominstallerad.",),
    ),
    Template(
        "KL",
        "Dator och skrivare",
        TicketType.REQUEST,
        "Byte av dator",
        "Min dator är fem år gammal och mycket långsam.",
        ("Ny dator är beställd enligt livscykelplanen.",),
    ),
    Template(
        "NÄT",
        "Nätverk och wifi",
        TicketType.INCIDENT,
        "Wifi fungerar inte på {place}",
        "Eleverna kommer inte ut på nätet via wifi på {place}.",
        ("Accesspunkten startades om.", "En ny accesspunkt är monterad."),
    ),
    Template(
        "NÄT",
        "Nätverk och wifi",
        TicketType.INCIDENT,
        "Långsamt nätverk på {place}",
        "Allt går mycket långsamt sedan i morse.",
        ("Felet låg i en switch som nu är bytt.",),
    ),
    Template(
        "INF",
        "Server och lagring",
        TicketType.INCIDENT,
        "Kommer inte åt gemensam mapp",
        "Den gemensamma mappen för {place} går inte att öppna.",
        ("Rättigheterna på mappen är återställda.",),
    ),
    Template(
        "INF",
        "Server och lagring",
        TicketType.REQUEST,
        "Återställning av raderad fil",
        "Jag raderade av misstag en fil i går. Kan den återställas från backup?",
        ("Filen är återställd från gårdagens backup.",),
    ),
    Template(
        "INF",
        "Verksamhetssystem",
        TicketType.INCIDENT,
        "{system} är mycket långsamt",
        "{system} tar flera minuter att öppna ärenden.",
        ("Databasservern fick mer minne.",),
    ),
    Template(
        "ET",
        "E-tjänster",
        TicketType.INCIDENT,
        "E-tjänst för bygglov visar fel",
        "Medborgare får ett felmeddelande när de skickar in ansökan.",
        ("Certifikatet är förnyat.",),
    ),
    Template(
        "ET",
        "E-tjänster",
        TicketType.REQUEST,
        "Ny e-tjänst för skolskjuts",
        "Vi vill ta fram en e-tjänst för ansökan om skolskjuts.",
        ("Behovet tas upp i leveransforum.",),
    ),
    Template(
        "VX",
        "Telefoni",
        TicketType.REQUEST,
        "Vidarekoppling av telefon",
        "Jag behöver vidarekoppla min anknytning till mobilen under semestern.",
        ("Vidarekopplingen är aktiverad.",),
    ),
    Template(
        "VX",
        "Telefoni",
        TicketType.REQUEST,
        "Ny mobiltelefon",
        "Behöver en tjänstemobil till nyanställd.",
        ("Telefonen är beställd och levereras inom en vecka.",),
    ),
    Template(
        "VX",
        "Telefoni",
        TicketType.INCIDENT,
        "Röstbrevlådan fungerar inte",
        "Den som ringer kommer inte till röstbrevlådan.",
        ("Röstbrevlådan är omkonfigurerad.",),
    ),
    Template(
        "SD",
        "Övrigt",
        TicketType.QUESTION,
        "Hur delar jag en kalender?",
        "Hur delar jag min kalender med mina kollegor?",
        ("Instruktion skickad: Dela kalender i Outlook.",),
    ),
]
FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Elin",
    "Anders",
    "Sofia",
    "Per",
    "Emma",
    "Nils",
    "Ida",
    "Mats",
    "Sara",
    "Olle",
    "Linnea",
    "Fredrik",
    "Amira",
    "Mohammed",
    "Hanna",
    "Oskar",
    "Ebba",
    "Gustav",
    "Maja",
    "Jonas",
    "Frida",
    "Ali",
    "Elsa",
    "Henrik",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindström",
    "Axelsson",
    "Berg",
    "Lundgren",
    "Holm",
    "Sandberg",
    "Ahmed",
    "Hassan",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
]
OPEN_BACKLOG = 100


def _fill(text: str, rnd: random.Random) -> str:
    return text.format(system=rnd.choice(SYSTEMS), place=rnd.choice(PLACES))


def _requesters(member: Member, employees: int, rnd: random.Random) -> list[User]:
    """Staff of the member who raise tickets: about one in twenty employees."""
    departments = list(member.departments.all())
    password = make_password(None)
    users = []
    for i in range(max(10, employees // 20)):
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        department = departments[i % len(departments)]
        users.append(
            User(
                username=f"{member.scb_code}-{i:04d}",
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{i}@{member.scb_code}.kommun.example".lower(),
                password=password,
                collaboration=member.collaboration,
                member=member,
                department=department,
            )
        )
    User.objects.bulk_create(users, batch_size=1000)
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=u, role=Role.REQUESTER, collaboration=member.collaboration, member=member, department=u.department
            )
            for u in users
        ],
        batch_size=1000,
    )
    return users


def _categories(collaboration: Collaboration, units: dict[str, Unit]) -> dict[str, Category]:
    made = {}
    for template in TEMPLATES:
        if template.category not in made:
            unit = units.get(template.unit) or units["SD"]
            made[template.category] = Category.objects.create(
                collaboration=collaboration, name=template.category, default_unit=unit
            )
    return made


# Reply templates (svarsmallar): (unit code or "" for the whole collaboration, title, text, internal).
REPLY_TEMPLATES: tuple[tuple[str, str, str, bool], ...] = (
    (
        "",
        "Mottaget – vi återkommer",
        "Hej {beställare}!\n\nTack för ditt ärende {ärendenummer} ”{rubrik}”. Vi har tagit emot det och "
        "återkommer så snart vi kan.\n\nVänliga hälsningar\n{handläggare}, {enhet}",
        False,
    ),
    (
        "",
        "Behöver mer information",
        "Hej {beställare}!\n\nFör att kunna hjälpa dig med {ärendenummer} behöver vi veta mer: vilken dator "
        "eller vilket system gäller det, och när började felet?\n\nVänliga hälsningar\n{handläggare}",
        False,
    ),
    (
        "",
        "Löst – återkom gärna",
        "Hej {beställare}!\n\nVi har åtgärdat ”{rubrik}” och löser ärendet nu. Om felet kommer tillbaka "
        "kan du svara på det här meddelandet inom 14 dagar.\n\nVänliga hälsningar\n{handläggare}, {enhet}",
        False,
    ),
    (
        "SD",
        "Lösenord återställt",
        "Hej {beställare}!\n\nDitt lösenord är återställt. Du får ett engångslösenord via sms och byter det "
        "vid första inloggningen.\n\n/{handläggare}, Servicedesk",
        False,
    ),
    (
        "SD",
        "Eskalerat till andra linjen",
        "Ärende {ärendenummer} eskaleras till andra linjen: felsökning enligt rutin gav inget. "
        "Beställaren är informerad.",
        True,
    ),
    (
        "NÄT",
        "Planerat nätverksarbete",
        "Hej {beställare}!\n\nStörningen beror på planerat arbete i skolnätet. Arbetet beräknas vara klart "
        "i kväll; ärende {ärendenummer} hålls öppet tills vi har bekräftat att allt fungerar.\n\n/{enhet}",
        False,
    ),
    (
        "LF",
        "Vidare till leverantören",
        "Hej {beställare}!\n\nVi har skickat ”{rubrik}” vidare till systemleverantören och bevakar ärendet. "
        "Du får besked här när vi vet mer.\n\nVänliga hälsningar\n{handläggare}",
        False,
    ),
)


def _reply_templates(collaboration: Collaboration, units: dict[str, Unit]) -> None:
    for code, title, body, internal in REPLY_TEMPLATES:
        unit = units.get(code) if code else None
        if code and unit is None:
            continue
        actions.do_create_reply_template(
            acting_user=None, collaboration=collaboration, unit=unit, title=title, body=body, is_internal=internal
        )


def build(*, today: datetime.date, scale: float = 1.0, seed: int = 2026) -> int:
    """Create ticket history for every collaboration, worked by its agents and unit leads."""
    rnd = random.Random(seed)
    total = 0
    for collaboration in Collaboration.objects.order_by("pk"):
        units = {u.code: u for u in collaboration.units.all()}
        actions.do_configure_desk(
            collaboration,
            acting_user=None,
            default_unit=units["SD"],
            ticket_prefix="SD" if collaboration.legal_form == "joint_committee" else "HIT",
        )
        categories = _categories(collaboration, units)
        _reply_templates(collaboration, units)
        agents = list(
            User.objects.filter(
                role_assignments__collaboration=collaboration, role_assignments__role__in=[Role.AGENT, Role.UNIT_LEAD]
            )
            .distinct()
            .order_by("pk")
        )
        batch = _history(collaboration, units, categories, agents, today, scale, rnd)
        total += actions.do_import_history(acting_user=None, **batch)
    return total


def _history(
    collaboration: Collaboration,
    units: dict[str, Unit],
    categories: dict[str, Category],
    agents: list[User],
    today: datetime.date,
    scale: float,
    rnd: random.Random,
) -> dict[str, Any]:
    tickets: list[Ticket] = []
    comments_for: dict[int, list[Comment]] = {}
    time_for: dict[int, list[TimeEntry]] = {}
    ratings_for: dict[int, Rating] = {}
    serial: dict[int, int] = {}
    settings = actions.desk_settings(collaboration)
    start = today - datetime.timedelta(days=730)
    services = {s.name: s for s in Service.objects.filter(collaboration=collaboration)}
    now = timezone.now()
    pausing = set(settings.sla_pause_statuses)
    known: dict[tuple[int, int], tuple[Any, Any]] = {}

    def sla_and_schedule(service: Service, member: Member) -> tuple[Any, Any]:
        """The SLA and calendar a member's tickets for the service count in (cached)."""
        key = (service.pk, member.pk)
        if key not in known:
            found = sla.sla_for(service.pk, member.pk)
            known[key] = (found, schedule_for(found.calendar, member) if found else None)
        return known[key]

    members = list(collaboration.members.order_by("scb_code"))
    requesters = {}
    for member in members:
        employees = member.populations.order_by("-year").values_list("employees", flat=True).first() or 500
        requesters[member.pk] = (_requesters(member, employees, rnd), employees)
    days = [start + datetime.timedelta(days=d) for d in range(731)]
    plan = []
    for member in members:
        people, employees = requesters[member.pk]
        daily = employees * scale * 12 / 365 / (sum(WEEKDAY_FACTOR) / 7)
        for day in days:
            expected = daily * MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()]
            count = int(expected) + (1 if rnd.random() < expected - int(expected) else 0)
            for _ in range(count):
                hour, minute = rnd.choice(HOURS), rnd.randrange(60)
                created = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)
                plan.append((created, member, rnd.choice(people)))
    plan.sort(key=lambda p: p[0])
    open_from = max(0, len(plan) - OPEN_BACKLOG) if collaboration.legal_form == "joint_committee" else len(plan)
    for index, (created, member, requester) in enumerate(plan):
        template = rnd.choice(TEMPLATES)
        unit = units.get(template.unit) or units["SD"]
        impact, urgency = rnd.choices([3, 2, 1], weights=[80, 17, 3])[0], rnd.choices([3, 2, 1], [30, 55, 15])[0]
        priority = settings.priority_for(impact, urgency)
        year = created.year
        serial[year] = serial.get(year, 0) + 1
        agent = rnd.choice(agents)
        is_open = index >= open_from or (created.date() > today - datetime.timedelta(days=3) and rnd.random() < 0.5)
        hours_to_fix = rnd.expovariate(1 / settings.target_hours_for(priority)) * 0.8
        resolved = created + datetime.timedelta(hours=max(0.2, hours_to_fix))
        service = services.get(CATEGORY_SERVICE.get(template.category, ""))
        agreed, schedule = sla_and_schedule(service, member) if service else (None, None)
        if agreed is not None and schedule is not None:
            # Most tickets are solved well within the SLA, some miss it (about one in eight).
            share = max(0.02, rnd.expovariate(2.0))
            resolved = schedule.add(created, agreed.resolution_target(priority) * share)
        status = (
            rnd.choice(
                [
                    Status.NEW,
                    Status.ASSIGNED,
                    Status.IN_PROGRESS,
                    Status.IN_PROGRESS,
                    Status.WAITING_REQUESTER,
                    Status.WAITING_SUPPLIER,
                ]
            )
            if is_open
            else (Status.CLOSED if resolved.date() < today - datetime.timedelta(days=10) else Status.RESOLVED)
        )
        ticket = Ticket(
            number=f"{settings.ticket_prefix}-{year}-{serial[year]:06d}",
            collaboration=collaboration,
            member=member,
            department=requester.department,
            requester=requester,
            created_by=rnd.choice([requester, requester, agent]),
            ticket_type=template.kind,
            subject=_fill(template.subject, rnd),
            description=_fill(template.description, rnd),
            category=categories[template.category],
            impact=impact,
            urgency=urgency,
            priority=priority,
            status=status,
            unit=unit,
            assignee=None if status == Status.NEW else agent,
            due_at=created + datetime.timedelta(hours=settings.target_hours_for(priority)),
            first_response_at=None
            if status == Status.NEW
            else created + datetime.timedelta(minutes=rnd.randint(5, 240)),
            resolved_at=None if is_open else resolved,
            closed_at=resolved + datetime.timedelta(days=10) if status == Status.CLOSED else None,
        )
        ticket.created = created
        if service is not None and agreed is not None and schedule is not None:
            ticket.service = service
            for name, value in sla.imported_clock(agreed, schedule, ticket, now, pausing).items():
                setattr(ticket, name, value)
        tickets.append(ticket)
        replies = [Comment(author=agent, body=text, is_internal=False) for text in template.replies]
        if is_open:
            replies = replies[:1] if status != Status.NEW else []
        for position, reply in enumerate(replies):
            reply.created = created + datetime.timedelta(hours=position + 1)
        comments_for[index] = replies
        if status != Status.NEW:
            entry = TimeEntry(
                user=agent,
                unit=unit,
                minutes=rnd.choice([10, 15, 20, 30, 45, 60, 90, 120]),
                work_type=rnd.choice(WorkType.values),
                billable=rnd.random() < 0.3,
                performed_on=created.date(),
            )
            entry.created = created + datetime.timedelta(hours=len(replies) + 1)
            time_for[index] = [entry]
        if not is_open and rnd.random() < 0.25:
            ratings_for[index] = Rating(
                score=rnd.choices([5, 4, 3, 2, 1], [45, 35, 12, 5, 3])[0],
                comment=rnd.choice(["", "", "Snabb hjälp, tack!", "Bra bemötande.", "Tog lite lång tid."]),
                rated_by=requester,
            )
    return {"tickets": tickets, "comments_for": comments_for, "time_for": time_for, "ratings_for": ratings_for}


def run(demo: Demo) -> None:
    # The search index goes with the tickets it indexes (flush skips the FTS5 table).
    search.clear_index()
    tickets = build(today=demo.today, scale=demo.scale)
    demo.summary.append(f"{tickets} tickets of history")
    if major_incident(demo.made["accounts"]) is not None:
        demo.summary.append("1 open major incident")


# The outage the demo declares a major incident, by the first service (of these) that has
# at least two open faults in the imported history: its title and public text.
MAJOR_OUTAGES = [
    (
        "E-tjänsteplattform",
        "E-tjänsterna går inte att nå",
        "E-tjänsteplattformen svarar inte: invånare kan inte lämna ansökningar. Vi felsöker med "
        "leverantören. Nästa uppdatering kl. 11.00.",
    ),
    (
        "Nätverk och trådlöst (skolor)",
        "Trådlöst nät – avbrott på flera skolor",
        "Elever och lärare kommer inte ut på nätet via wifi. Trådbundet nät fungerar. Nästa uppdatering kl. 11.00.",
    ),
    (
        "Server och lagring",
        "Filytor – ”kan inte nås”",
        "De gemensamma filytorna går inte att nå. Vi felsöker. Nästa uppdatering kl. 11.00.",
    ),
]


def _outage(collaboration_id: int) -> tuple[Service, str, str, list[Ticket]] | None:
    for name, title, text in MAJOR_OUTAGES:
        service = Service.objects.filter(collaboration_id=collaboration_id, name=name).first()
        faults = list(
            Ticket.objects.filter(
                collaboration_id=collaboration_id,
                service=service,
                ticket_type=TicketType.INCIDENT,
                parent__isnull=True,
                status__in=[Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_REQUESTER],
            ).order_by("-created", "-pk")[:5]
        )
        if service is not None and len(faults) >= 2:
            return service, title, text, faults
    return None


def major_incident(users: dict[str, User]) -> Any:
    """An open major incident in the first collaboration: the newest open fault of one
    service is declared by the agent, up to four other open faults of it are linked, and
    one update is sent. Made from the imported history, so two builds give the same data."""
    agent = users.get("agent")
    if agent is None or agent.collaboration_id is None:
        return None
    chosen = _outage(agent.collaboration_id)
    if chosen is None:
        return None
    service, title, text, faults = chosen
    master = faults[0]
    incident = actions.do_declare_major_incident(
        master, acting_user=agent, expected_version=master.version, service=service, title=title,
        public_text=text, impact="outage", linked=faults[1:],
    )  # fmt: skip
    actions.do_send_incident_update(
        incident, acting_user=agent,
        body="Leverantören har hittat felet och åtgärdar det. Beräknat klart inom en timme.",
    )  # fmt: skip
    return incident
