"""Demo governance.

* IT-nämnden Herrljunga–Vårgårda: Servicenämnden IT/Växel/Telefoni (ITVT) with its
  appointments since 2015, its constituting meeting of January 2015 adopting the
  collaboration agreement (ITVT 1/2015; the agreement points at the decision), the seed's
  meeting of 14 May 2018 (Stensjön, D-salen, Kommunhuset Herrljunga) with its items and
  case numbers ITVT 6/2018, 7/2018 and 8/2018, the April 2018 follow-up table frozen on the
  forecast item, the forecast approved by a decision, the motions matter dispatched
  to both kommunstyrelser; a coming meeting this year with a confidential letter in the
  register, a leveransforum and a strategimöte.
* Höglandets IT: the federation's direktion with one member per municipality and a
  meeting this year adopting the budget and the allocation model; minutes posted.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from samdrift.core.demo import Demo
from samdrift.finance.models import AllocationModel, Forecast
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions
from .choices import BodyKind, DecisionEffect, DocumentKind, ItemKind, MembershipRole, Office, Presence, SnapshotKind

TZ = ZoneInfo("Europe/Stockholm")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """Build the demo's governance; returns the number of meetings."""
    registrar = users.get("registrator")
    meetings = _herrljunga_vargarda(made, users, registrar, today)
    meetings += _hoglandet(made, registrar, today)
    return meetings


