"""Reports frozen on agenda items, matters and decisions linking agreements, and the
papers of a body read only by those who sit on it."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.agreements.tests import factories as agreement_factories
from samdrift.core.versions import SYSTEM
from samdrift.finance import actions as finance
from samdrift.governance import actions, exports
from samdrift.governance.choices import DecisionEffect, MembershipRole, SnapshotKind
from samdrift.governance.models import Decision, Document, ReportSnapshot
from samdrift.testing.world import PASSWORD

from .isolation import MEETING_AT, body, matter, meeting, membership

pytestmark = pytest.mark.django_db


def grant(world, name, role):
    user = account_actions.do_create_user(acting_user=None, username=name, password=PASSWORD, collaboration=world.alpha)
    account_actions.do_grant_role(acting_user=None, user=user, role=role, collaboration=world.alpha)
    world.users[name] = user
    return user


def forecast(world, collaboration=None):
    made = finance.do_create_forecast(
        acting_user=None, collaboration=collaboration or world.alpha, year=2026, as_of_month=4, name="April – ”prognos”"
    )
    for group, amount in (("5", Decimal("1200000.55")), ("3", Decimal("-250000.25"))):
        finance.do_add_budget_line(
            acting_user=None, collaboration=made.collaboration, year=2026, month=1,
            unit=world.unit_alpha if made.collaboration == world.alpha else world.unit_beta, account_group=group,
            amount=amount,
        )  # fmt: skip
        finance.do_add_forecast_line(
            acting_user=None, forecast=made,
            unit=world.unit_alpha if made.collaboration == world.alpha else world.unit_beta, account_group=group,
            amount=amount + Decimal("1000.01"),
        )  # fmt: skip
    return made


def item_with_matter(world, made_body=None, **fields):
    return actions.do_add_item(
        acting_user=None, meeting=meeting(world, made_body), title="Ekonomi prognos", matter=matter(world), **fields
    )


# Frozen reports ------------------------------------------------------------------------------


def test_a_follow_up_table_is_frozen_registered_and_listed(world) -> None:
    chosen = forecast(world)
    item = item_with_matter(world)
    snap = actions.do_attach_report_snapshot(
        acting_user=world.controller_alpha, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=chosen
    )
    data = snap.file.open("rb").read()
    assert data.startswith(b"%PDF") and len(data) == snap.size
    assert hashlib.sha256(data).hexdigest() == snap.digest
    assert snap.made_by == world.controller_alpha and snap.forecast == chosen
    assert snap.title == "Ekonomisk uppföljning April – ”prognos”" or "April – ”prognos”" in snap.title
    # Registered in the matter as a drawn-up document with the same file.
    document = snap.document
    assert document is not None and document.matter == item.matter and document.kind == "drawn_up"
    assert document.file.name == snap.file.name and snap.digest in document.text
    # The agenda and the case memo list it.
    agenda = render_to_string("governance/pdf/agenda.html", exports.agenda_context(item.meeting, None))
    memo = render_to_string("governance/pdf/memo.html", exports.memo_context(item))
    for html in (agenda, memo):
        assert snap.title in html and snap.digest[:16] in html


def test_a_frozen_report_does_not_follow_the_figures_and_is_never_changed(world) -> None:
    chosen = forecast(world)
    item = item_with_matter(world)
    snap = actions.do_attach_report_snapshot(acting_user=None, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=chosen)
    before = snap.file.open("rb").read()
    line = chosen.lines.first() if hasattr(chosen, "lines") else None
    finance.do_add_forecast_line(
        acting_user=None, forecast=chosen, unit=world.unit_alpha, account_group="4", amount=Decimal("99999.99")
    )
    snap.refresh_from_db()
    assert snap.file.open("rb").read() == before and hashlib.sha256(before).hexdigest() == snap.digest
    # A newer snapshot of the same forecast is another file with another digest.
    again = actions.do_attach_report_snapshot(acting_user=None, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=chosen)
    assert again.digest != snap.digest and again.file.name != snap.file.name
    # The registered document is a record too.
    assert snap.document is not None
    with pytest.raises(ValidationError):
        actions.do_update_document(snap.document, acting_user=None, expected_version=SYSTEM, title="Ändrad")
    del line


def test_no_snapshot_once_the_minutes_are_justerade(world) -> None:
    chosen = forecast(world)
    made = body(world)
    item = item_with_matter(world, made)
    adjuster = membership(world, made)
    minutes = actions.do_create_minutes(acting_user=None, meeting=item.meeting, adjusters=[adjuster])
    actions.do_record_paper_justering(minutes, acting_user=None, signed_on=datetime.date(2026, 5, 20))
    with pytest.raises(ValidationError) as refused:
        actions.do_attach_report_snapshot(acting_user=None, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=chosen)
    assert refused.value.code == "locked"
    assert not ReportSnapshot.objects.exists()


def test_the_sla_report_needs_a_period_and_a_collaboration_wide_report_reader(world) -> None:
    item = item_with_matter(world)
    registrar = grant(world, "registrator", Role.REGISTRAR)
    with pytest.raises(PermissionDenied):
        actions.do_attach_report_snapshot(
            acting_user=registrar, item=item, kind=SnapshotKind.SLA_REPORT,
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 1),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a member's orderer reads only its own member's report
        actions.do_attach_report_snapshot(
            acting_user=world.orderer_a, item=item, kind=SnapshotKind.SLA_REPORT,
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError) as bad:
        actions.do_attach_report_snapshot(
            acting_user=world.controller_alpha, item=item, kind=SnapshotKind.SLA_REPORT,
            start=datetime.date(2026, 3, 1), end=datetime.date(2026, 1, 1),
        )  # fmt: skip
    assert "end" in bad.value.error_dict
    with pytest.raises(ValidationError) as missing:
        actions.do_attach_report_snapshot(acting_user=world.controller_alpha, item=item, kind=SnapshotKind.SLA_REPORT)
    assert {"start", "end"} <= set(missing.value.error_dict)
    snap = actions.do_attach_report_snapshot(
        acting_user=world.controller_alpha, item=item, kind=SnapshotKind.SLA_REPORT,
        start=datetime.date(2026, 1, 15), end=datetime.date(2026, 3, 2),
    )  # fmt: skip
    assert (snap.period_start, snap.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert snap.title == "SLA-rapport 2026-01 – 2026-03" or "2026-01 – 2026-03" in snap.title
    assert snap.file.open("rb").read().startswith(b"%PDF")


def test_a_forecast_of_another_collaboration_is_refused(world) -> None:
    other = forecast(world, world.beta)
    item = item_with_matter(world)
    with pytest.raises(ValidationError) as refused:
        actions.do_attach_report_snapshot(acting_user=None, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=other)
    assert "forecast" in refused.value.error_dict


def test_the_delivery_report_is_frozen_with_its_economy(world) -> None:
    chosen = forecast(world)
    item = item_with_matter(world)
    snap = actions.do_attach_report_snapshot(
        acting_user=world.controller_alpha, item=item, kind=SnapshotKind.DELIVERY_REPORT, forecast=chosen,
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 1),
    )  # fmt: skip
    assert snap.kind == SnapshotKind.DELIVERY_REPORT and snap.file.open("rb").read().startswith(b"%PDF")
    with pytest.raises(ValidationError):  # a system job has no reader to scope the report by
        actions.do_attach_report_snapshot(
            acting_user=None, item=item, kind=SnapshotKind.DELIVERY_REPORT,
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 1),
        )  # fmt: skip


def test_attach_through_the_page_and_the_api(world, client_for, api_for) -> None:
    chosen = forecast(world)
    item = item_with_matter(world)
    page = client_for("controller_alpha")
    shown = page.get(item.get_absolute_url())
    assert shown.status_code == 200 and "Frys och bifoga" in shown.content.decode()
    bad = page.post(f"/governance/agendaitems/{item.pk}/snapshot/", {"snapshot-kind": "sla_report"})
    assert bad.status_code == 400 and "Välj periodens första månad" in bad.content.decode()
    done = page.post(
        f"/governance/agendaitems/{item.pk}/snapshot/", {"snapshot-kind": "follow_up", "snapshot-forecast": chosen.pk}
    )
    assert done.status_code == 302
    snap = ReportSnapshot.objects.get()
    pdf = page.get(f"/governance/reportsnapshots/{snap.pk}/report.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert page.get(snap.get_absolute_url()).status_code == 200

    api = api_for("controller_alpha")
    made = api.post(
        f"/api/v1/governance/agenda-items/{item.pk}/snapshot/",
        {"kind": "sla_report", "start": "2026-01-01", "end": "2026-02-01"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body_json = made.json()
    assert body_json["digest"] and body_json["download"].endswith("/report.pdf") and body_json["made_by"]
    refused = api.post(f"/api/v1/governance/agenda-items/{item.pk}/snapshot/", {"kind": "sla_report"}, format="json")
    assert refused.status_code == 400 and {"start", "end"} <= set(refused.json()["errors"])
    unknown = api.post(
        f"/api/v1/governance/agenda-items/{item.pk}/snapshot/", {"kind": "follow_up", "forecast": 999999}, format="json"
    )
    assert unknown.status_code == 400
    listed = api.get(f"/api/v1/governance/report-snapshots/?item={item.pk}").json()
    assert len(listed["results"]) == 2
    # An orderer does not see the committee's papers at all.
    assert (
        api_for("orderer_a")
        .post(f"/api/v1/governance/agenda-items/{item.pk}/snapshot/", {"kind": "follow_up"}, format="json")
        .status_code
        == 404
    )


def test_a_confidential_items_snapshot_file_is_for_secrecy_readers_only(world, client_for) -> None:
    chosen = forecast(world)
    item = item_with_matter(world, confidential=True, osl_reference="19 kap. 1 § OSL")
    snap = actions.do_attach_report_snapshot(acting_user=None, item=item, kind=SnapshotKind.FOLLOW_UP, forecast=chosen)
    assert snap.document is not None and snap.document.confidential
    url = f"/governance/reportsnapshots/{snap.pk}/report.pdf"
    assert client_for("controller_alpha").get(url).status_code == 404
    grant(world, "registrator", Role.REGISTRAR)
    assert client_for("registrator").get(url).status_code == 200


# Matters and decisions link agreements ---------------------------------------------------


def test_a_matter_links_agreements_of_its_collaboration_only(world, api_for) -> None:
    agreement = agreement_factories.agreement(world)
    service_agreement = agreement_factories.service_agreement(world)
    supplier = agreement_factories.actions.do_create_supplier(
        acting_user=None, collaboration=world.alpha, name="Atea", org_number="556448-0282"
    )
    contract = agreement_factories.actions.do_create_contract(
        acting_user=None, supplier=supplier, title="Klientavtal", starts=datetime.date(2024, 1, 1),
        ends=datetime.date(2027, 12, 31), value_per_year=Decimal("1200000"),
    )  # fmt: skip
    linked = actions.do_register_matter(
        acting_user=None, collaboration=world.alpha, registered_on=datetime.date(2026, 5, 2), title="Avtal",
        collaboration_agreement=agreement, service_agreement=service_agreement, supplier_contract=contract,
    )  # fmt: skip
    assert (linked.collaboration_agreement, linked.service_agreement, linked.supplier_contract) == (
        agreement,
        service_agreement,
        contract,
    )
    with pytest.raises(ValidationError) as refused:
        actions.do_register_matter(
            acting_user=None, collaboration=world.beta, registered_on=datetime.date(2026, 5, 2), title="Fel",
            collaboration_agreement=agreement, supplier_contract=contract,
        )  # fmt: skip
    assert {"collaboration_agreement", "supplier_contract"} <= set(refused.value.error_dict)
    api = api_for("controller_alpha")
    found = api.get(f"/api/v1/governance/matters/?supplier_contract={contract.pk}").json()
    assert [row["id"] for row in found["results"]] == [linked.pk]


def test_a_decision_adopts_the_collaboration_agreement(world) -> None:
    agreement = agreement_factories.agreement(world)
    assert agreement.adopted_by == "KF § 45/2019"
    held = meeting(world)
    item = actions.do_add_item(acting_user=None, meeting=held, title="Samverkansavtal")
    with pytest.raises(ValidationError):
        actions.do_decide(
            acting_user=None, item=item, text="Antas", effect=DecisionEffect.ADOPT_COLLABORATION_AGREEMENT
        )
    adoption = actions.do_decide(
        acting_user=None, item=item, text="Nämnden antar samverkansavtalet.",
        effect=DecisionEffect.ADOPT_COLLABORATION_AGREEMENT, collaboration_agreement=agreement,
    )  # fmt: skip
    agreement.refresh_from_db()
    assert agreement.decision == adoption and agreement.adopted_by == str(adoption)
    assert agreement.decision_reference == "KF § 45/2019"  # the text stays
    # Adopted once: a second decision is refused and rolls back.
    second = actions.do_add_item(acting_user=None, meeting=held, title="Samverkansavtal igen")
    with pytest.raises(ValidationError):
        actions.do_decide(
            acting_user=None, item=second, text="Antas igen", effect=DecisionEffect.ADOPT_COLLABORATION_AGREEMENT,
            collaboration_agreement=agreement,
        )  # fmt: skip
    assert not Decision.objects.filter(item=second).exists()
    with pytest.raises(ValidationError):
        actions.do_update_decision(adoption, acting_user=None, expected_version=SYSTEM, collaboration_agreement=None)


def test_a_decision_cannot_adopt_another_collaborations_agreement(world) -> None:
    other = agreement_factories.agreement(world, collaboration=world.beta, parties=[world.member_c])
    item = actions.do_add_item(acting_user=None, meeting=meeting(world), title="Avtal")
    with pytest.raises(ValidationError) as refused:
        actions.do_decide(
            acting_user=None, item=item, text="Ja", effect=DecisionEffect.ADOPT_COLLABORATION_AGREEMENT,
            collaboration_agreement=other,
        )  # fmt: skip
    assert "collaboration_agreement" in refused.value.error_dict


# A body's papers are for those who sit on it ---------------------------------------------------


def two_bodies(world):
    """Body A with a ledamot who has a login, body B with its own papers."""
    ledamot = grant(world, "ledamot", Role.COMMITTEE_MEMBER)
    body_a = body(world)
    body_b = actions.do_create_body(acting_user=None, collaboration=world.alpha, name="Ledningsgruppen", seats=3)
    membership(world, body_a, user=ledamot)
    papers = {}
    for key, made in (("a", body_a), ("b", body_b)):
        case = actions.do_register_matter(
            acting_user=None, collaboration=world.alpha, registered_on=datetime.date(2026, 4, 30), title=f"Ärende {key}",
            body=made,
        )  # fmt: skip
        loose = actions.do_register_matter(
            acting_user=None, collaboration=world.alpha, registered_on=datetime.date(2026, 4, 30),
            title=f"På dagordningen {key}",
        )  # fmt: skip
        held = actions.do_create_meeting(acting_user=None, body=made, starts=MEETING_AT, place="Stensjön")
        item = actions.do_add_item(acting_user=None, meeting=held, title=f"Punkt {key}", matter=loose)
        decision = actions.do_decide(acting_user=None, item=item, text="Beslut")
        minutes = actions.do_create_minutes(acting_user=None, meeting=held)
        doc = actions.do_register_document(
            acting_user=None, matter=case, kind="incoming", date=datetime.date(2026, 5, 2), title=f"Skrivelse {key}"
        )
        agenda_doc = actions.do_register_document(
            acting_user=None, matter=loose, kind="incoming", date=datetime.date(2026, 5, 2), title=f"Bilaga {key}"
        )
        snap = actions.do_attach_report_snapshot(
            acting_user=None, item=item, kind=SnapshotKind.SLA_REPORT, start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 1, 1),
        )  # fmt: skip
        papers[key] = {
            "body": made, "matter": case, "agenda_matter": loose, "meeting": held, "item": item, "decision": decision,
            "minutes": minutes, "document": doc, "agenda_document": agenda_doc, "snapshot": snap,
        }  # fmt: skip
    return ledamot, papers


PAGES = [
    ("body", "/governance/bodys/{pk}/", "/api/v1/governance/bodies/{pk}/"),
    ("matter", "/governance/matters/{pk}/", "/api/v1/governance/matters/{pk}/"),
    ("agenda_matter", "/governance/matters/{pk}/", "/api/v1/governance/matters/{pk}/"),
    ("document", "/governance/documents/{pk}/", "/api/v1/governance/documents/{pk}/"),
    ("agenda_document", "/governance/documents/{pk}/", "/api/v1/governance/documents/{pk}/"),
    ("meeting", "/governance/meetings/{pk}/", "/api/v1/governance/meetings/{pk}/"),
    ("meeting", "/governance/papers/agenda/{pk}.pdf", "/api/v1/governance/meetings/{pk}/"),
    ("meeting", "/governance/meetings/{pk}/calendar.ics", "/api/v1/governance/meetings/{pk}/"),
    ("item", "/governance/agendaitems/{pk}/", "/api/v1/governance/agenda-items/{pk}/"),
    ("item", "/governance/papers/memo/{pk}.pdf", "/api/v1/governance/agenda-items/{pk}/"),
    ("decision", "/governance/decisions/{pk}/", "/api/v1/governance/decisions/{pk}/"),
    ("minutes", "/governance/minutess/{pk}/", "/api/v1/governance/minutes/{pk}/"),
    ("minutes", "/governance/papers/minutes/{pk}.pdf", "/api/v1/governance/minutes/{pk}/"),
    ("snapshot", "/governance/reportsnapshots/{pk}/", "/api/v1/governance/report-snapshots/{pk}/"),
    ("snapshot", "/governance/reportsnapshots/{pk}/report.pdf", "/api/v1/governance/report-snapshots/{pk}/"),
]


def test_a_ledamot_reads_only_the_papers_of_the_bodies_they_sit_on(world, client_for, api_for) -> None:
    _ledamot, papers = two_bodies(world)
    page, api = client_for("ledamot"), api_for("ledamot")
    for key, ui, endpoint in PAGES:
        mine, theirs = papers["a"][key].pk, papers["b"][key].pk
        assert page.get(ui.format(pk=mine)).status_code == 200, (key, ui)
        assert api.get(endpoint.format(pk=mine)).status_code == 200, (key, endpoint)
        assert page.get(ui.format(pk=theirs)).status_code == 404, (key, ui)
        assert api.get(endpoint.format(pk=theirs)).status_code == 404, (key, endpoint)
    listed = api.get("/api/v1/governance/meetings/").json()
    assert [row["id"] for row in listed["results"]] == [papers["a"]["meeting"].pk]
    documents = {row["id"] for row in api.get("/api/v1/governance/documents/").json()["results"]}
    mine = papers["a"]
    assert documents == {mine["document"].pk, mine["agenda_document"].pk, mine["snapshot"].document.pk}
    home = page.get("/governance/").content.decode()
    assert "Servicenämnden" in home and "Ledningsgruppen" not in home
    # The registrar and the IT head still read every body's papers.
    grant(world, "registrator", Role.REGISTRAR)
    for name in ("registrator", "controller_alpha"):
        seen = {row["id"] for row in api_for(name).get("/api/v1/governance/meetings/").json()["results"]}
        assert seen == {papers["a"]["meeting"].pk, papers["b"]["meeting"].pk}


def test_the_mandate_dates_decide(world, api_for) -> None:
    ledamot, papers = two_bodies(world)
    appointment = papers["a"]["body"].memberships.get(user=ledamot)
    actions.do_update_membership(
        appointment, acting_user=None, expected_version=SYSTEM, ends=datetime.date(2024, 12, 31)
    )
    assert api_for("ledamot").get("/api/v1/governance/meetings/").json()["results"] == []
    # Appointed again as ersättare, from a date in the future: nothing yet.
    future = actions.do_appoint(
        acting_user=None, body=papers["b"]["body"], person="Johnny Carlsson", role=MembershipRole.SUBSTITUTE,
        member=world.member_a, user=ledamot, starts=datetime.date(2099, 1, 1),
    )  # fmt: skip
    assert api_for("ledamot").get("/api/v1/governance/bodies/").json()["results"] == []
    actions.do_update_membership(future, acting_user=None, expected_version=SYSTEM, starts=datetime.date(2025, 1, 1))
    seen = [row["id"] for row in api_for("ledamot").get("/api/v1/governance/meetings/").json()["results"]]
    assert seen == [papers["b"]["meeting"].pk]


def test_a_committee_member_without_an_appointment_reads_no_papers(world, api_for) -> None:
    two_bodies(world)
    grant(world, "utan", Role.COMMITTEE_MEMBER)
    api = api_for("utan")
    for endpoint in ("bodies", "matters", "documents", "meetings", "agenda-items", "decisions", "minutes"):
        assert api.get(f"/api/v1/governance/{endpoint}/").json()["results"] == [], endpoint
    assert Document.objects.count() == 6  # two letters and a frozen report per body
