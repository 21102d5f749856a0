"""The SLA report: compliance per member and service, scope, exports and API."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from samdrift.catalog import actions as catalog
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.catalog.choices import ServiceLevel
from samdrift.servicedesk import slareport
from samdrift.servicedesk.choices import SLAState, Status
from samdrift.servicedesk.models import Ticket
from samdrift.testing.world import make_ticket

MAY = datetime.date(2026, 5, 1)
END_OF_MAY = datetime.date(2026, 5, 31)
NOW = datetime.datetime(2026, 6, 15, 12, tzinfo=STOCKHOLM)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def service(world):
    always = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Dygnet runt")
    catalog.do_set_hours(
        acting_user=None, calendar=always, year=2026, opens=datetime.time(0), closes=None, workdays="1234567",
        closed_on_holidays=False,
    )  # fmt: skip
    made = catalog.do_create_service(
        acting_user=None, collaboration=world.alpha, name="E-post", level=ServiceLevel.IT, owner_unit=world.unit_alpha
    )
    catalog.do_create_sla(acting_user=None, service=made, calendar=always, availability_target=Decimal("99.5"))
    return made


def ticket(world, service, requester="requester_a1", **outcome):
    made = make_ticket(world, requester=requester, acting="agent_alpha", service=service)
    Ticket.objects.filter(pk=made.pk).update(**outcome)
    return made


@pytest.fixture
def history(world, service, now):
    """Member A's May: resolutions 2 of 3 in time, responses 1 of 3 decided in time, one
    still inside its response time, one open and late; a 3-hour outage. Member B: quiet."""
    resolved = {"status": Status.RESOLVED, "created": local(2026, 5, 4, 9)}
    made = [
        ticket(world, service, **resolved, resolved_at=local(2026, 5, 4, 12), sla_state=SLAState.MET),
        ticket(world, service, **resolved, resolved_at=local(2026, 5, 5, 12), sla_state=SLAState.MET),
        ticket(world, service, **resolved, resolved_at=local(2026, 5, 20, 12), sla_state=SLAState.BREACHED),
        # resolved in June: not in May's resolution figures
        ticket(world, service, **resolved, resolved_at=local(2026, 6, 2, 12), sla_state=SLAState.BREACHED),
    ]
    due = local(2026, 5, 10, 10)
    created = local(2026, 5, 10, 9)
    ticket(world, service, created=created, response_due_at=due, first_response_at=local(2026, 5, 10, 9, 30))
    ticket(world, service, created=created, response_due_at=due, first_response_at=local(2026, 5, 10, 11))
    ticket(
        world, service, created=created, response_due_at=due, first_response_at=None, sla_state=SLAState.BREACHED,
        status=Status.IN_PROGRESS,
    )  # fmt: skip
    ticket(world, service, created=local(2026, 5, 31, 23), response_due_at=NOW + datetime.timedelta(hours=1))
    catalog.do_report_disruption(
        acting_user=None, service=service, title="E-posten nere", public_text="Vi felsöker.",
        starts=local(2026, 5, 12, 8), ends=local(2026, 5, 12, 11), affected_members=[world.member_a],
    )  # fmt: skip
    return made


def rows_by_member(report):
    return {row.member.name: row for row in report.rows}


def test_compliance_per_member_and_service(world, history, service) -> None:
    report = slareport.build(world.admin_alpha, MAY, END_OF_MAY)
    rows = rows_by_member(report)
    assert set(rows) == {world.member_a.name, world.member_b.name}
    a = rows[world.member_a.name]
    assert (a.resolved, a.resolved_in_time, a.resolution_percent) == (3, 2, Decimal("66.7"))
    assert (a.response_decided, a.response_in_time, a.response_percent) == (3, 1, Decimal("33.3"))
    assert a.open_breached == 1
    assert a.availability is not None and a.availability.downtime == datetime.timedelta(hours=3)
    assert a.availability.percent == Decimal("99.597") and a.availability.met is True
    b = rows[world.member_b.name]
    assert b.resolved == 0 and b.resolution_percent is None and b.availability.percent == Decimal("100.000")
    assert report.breached_total == 2
    assert {t.pk for t in report.breached} >= {history[2].pk}


def test_each_reader_sees_only_their_members(world, history, client_for, api_for) -> None:
    mine = slareport.build(world.orderer_b, MAY, END_OF_MAY)
    assert [row.member for row in mine.rows] == [world.member_b] and mine.breached == []
    counts_only = slareport.build(world.controller_alpha, MAY, END_OF_MAY)
    assert rows_by_member(counts_only)[world.member_a.name].resolved == 3
    assert counts_only.breached == [] and counts_only.breached_total == 0, "controllers do not open tickets"
    assert slareport.build(world.admin_beta, MAY, END_OF_MAY).rows == []
    assert client_for("requester_a1").get("/servicedesk/reports/sla/").status_code == 403
    assert api_for("requester_a1").get("/api/v1/reports/sla/?start=2026-05-01&end=2026-05-31").status_code == 403
    outside = api_for("orderer_b").get(
        f"/api/v1/reports/sla/?start=2026-05-01&end=2026-05-31&member={world.member_a.pk}"
    )
    assert outside.status_code == 400 and "member" in outside.json()["errors"]


def test_the_page_and_its_exports(world, history, client_for) -> None:
    client = client_for("orderer_a")
    page = client.get("/servicedesk/reports/sla/?start=2026-05-01&end=2026-05-31")
    html = page.content.decode()
    assert page.status_code == 200 and "66,7 %" in html and "99,6 %" in html and "99,597" not in html
    assert history[2].number in html
    exported = client.get("/servicedesk/reports/sla/?start=2026-05-01&end=2026-05-31&export=csv")
    assert exported["Content-Type"].startswith("text/csv")
    lines = exported.content.decode().splitlines()
    assert lines[0].startswith("Medlemskommun;Tjänst;Lösta ärenden")
    assert lines[1].split(";")[:5] == [world.member_a.name, "E-post", "3", "2", "66,7"]
    xlsx = client.get("/servicedesk/reports/sla/?start=2026-05-01&end=2026-05-31&export=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary, late = book.worksheets
    assert [c.value for c in summary[3]][:5] == [world.member_a.name, "E-post", 3, 2, 66.7]
    assert late.max_row == 3 and late["A2"].value.startswith("SD-")
    refused = client.get("/servicedesk/reports/sla/?start=2026-05-31&end=2026-05-01")
    assert refused.status_code == 400 and "Perioden måste sluta" in refused.content.decode()


def test_the_api_report(world, history, api_for) -> None:
    answer = api_for("agent_alpha").get(
        f"/api/v1/reports/sla/?start=2026-05-01&end=2026-05-31&member={world.member_a.pk}"
    )
    assert answer.status_code == 200
    body = answer.json()
    (row,) = body["rows"]
    assert row["resolution_compliance"] == "66.7" and row["response_compliance"] == "33.3"
    assert row["availability"] == {
        "percent": "99.597", "target": "99.500", "met": True, "measured_seconds": 31 * 86400,
        "downtime_seconds": 3 * 3600, "outages": 1,
    }  # fmt: skip
    assert body["breached_total"] == 2 and {t["number"] for t in body["breached"]} >= {history[2].number}
    english = api_for("agent_alpha").get("/api/v1/reports/sla/?start=2026-05-01", headers={"Accept-Language": "en"})
    assert english.status_code == 400 and english.json()["errors"]["end"] == ["This field is required."]
    long = api_for("agent_alpha").get("/api/v1/reports/sla/?start=2020-01-01&end=2026-05-31")
    assert long.status_code == 400 and "end" in long.json()["errors"]


def test_the_report_runs_a_fixed_number_of_queries(world, history, service, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin_alpha")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/servicedesk/reports/sla/?start=2026-05-01&end=2026-05-31").status_code == 200
        return len(ctx)

    before = count()
    for name in ("Utskrift", "Telefoni", "Nätverk"):
        more = catalog.do_create_service(
            acting_user=None, collaboration=world.alpha, name=name, level=ServiceLevel.IT, owner_unit=world.unit_alpha
        )
        catalog.do_create_sla(acting_user=None, service=more, calendar=service.slas.get().calendar)
        catalog.do_create_sla(
            acting_user=None, service=more, calendar=service.slas.get().calendar, member=world.member_b
        )
        ticket(world, more, status=Status.RESOLVED, resolved_at=local(2026, 5, 4, 12), sla_state=SLAState.MET)
    assert count() == before