def _appoint(body: Any, registrar: Any, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    out = {}
    for person, party, member, role, office, starts, ends, user in rows:
        out[person] = actions.do_appoint(
            acting_user=registrar, body=body, person=person, party=party, member=member, role=role, office=office,
            starts=starts, ends=ends, user=user, email=f"{person.split()[0].lower()}@demo.samdrift.example",
        )  # fmt: skip
    return out


def _herrljunga_vargarda(made: dict[str, Any], users: dict[str, Any], registrar: Any, today: datetime.date) -> int:
    hv = made[HERRLJUNGA_VARGARDA.name]
    herrljunga, vargarda = made["1466"], made["1442"]
    actions.do_create_case_series(
        acting_user=registrar, collaboration=hv, prefix="ITVT", pattern="{prefix} {number}/{year}"
    )
    for member, name in ((herrljunga, "Herrljunga"), (vargarda, "Vårgårda")):
        actions.do_create_recipient(
            acting_user=registrar, collaboration=hv, name=f"Kommunstyrelsen i {name} kommun",
            email=f"kommunstyrelsen@{name.lower().replace('å', 'a')}.demo.samdrift.example", member=member,
        )  # fmt: skip
    body = actions.do_create_body(
        acting_user=registrar, collaboration=hv, name="Servicenämnden IT/Växel/Telefoni", short_name="ITVT", seats=4,
        description="Gemensam servicenämnd för IT, växel och telefoni; Herrljunga är värdkommun.",
    )  # fmt: skip
    M, S, SEC = MembershipRole.MEMBER, MembershipRole.SUBSTITUTE, MembershipRole.SECRETARY
    old_from, old_to = datetime.date(2015, 1, 1), datetime.date(2018, 12, 31)
    new_from, new_to = datetime.date(2023, 1, 1), datetime.date(2026, 12, 31)
    seed = _appoint(body, registrar, [
        ("Johnny Carlsson", "C", herrljunga, M, Office.CHAIR, old_from, old_to, None),
        ("Kerstin Alm", "S", herrljunga, M, Office.NONE, old_from, old_to, None),
        ("Kent Johansson", "M", vargarda, M, Office.VICE_CHAIR, old_from, old_to, None),
        ("Carina Andersson", "S", vargarda, M, Office.NONE, old_from, old_to, None),
        ("Bengt Svensson", "KD", herrljunga, S, Office.NONE, old_from, old_to, None),
        ("Lars Holm", "L", vargarda, S, Office.NONE, old_from, old_to, None),
        ("Fam Hlawnceu", "", None, SEC, Office.NONE, old_from, old_to, None),
    ])  # fmt: skip
    now = _appoint(body, registrar, [
        ("Per Eriksson", "C", herrljunga, M, Office.CHAIR, new_from, new_to, users.get("ledamot.herrljunga")),
        ("Anna Berg", "S", herrljunga, M, Office.NONE, new_from, new_to, None),
        ("Kent Johansson", "M", vargarda, M, Office.VICE_CHAIR, new_from, new_to, None),
        ("Carina Andersson", "S", vargarda, M, Office.NONE, new_from, new_to, None),
        ("Ola Nyström", "KD", herrljunga, S, Office.NONE, new_from, new_to, None),
        ("Maria Gustafsson", "M", vargarda, S, Office.NONE, new_from, new_to, users.get("ledamot.vargarda")),
        ("Lena Andersson", "", None, SEC, Office.NONE, new_from, new_to, registrar),
    ])  # fmt: skip
    meetings = _adopting_meeting(hv, body, seed, registrar)
    meetings += _seed_meeting(hv, body, seed, registrar)
    meetings += _coming_meeting(hv, body, now, registrar, today)
    for name, kind, seats, when, place in (
        ("Leveransforum Barn och utbildning", BodyKind.DELIVERY_FORUM, 4, today - datetime.timedelta(days=12), "Teams"),
        ("Strategimöte IT och verksamheterna", BodyKind.STRATEGY_MEETING, 6, today + datetime.timedelta(days=30), "Kommunhuset, Vårgårda"),
    ):  # fmt: skip
        forum = actions.do_create_body(acting_user=registrar, collaboration=hv, name=name, kind=kind, seats=seats)
        _appoint(forum, registrar, [
            ("Jan Persson", "", None, M, Office.CHAIR, new_from, None, users.get("itchef")),
            ("Karin Olsson", "", herrljunga, M, Office.NONE, new_from, None, users.get("bestallare.herrljunga")),
            ("Johan Larsson", "", vargarda, M, Office.NONE, new_from, None, users.get("bestallare.vargarda")),
        ])  # fmt: skip
        held = actions.do_create_meeting(acting_user=registrar, body=forum, starts=_at(when, 9), place=place,
                                         ends=_at(when, 11))  # fmt: skip
        for title in ("Prioritering av beställningar", "Uppföljning av leveransen", "Behov inför nästa år"):
            actions.do_add_item(
                acting_user=registrar, meeting=held, title=title, kind=ItemKind.INFORMATION, presenter="IT-chef"
            )
        meetings += 1
    return meetings


def _adopting_meeting(hv: Any, body: Any, people: dict[str, Any], registrar: Any) -> int:
    """The constituting meeting of January 2015: the committee adopts the collaboration
    agreement (reglemente och samverkansavtal), which then points at the decision."""
    from samdrift.agreements.models import CollaborationAgreement

    agreement = CollaborationAgreement.objects.filter(collaboration=hv).order_by("valid_from").first()
    if agreement is None:
        return 0
    day = datetime.date(2015, 1, 19)
    matter = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=datetime.date(2015, 1, 5), number=1, body=body,
        title="Reglemente och samverkansavtal för den gemensamma servicenämnden", collaboration_agreement=agreement,
    )  # fmt: skip
    meeting = actions.do_create_meeting(
        acting_user=registrar, body=body, starts=_at(day, 14), ends=_at(day, 15), place="Kommunhuset, Vårgårda"
    )
    item = actions.do_add_item(
        acting_user=registrar, meeting=meeting, title=matter.title, matter=matter, presenter="Kommunchef",
        summary="Kommunfullmäktige i båda kommunerna har godkänt reglementet och samverkansavtalet.",
        proposal="Servicenämnden antar reglemente och samverkansavtal för den gemensamma servicenämnden.",
        author="Niels Bredberg, Kommundirektör",
    )  # fmt: skip
    for person in ("Johnny Carlsson", "Kerstin Alm", "Kent Johansson", "Carina Andersson"):
        actions.do_record_attendance(acting_user=registrar, meeting=meeting, membership=people[person])
    items = list(meeting.items.order_by("position"))
    actions.do_decide(acting_user=registrar, item=items[1], text="Kent Johansson (M) utses att justera protokollet.")
    actions.do_decide(acting_user=registrar, item=items[2], text="Dagordningen godkänns.")
    actions.do_decide(
        acting_user=registrar, item=item, text=item.proposal, effect=DecisionEffect.ADOPT_COLLABORATION_AGREEMENT,
        collaboration_agreement=agreement,
    )  # fmt: skip
    minutes = actions.do_create_minutes(
        acting_user=registrar, meeting=meeting, adjusters=[people["Kent Johansson"]], justering_place="Vårgårda"
    )
    minutes = actions.do_record_paper_justering(minutes, acting_user=registrar, signed_on=datetime.date(2015, 1, 26))
    actions.do_post_minutes(minutes, acting_user=registrar, on=datetime.date(2015, 1, 27))
    return 1


