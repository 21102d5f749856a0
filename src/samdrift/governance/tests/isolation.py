"""Every governance model, owned by collaboration alpha: beta's people, requesters and
desk agents (who have no governance role) never see it."""

from __future__ import annotations

import datetime
from typing import Any

from samdrift.governance import actions
from samdrift.testing.isolation import IsolationCase

MEETING_AT = datetime.datetime(2026, 5, 14, 12, 0, tzinfo=datetime.UTC)


def body(world: Any) -> Any:
    return actions.do_create_body(acting_user=None, collaboration=world.alpha, name="Servicenämnden", seats=2)


def membership(world: Any, made: Any = None, **fields: Any) -> Any:
    fields.setdefault("person", "Johnny Carlsson")
    fields.setdefault("member", world.member_a)
    fields.setdefault("starts", datetime.date(2023, 1, 1))
    return actions.do_appoint(acting_user=None, body=made or body(world), **fields)


def matter(world: Any) -> Any:
    return actions.do_register_matter(
        acting_user=None, collaboration=world.alpha, registered_on=datetime.date(2026, 4, 30), title="Ekonomi prognos"
    )


def meeting(world: Any, made: Any = None) -> Any:
    return actions.do_create_meeting(acting_user=None, body=made or body(world), starts=MEETING_AT, place="Stensjön")


def item(world: Any) -> Any:
    return actions.do_add_item(acting_user=None, meeting=meeting(world), title="Ekonomi prognos", matter=matter(world))


def decision(world: Any) -> Any:
    return actions.do_decide(acting_user=None, item=item(world), text="Servicenämnden godkänner prognosen.")


def minutes(world: Any) -> Any:
    return actions.do_create_minutes(acting_user=None, meeting=meeting(world))


def signature(world: Any) -> Any:
    made = body(world)
    chair = membership(world, made, office="chair", user=world.controller_alpha)
    adjuster = membership(world, made, person="Kent Andersson", member=world.member_b, user=world.admin_alpha)
    held = meeting(world, made)
    draft = actions.do_create_minutes(acting_user=None, meeting=held, adjusters=[adjuster])
    actions.do_sign_minutes(draft, acting_user=world.controller_alpha)
    return draft.signatures.get(membership=chair)


def snapshot(world: Any) -> Any:
    return actions.do_attach_report_snapshot(
        acting_user=None, item=item(world), kind="sla_report", start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 1, 1),
    )  # fmt: skip


def attendance(world: Any) -> Any:
    made = body(world)
    return actions.do_record_attendance(
        acting_user=None, meeting=meeting(world, made), membership=membership(world, made)
    )


MAKERS = [
    (actions.CaseSeries, lambda w: actions.do_create_case_series(acting_user=None, collaboration=w.alpha, prefix="ITVT")),
    (actions.Body, body),
    (actions.Membership, membership),
    (actions.Recipient, lambda w: actions.do_create_recipient(
        acting_user=None, collaboration=w.alpha, name="Kommunstyrelsen i Herrljunga", email="ks@herrljunga.example",
    )),
    (actions.Matter, matter),
    (actions.Document, lambda w: actions.do_register_document(
        acting_user=None, matter=matter(w), kind="incoming", date=datetime.date(2026, 5, 2), title="Skrivelse",
    )),
    (actions.Meeting, meeting),
    (actions.Attendance, attendance),
    (actions.AgendaItem, item),
    (actions.Decision, decision),
    (actions.Minutes, minutes),
    (actions.Signature, signature),
    (actions.ReportSnapshot, snapshot),
]  # fmt: skip
OUTSIDERS = ("admin_beta", "agent_beta", "requester_c1", "requester_a1", "agent_alpha", "orderer_b", "nobody")
ISOLATION_CASES = [IsolationCase(m, make, insider="controller_alpha", outsiders=OUTSIDERS) for m, make in MAKERS]
