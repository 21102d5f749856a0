"""Demo collaborations and initiatives, after seed 004 (Norrbotten) and seed 002.

* The register of both collaborations holds, besides the IT collaboration itself (with
  its agreement and committee), the kinds of collaboration seed 004 found across a
  county: a joint guardianship committee (överförmyndare), a payroll centre at a host
  municipality, environmental inspectors by agreement, an e-committee, a strategic
  collaboration on skills supply, one on broadband, and an exploratory network on
  welfare technology — with each member's representatives and yearly cost.
* Initiatives at different stages: Herrljunga's need for a shared e-archive in joint
  framing (Vårgårda has decided to join), Vårgårda's draft on school placement (private
  to Vårgårda), a shared GIS platform governed with a rotating lead and a yearly
  follow-up, run as a project with a status report.
* A handful of shared solutions; one certified, with a follower that asked to join.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.agreements.models import CollaborationAgreement
from samdrift.core.demo import Demo
from samdrift.governance.models import Body
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions
from .choices import CooperationForm, CooperationKind, Criterion, Decision, ReportStatus, StanceKind
from .models import Cooperation, Solution

K, F = CooperationKind, CooperationForm

# name, area, kind, form, host code, start year, yearly cost in total, {code: (representatives, cost)}
HV_REGISTER: list[tuple[str, str, str, str, str | None, int, str, dict[str, tuple[str, str]]]] = [
    (
        "Gemensam överförmyndarnämnd",
        "Överförmyndare",
        K.OPERATIONAL,
        F.JOINT_COMMITTEE,
        "1442",
        2016,
        "2450000.00",
        {"1466": ("Ledamot och ersättare ur KS", "1102500.00"), "1442": ("Ordförande, handläggare", "1347500.00")},
    ),
    (
        "Lönecenter",
        "Lön",
        K.OPERATIONAL,
        F.HOST_AGREEMENT,
        "1466",
        2014,
        "6820000.50",
        {"1466": ("HR-chef", "3001000.25"), "1442": ("HR-chef", "3819000.25")},
    ),
    (
        "Miljötillsyn i samverkan",
        "Miljö och hälsoskydd",
        K.OPERATIONAL,
        F.AGREEMENT,
        "1442",
        2019,
        "980000.00",
        {"1466": ("Samhällsbyggnadschef", "441000.00"), "1442": ("Miljöchef", "539000.00")},
    ),
    (
        "Kompetensförsörjning i välfärden",
        "Kompetensförsörjning",
        K.STRATEGIC,
        F.NETWORK,
        None,
        2021,
        "150000.00",
        {"1466": ("Kommundirektör, HR-strateg", "75000.00"), "1442": ("Kommundirektör", "75000.00")},
    ),
    (
        "Bredband och digital infrastruktur",
        "Infrastruktur",
        K.STRATEGIC,
        F.AGREEMENT,
        "1466",
        2018,
        "420000.00",
        {"1466": ("Näringslivschef", "210000.00"), "1442": ("Digitaliseringsstrateg", "210000.00")},
    ),
    (
        "Välfärdsteknik – utforskande nätverk",
        "Vård och omsorg",
        K.EXPLORATORY,
        F.NETWORK,
        None,
        2023,
        "0.00",
        {"1466": ("Enhetschef hemtjänst", "0.00"), "1442": ("MAS, verksamhetsutvecklare", "0.00")},
    ),
]

HOGLANDET_REGISTER: list[tuple[str, str, str, str, str | None, int, str, dict[str, tuple[str, str]]]] = [
    (
        "E-nämnden Höglandet",
        "E-förvaltning",
        K.OPERATIONAL,
        F.JOINT_COMMITTEE,
        "0682",
        2017,
        "3200000.00",
        {
            "0604": ("Ledamot", "320000.00"),
            "0686": ("Ledamot", "800000.00"),
            "0682": ("Ordförande", "1280000.00"),
            "0684": ("Ledamot", "320000.00"),
            "0685": ("Ledamot", "480000.00"),
        },
    ),
    (
        "Räddningstjänsten Höglandet",
        "Räddningstjänst",
        K.OPERATIONAL,
        F.FEDERATION,
        None,
        2012,
        "41500000.00",
        {
            "0604": ("Förbundsdirektionen", "2905000.00"),
            "0686": ("Förbundsdirektionen", "7470000.00"),
            "0682": ("Förbundsdirektionen", "13280000.00"),
            "0684": ("Förbundsdirektionen", "4980000.00"),
            "0685": ("Förbundsdirektionen", "12865000.00"),
        },
    ),
]

SOLUTIONS = [
    # name, owner code, contact, e-mail, procurement, contract end (years ahead), certified
    ("E-arkiv (OAIS)", "1466", "Karin Olsson", "e-arkiv@herrljunga.demo.samdrift.example", "Adda 2024-117", 3, True),
    ("Digital signering", "1442", "Johan Larsson", "signering@vargarda.demo.samdrift.example", "SKI 23.4", 2, False),
    (
        "Schemaläggning i hemtjänsten",
        "1442",
        "Ulla Svensson",
        "schema@vargarda.demo.samdrift.example",
        "Dnr 2023/214",
        1,
        False,
    ),
    ("Gemensam GIS-plattform", "0686", "Henrik Lund", "gis@eksjo.demo.samdrift.example", "Dnr HIT 2022/31", 4, True),
]


def _register(rows: list[Any], collaboration: Any, made: dict[str, Any], user: Any, **links: Any) -> int:
    count = 0
    for name, area, kind, form, host, year, cost, parts in rows:
        cooperation = actions.do_create_cooperation(
            acting_user=user, collaboration=collaboration, name=name, area=area, kind=kind, legal_form=form,
            host=made[host] if host else None, starts=datetime.date(year, 1, 1), annual_cost=Decimal(cost),
            **links.get(name, {}),
        )  # fmt: skip
        for code, (representatives, share) in parts.items():
            actions.do_add_participant(
                acting_user=user, cooperation=cooperation, member=made[code], representatives=representatives,
                annual_cost=Decimal(share), joined_on=datetime.date(year, 1, 1),
            )  # fmt: skip
        count += 1
    return count


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> tuple[int, int, int]:
    admin, hadmin = users.get("admin"), users.get("admin.hoglandet")
    hv, hit = made[HERRLJUNGA_VARGARDA.name], made[HOGLANDET.name]
    herrljunga, vargarda, eksjo = made["1466"], made["1442"], made["0686"]
    agreement = CollaborationAgreement.objects.filter(collaboration=hv).order_by("-valid_from").first()
    body = Body.objects.filter(collaboration=hv, short_name="ITVT").first()
    it = (
        "IT-nämnden Herrljunga–Vårgårda", "IT, växel och telefoni", K.OPERATIONAL, F.JOINT_COMMITTEE, "1466", 2015,
        "18400000.00", {"1466": ("Per Eriksson (ordförande)", "8280000.00"),
                        "1442": ("Maria Gustafsson (ersättare)", "10120000.00")},
    )  # fmt: skip
    cooperations = _register([it, *HV_REGISTER], hv, made, admin,
                             **{it[0]: {"agreement": agreement, "body": body}})  # fmt: skip
    cooperations += _register(HOGLANDET_REGISTER, hit, made, hadmin)

    # Initiatives.
    karin, johan = users.get("bestallare.herrljunga"), users.get("bestallare.vargarda")
    archive = actions.do_raise_need(
        acting_user=karin, need_owner=herrljunga, title="Gemensamt e-arkiv", area="Informationsförvaltning",
        need="Vi behöver bevara digitala allmänna handlingar långsiktigt och kan inte bygga ett e-arkiv på egen hand.",
    )  # fmt: skip
    archive = actions.do_update_initiative(
        archive, acting_user=karin, expected_version=archive.version,
        prestudy="Förstudie e-arkiv, dnr KS 2025/88",
    )  # fmt: skip
    for _step in range(2):
        archive = actions.do_advance_stage(archive, acting_user=karin, expected_version=archive.version)
    actions.do_set_participation(
        acting_user=karin, initiative=archive, member=herrljunga, decision=Decision.IN,
        decision_reference="KS § 112, dnr 2025/88", decided_on=today - datetime.timedelta(days=40),
        representative="Karin Olsson, IT-strateg",
    )  # fmt: skip
    joined = actions.do_set_participation(
        acting_user=johan, initiative=archive, member=vargarda, decision=Decision.IN,
        decision_reference="KS § 97, dnr 2025/140", decided_on=today - datetime.timedelta(days=12),
        representative="Johan Larsson, IT-strateg",
    )  # fmt: skip
    actions.do_assess_key_factors(
        joined, acting_user=johan, expected_version=joined.version,
        ratings={"need_dialogue": 4, "shared_goal": 3, "rotating_lead": 2, "cost_sharing": 3}, notes="Kostnadsfördelningen behöver bli tydligare.",
    )  # fmt: skip
    archive = actions.do_classify(
        archive, acting_user=karin, expected_version=archive.version,
        answers={"many_parties": True, "new_relations": False, "unclear_interfaces": True, "unknown_parts": True,
                 "many_changes": True, "hard_to_predict": False},
    )  # fmt: skip
    actions.do_raise_need(
        acting_user=johan, need_owner=vargarda, title="Digital skolplacering", area="Utbildning",
        need="Placering i förskola och skola sköts i kalkylblad; vi undersöker om någon annan har en lösning.",
    )  # fmt: skip

    henrik = users.get("bestallare.eksjo")
    gis = actions.do_raise_need(
        acting_user=henrik, need_owner=eksjo, title="Gemensam GIS-plattform", area="Samhällsbyggnad",
        need="Fem kommuner förvaltar var sin kartplattform med en person vardera.",
    )  # fmt: skip
    gis = actions.do_update_initiative(
        gis, acting_user=henrik, expected_version=gis.version, prestudy="Förstudie GIS, HIT 2022/31",
        guiding_principles="Kostnader fördelas efter invånarantal; värdkommunen Eksjö leder de två första åren.",
        agreement_reference="Samverkansavtal GIS, dnr HIT 2022/31", coordinator="GIS-samordnare, Höglandets IT",
        lead_member=eksjo, lead_from=datetime.date(today.year - 2, 1, 1), lead_until=datetime.date(today.year, 12, 31),
        cooperation=None,
    )  # fmt: skip
    gis = actions.do_advance_stage(gis, acting_user=henrik, expected_version=gis.version)
    gis = actions.do_advance_stage(gis, acting_user=henrik, expected_version=gis.version)
    for code, ref in (("0686", "KS § 12"), ("0682", "KS § 31"), ("0685", "KS § 8"), ("0604", "KS § 44")):
        actions.do_set_participation(
            acting_user=hadmin, initiative=gis, member=made[code], decision=Decision.IN, decision_reference=ref,
            decided_on=datetime.date(today.year - 2, 3, 1),
        )  # fmt: skip
    actions.do_set_participation(
        acting_user=hadmin, initiative=gis, member=made["0684"], decision=Decision.OUT, decision_reference="KS § 19",
    )  # fmt: skip
    for _step in range(3):
        gis = actions.do_advance_stage(gis, acting_user=henrik, expected_version=gis.version)
    e_committee = next(c for c in HOGLANDET_REGISTER if c[0] == "E-nämnden Höglandet")
    gis = actions.do_update_initiative(
        gis, acting_user=henrik, expected_version=gis.version,
        cooperation=Cooperation.objects.get(collaboration=hit, name=e_committee[0]),
    )  # fmt: skip
    gis = actions.do_advance_stage(gis, acting_user=henrik, expected_version=gis.version)
    actions.do_record_followup(
        acting_user=henrik, initiative=gis, year=today.year - 1, priorities="Gemensam baskarta; en förvaltningsgrupp.",
    )  # fmt: skip
    actions.do_record_followup(
        acting_user=henrik, initiative=gis, year=today.year, revisited="Baskartan är klar; förvaltningsgruppen möts varje månad.",
        priorities="Nässjö tar över ledartröjan efter Eksjö nästa år; 3D-stadsmodell.",
    )  # fmt: skip
    project = actions.do_start_project(
        acting_user=henrik, initiative=gis, manager="Henrik Lund", starts=datetime.date(today.year - 1, 2, 1),
        ends=datetime.date(today.year + 1, 6, 30), budget=Decimal("1250000.50"),
    )  # fmt: skip
    actions.do_report_status(
        acting_user=henrik, project=project, year=today.year, month=today.month, status=ReportStatus.AT_RISK,
        progress="Migreringen av Vetlandas data är klar.", risks="Leverantören har ont om konsulter under våren.",
    )  # fmt: skip

    # Shared solutions.
    ledamot = users.get("ledamot.herrljunga")
    solutions = 0
    for name, owner, contact, email, reference, years, certified in SOLUTIONS:
        solution = actions.do_create_solution(
            acting_user=admin if made[owner].collaboration_id == hv.pk else hadmin, owner=made[owner], name=name,
            contact_name=contact, contact_email=email, procurement_reference=reference,
            contract_ends=datetime.date(today.year + years, 12, 31),
            description=f"{name}, upphandlad av {made[owner].name} med option för övriga medlemmar.",
        )  # fmt: skip
        if certified:
            solution = actions.do_certify_solution(
                solution, acting_user=ledamot if made[owner].collaboration_id == hv.pk else hadmin,
                expected_version=solution.version, criteria=list(Criterion.values), certified_on=today,
            )  # fmt: skip
        solutions += 1
    archive_solution = _solution(hv, "E-arkiv (OAIS)")
    actions.do_request_join(acting_user=johan, solution=archive_solution, member=vargarda,
                            message="Vi vill avropa på samma villkor från nästa år.")  # fmt: skip
    actions.do_take_stance(acting_user=karin, solution=_solution(hv, "Digital signering"), member=herrljunga,
                           stance=StanceKind.NOT_INTERESTED, note="Vi har redan en lösning.")  # fmt: skip
    return cooperations, 4, solutions


def _solution(collaboration: Any, name: str) -> Solution:
    return Solution.objects.get(owner__collaboration=collaboration, name=name)


def run(demo: Demo) -> None:
    cooperations, initiatives, solutions = build(
        made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today
    )
    demo.summary.append(
        f"{cooperations} registered collaborations, {initiatives} initiatives, {solutions} shared solutions"
    )