def _seed_meeting(hv: Any, body: Any, people: dict[str, Any], registrar: Any) -> int:
    """Seed 001: Servicenämnd IT/Växel/Telefoni, Monday 14 May 2018, 14.00, Stensjön."""
    day = datetime.date(2018, 5, 14)
    strategy = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=datetime.date(2018, 3, 12), number=6, body=body,
        title="Strategi för Servicenämnderna efter KFIs överlämnad rapport",
    )  # fmt: skip
    motions = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=datetime.date(2018, 4, 16), number=7, body=body,
        title="Servicenämndernas roll avseende motioner och medborgarförslag i respektive kommun Herrljunga och Vårgårda",
    )  # fmt: skip
    april = Forecast.objects.filter(collaboration=hv, year=2018, as_of_month=4).first()
    economy = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=datetime.date(2018, 5, 4), number=8, body=body,
        title="Ekonomi prognos", forecast=april,
    )  # fmt: skip
    actions.do_register_document(
        acting_user=registrar, matter=strategy, kind=DocumentKind.INCOMING, date=datetime.date(2018, 3, 7),
        counterpart="Kommunforskning i Västsverige (KFI)", title="Samarbete genom gemensam nämnd — rapport, slutversion",
    )  # fmt: skip
    for matter, on in ((strategy, (2018, 5, 3)), (motions, (2018, 5, 3)), (economy, (2018, 5, 4))):
        actions.do_register_document(
            acting_user=registrar, matter=matter, kind=DocumentKind.DRAWN_UP, date=datetime.date(*on),
            title=f"Tjänsteskrivelse: {matter.title}",
        )  # fmt: skip
    meeting = actions.do_create_meeting(
        acting_user=registrar, body=body, starts=_at(day, 14), ends=_at(day, 16),
        place="Stensjön (D-salen), Kommunhuset, Herrljunga",
    )  # fmt: skip
    actions.do_add_item(
        acting_user=registrar, meeting=meeting, kind=ItemKind.INFORMATION, title="IT-chefen informerar", presenter="IT-chef",
        summary="Servicenämnden IT/Växel och Telefoni har under året genomfört ett antal större uppdrag och projekt.",
        background="Servicenämnden har i uppdrag att samordna växel och IT nätverk för Herrljunga och Vårgårda kommun.",
        financial_assessment="Ingen.", consultation="Inte aktuell.", motivation="Inga",
        proposal="Servicenämnden tar emot informationen.", author="Jan Pettersson, IT-chef",
    )  # fmt: skip
    forecast_item = actions.do_add_item(
        acting_user=registrar, meeting=meeting, title="Ekonomi prognos", matter=economy, presenter="Controller",
        summary="Prognos per den siste april avseende Servicenämnd ekonomi/personal och IT presenteras i en rapport.",
        basis="Tjänsteskrivelse i ärendet daterad 2018-05-04\nMånadsuppföljning per den sista april 2018 servicenämnden ekonomi/Personal och IT",
        proposal="Servicenämnden godkänner prognos per den sista april 2018.", author="Ellinore Johansson, Controller",
    )  # fmt: skip
    strategy_item = actions.do_add_item(
        acting_user=registrar, meeting=meeting, title=strategy.title, matter=strategy, presenter="Kommunchef",
        summary=(
            "KFI har på uppdrag genomfört utvärdering av samarbete mellan Vårgårda och Herrljunga kommuner, avseende "
            "två gemensamma servicenämnder för verksamhetsområdena ekonomi, personal, IT samt växel och telefoni."
        ),
        basis="Tjänsteskrivelse i ärendet daterad 2018-05-03\nRapport slutversion av KFI",
        proposal=(
            "Respektive kommunchef ges i uppdrag att arbeta fram strategi med handlingsplan för vidare utveckling av det "
            "gemensamma samarbetet avseende servicenämnderna för Herrljunga och Vårgårda kommuner."
        ),
        author="Niels Bredberg, Kommundirektör",
    )  # fmt: skip
    motions_item = actions.do_add_item(
        acting_user=registrar, meeting=meeting, title=motions.title, matter=motions, presenter="Kommunchef",
        summary=(
            "Hantering av motioner och medborgarförslag är att betrakta som politisk beredning, vilken berör den "
            "enskilda kommunen."
        ),
        basis="Tjänsteskrivelse i ärendet daterad 2018-05-03",
        proposal=(
            "Respektive kommun remitterar motioner och medborgarförslag för beredning, vilka berör servicenämndernas "
            "funktionsansvar, till respektive kommunstyrelse."
        ),
        dispatch_to="Kommunstyrelsen i Herrljunga kommun, Kommunstyrelsen i Vårgårda kommun",
        author="Niels Bredberg, Kommundirektör",
    )  # fmt: skip
    actions.do_add_item(
        acting_user=registrar, meeting=meeting, kind=ItemKind.NOTICE, presenter="",
        title="Revidering av attestreglemente Beslut KF § 44/2018-03-13 (ITVT-postlista)",
    )  # fmt: skip
    for person in ("Johnny Carlsson", "Kerstin Alm", "Kent Johansson"):
        actions.do_record_attendance(acting_user=registrar, meeting=meeting, membership=people[person])
    actions.do_record_attendance(
        acting_user=registrar, meeting=meeting, membership=people["Lars Holm"], presence=Presence.SERVING,
        serving_for=people["Carina Andersson"],
    )  # fmt: skip
    actions.do_record_attendance(
        acting_user=registrar, meeting=meeting, membership=people["Carina Andersson"], presence=Presence.ABSENT
    )
    if april is not None:  # the committee's follow-up table, frozen on the item as the papers had it
        actions.do_attach_report_snapshot(
            acting_user=None, item=forecast_item, kind=SnapshotKind.FOLLOW_UP, forecast=april
        )
    items = list(meeting.items.order_by("position"))
    actions.do_decide(
        acting_user=registrar, item=items[1], text="Kerstin Alm (S) utses att jämte ordföranden justera protokollet."
    )
    actions.do_decide(acting_user=registrar, item=items[2], text="Dagordningen godkänns.")
    actions.do_decide(acting_user=registrar, item=items[3], text="Servicenämnden tar emot informationen.")
    actions.do_decide(
        acting_user=registrar, item=forecast_item, text="Servicenämnden godkänner prognos per den sista april 2018.",
        effect=DecisionEffect.APPROVE_FORECAST if april else "", forecast=april,
    )  # fmt: skip
    actions.do_decide(acting_user=registrar, item=strategy_item, text=strategy_item.proposal)
    motions_decision = actions.do_decide(acting_user=registrar, item=motions_item, text=motions_item.proposal)
    minutes = actions.do_create_minutes(
        acting_user=registrar, meeting=meeting, adjusters=[people["Kerstin Alm"]],
        justering_place="Kommunhuset, Herrljunga",
    )  # fmt: skip
    minutes = actions.do_record_paper_justering(minutes, acting_user=registrar, signed_on=datetime.date(2018, 5, 21))
    actions.do_post_minutes(minutes, acting_user=registrar, on=datetime.date(2018, 5, 22))
    actions.do_dispatch(
        motions_decision, acting_user=registrar, recipients=list(actions.Recipient.objects.filter(collaboration=hv))
    )
    return 1


def _coming_meeting(hv: Any, body: Any, people: dict[str, Any], registrar: Any, today: datetime.date) -> int:
    """This year's next meeting, convened, for the ledamöter to read the papers."""
    day = today + datetime.timedelta(days=7)
    year = today.year
    forecast = Forecast.objects.filter(collaboration=hv, year=year).order_by("-as_of_month").first()
    economy = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=today - datetime.timedelta(days=5), body=body,
        title=f"Ekonomisk uppföljning och prognos {year}", forecast=forecast,
    )  # fmt: skip
    letter = actions.do_register_matter(
        acting_user=registrar, collaboration=hv, registered_on=today - datetime.timedelta(days=3), body=body,
        title="Skrivelse om informationssäkerhet i skolans nätverk",
    )  # fmt: skip
    actions.do_register_document(
        acting_user=registrar, matter=letter, kind=DocumentKind.INCOMING, date=today - datetime.timedelta(days=3),
        counterpart="Privatperson", title="Anmälan om säkerhetsbrist i elevnätet, med elevuppgifter",
        text="Beskrivning av sårbarheten och berörda elever.", confidential=True, osl_reference="18 kap. 8 § OSL",
    )  # fmt: skip
    meeting = actions.do_create_meeting(
        acting_user=registrar, body=body, starts=_at(day, 14), ends=_at(day, 16),
        place="Stensjön (D-salen), Kommunhuset, Herrljunga", remote_link="https://meet.demo.samdrift.example/itvt",
    )  # fmt: skip
    actions.do_add_item(
        acting_user=registrar,
        meeting=meeting,
        kind=ItemKind.INFORMATION,
        title="IT-chefen informerar",
        presenter="IT-chef",
    )
    actions.do_add_item(
        acting_user=registrar, meeting=meeting, title=economy.title, matter=economy, presenter="Controller",
        summary="Prognosen för helåret presenteras med avvikelser per kontogrupp.",
        financial_assessment="Prognosen visar ett resultat i nivå med budget.",
        proposal=f"Servicenämnden godkänner prognosen för {year}.", author="Eva Karlsson, Controller",
    )  # fmt: skip
    actions.do_add_item(
        acting_user=registrar, meeting=meeting, title=letter.title, matter=letter, confidential=True,
        osl_reference="18 kap. 8 § OSL", presenter="IT-chef", summary="Åtgärder med anledning av anmälan.",
    )  # fmt: skip
    actions.do_convene(meeting, acting_user=registrar, expected_version=meeting.version)
    return 1


def _hoglandet(made: dict[str, Any], registrar: Any, today: datetime.date) -> int:
    hit = made[HOGLANDET.name]
    actions.do_create_case_series(acting_user=None, collaboration=hit, prefix="HIT")
    body = actions.do_create_body(
        acting_user=None, collaboration=hit, name="Förbundsdirektionen Höglandets IT", short_name="DIR",
        kind=BodyKind.COMMITTEE, seats=5,
    )  # fmt: skip
    start = datetime.date(2023, 1, 1)
    names = {"0604": "Aneby", "0686": "Eksjö", "0682": "Nässjö", "0684": "Sävsjö", "0685": "Vetlanda"}
    people = {}
    for i, (code, town) in enumerate(names.items()):
        people[code] = actions.do_appoint(
            acting_user=None, body=body, person=f"Ledamot {town}", member=made[code], starts=start,
            office=Office.CHAIR if i == 0 else (Office.VICE_CHAIR if i == 1 else Office.NONE),
        )  # fmt: skip
        actions.do_appoint(
            acting_user=None, body=body, person=f"Ersättare {town}", member=made[code], starts=start,
            role=MembershipRole.SUBSTITUTE,
        )  # fmt: skip
    day = today - datetime.timedelta(days=20)
    model = AllocationModel.objects.filter(collaboration=hit, year=today.year).first()
    matter = actions.do_register_matter(
        acting_user=None, collaboration=hit, registered_on=day - datetime.timedelta(days=14), body=body,
        title=f"Fördelningsmodell och budget {today.year}", allocation_model=model,
    )  # fmt: skip
    meeting = actions.do_create_meeting(acting_user=None, body=body, starts=_at(day, 13), place="Stadshuset, Nässjö")
    actions.do_call_roll(meeting, acting_user=None)
    item = actions.do_add_item(
        acting_user=None, meeting=meeting, title=matter.title, matter=matter, presenter="Förbundschef",
        proposal="Direktionen antar budgeten och fördelningsmodellen.",
    )  # fmt: skip
    if model is not None:
        actions.do_decide(acting_user=None, item=item, text="Direktionen antar fördelningsmodellen.",
                          effect=DecisionEffect.ADOPT_ALLOCATION_MODEL, allocation_model=model)  # fmt: skip
    budget_item = actions.do_add_item(acting_user=None, meeting=meeting, title=f"Budget {today.year}", matter=matter)
    actions.do_decide(acting_user=None, item=budget_item, text=f"Direktionen antar budgeten för {today.year}.",
                      effect=DecisionEffect.ADOPT_BUDGET, budget_year=today.year)  # fmt: skip
    minutes = actions.do_create_minutes(acting_user=None, meeting=meeting, adjusters=[people["0686"]])
    minutes = actions.do_record_paper_justering(minutes, acting_user=None, signed_on=day + datetime.timedelta(days=6))
    actions.do_post_minutes(minutes, acting_user=None, on=day + datetime.timedelta(days=7))
    return 1


def run(demo: Demo) -> None:
    meetings = build(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"{meetings} meetings")
