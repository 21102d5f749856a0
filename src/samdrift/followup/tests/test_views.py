"""The statistics page, its exports and API, goals and the member dashboard."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from samdrift.core.versions import SYSTEM
from samdrift.followup import actions, charts, goals, stats
from samdrift.followup.choices import GoalStatus, Measure
from samdrift.followup.models import Goal
from samdrift.servicedesk import actions as desk
from samdrift.servicedesk.choices import Status
from samdrift.testing.world import make_ticket


@pytest.fixture
def tickets(world):
    agent = world.users["agent_alpha"]
    made = [make_ticket(world, unit=world.unit_alpha) for _i in range(3)]
    made.append(make_ticket(world, requester="requester_b1", unit=world.unit_alpha))
    made.append(make_ticket(world, requester="requester_c1"))
    desk.do_change_status(made[0], acting_user=agent, expected_version=SYSTEM, status=Status.RESOLVED)
    stats.refresh()
    return made


def period() -> dict[str, str]:
    month = f"{timezone.localdate():%Y-%m}"
    return {"start": month, "end": month, "dimension": "unit"}


def test_statistics_page_shows_figures_and_charts(client_for, tickets) -> None:
    page = client_for("agent_alpha").get("/followup/statistics/", period())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Servicedesk" in html
    assert "<svg" in html and "<desc" in html and 'role="img"' in html
    total = page.context["result"].totals.total
    assert (total.opened, total.resolved, total.backlog) == (4, 1, 3)  # beta's ticket is not counted


def test_statistics_default_period_and_bad_input(client_for, tickets) -> None:
    client = client_for("agent_alpha")
    assert client.get("/followup/statistics/").status_code == 200
    bad = client.get("/followup/statistics/", {"start": "2026-05", "end": "2026-01", "dimension": "unit"})
    assert bad.status_code == 400
    assert "ends" in bad.content.decode() or "slut" in bad.content.decode()
    assert client.get("/followup/statistics/", {"start": "x", "end": "y", "dimension": "nope"}).status_code == 400


def test_requesters_do_not_read_statistics(client_for, api_for, tickets) -> None:
    assert client_for("requester_a1").get("/followup/statistics/", period()).status_code == 403
    response = api_for("requester_a1").get("/api/v1/reports/statistics/", period())
    assert response.status_code == 403
    assert response.json()["detail"]


def test_csv_and_xlsx_exports(client_for, tickets) -> None:
    client = client_for("agent_alpha")
    csv = client.get("/followup/statistics/", period() | {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].split(";")[:3] == ["Månad", "Grupp", "Öppnade"]
    assert any(";Servicedesk;4;1;3;" in line for line in lines)
    xlsx = client.get("/followup/statistics/", period() | {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert any(r[1] == "Servicedesk" and r[2] == 4 and r[4] == 3 for r in rows)


def test_api_statistics(api_for, tickets) -> None:
    response = api_for("agent_alpha").get("/api/v1/reports/statistics/", period())
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["total"]["opened"] == 4
    bad = api_for("agent_alpha").get("/api/v1/reports/statistics/", {"start": "2026-13", "dimension": "unit"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) >= {"start", "end"}


def test_schema_lists_the_followup_endpoints(api_for) -> None:
    schema = api_for("agent_alpha").get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/reports/statistics/", "/api/v1/reports/dashboard/", "/api/v1/goals/"} <= set(schema["paths"])


def test_goal_actuals_and_status(world, tickets) -> None:
    year = timezone.localdate().year
    backlog = actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, year=year, name="Kö", measure=Measure.BACKLOG,
        direction="lower", target=Decimal(2), tolerance=Decimal(1),
    )  # fmt: skip
    fcr = actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, member=world.member_a, year=year, name="Direktlösta",
        measure=Measure.FIRST_CONTACT, target=Decimal(50),
    )  # fmt: skip
    manual = actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, year=year, name="Nöjdhet", measure=Measure.MANUAL,
        target=Decimal(4), manual_actual=Decimal("4.2"),
    )  # fmt: skip
    assert goals.actual(backlog).value == 3
    assert goals.actual(backlog).status == GoalStatus.NEAR
    assert goals.actual(fcr).value == Decimal("100.0")
    assert goals.actual(fcr).status == GoalStatus.MET
    assert goals.actual(manual).status == GoalStatus.MET


def test_goal_validation(world) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.do_create_goal(
            acting_user=None, collaboration=world.alpha, member=world.member_c, year=2026, name="X",
            measure=Measure.AVAILABILITY, target=Decimal(99), manual_actual=Decimal(1),
        )  # fmt: skip
    assert {"member", "service", "manual_actual"} <= set(error.value.message_dict)


def test_goal_edit_through_ui_and_stale_version(world, client_for) -> None:
    client = client_for("controller_alpha")
    data = {
        "collaboration": world.alpha.pk, "year": 2026, "name": "Tillgänglighet – ”E-post”", "measure": "manual",
        "direction": "higher", "target": "99.50", "tolerance": "0.50", "manual_actual": "99.70",
    }  # fmt: skip
    assert client.post("/followup/goals/add/", data).status_code == 302
    goal = Goal.objects.get()
    assert goal.name == "Tillgänglighet – ”E-post”"
    assert client.get(f"/followup/goals/{goal.pk}/").status_code == 200
    stale = client.post(f"/followup/goals/{goal.pk}/edit/", data | {"version": 0, "target": "98"})
    assert stale.status_code == 409
    goal.refresh_from_db()
    assert goal.target == Decimal("99.50")
    assert client_for("orderer_a").post("/followup/goals/add/", data).status_code == 403
    overview = client.get("/followup/goals/overview/", {"year": 2026})
    assert "Uppfylld" in overview.content.decode()


def test_goal_api_with_versions(world, api_for) -> None:
    client = api_for("controller_alpha")
    created = client.post(
        "/api/v1/goals/",
        {"collaboration": world.alpha.pk, "year": 2026, "name": "Kö", "measure": "backlog", "direction": "lower",
         "target": "100.00"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    url = f"/api/v1/goals/{created.json()['id']}/"
    assert client.patch(url, {"target": "90"}, format="json").status_code == 428
    assert client.patch(url, {"target": "90"}, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    assert client.patch(url, {"target": "90"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    assert client.get(url).json()["status"] in GoalStatus.values


def test_dashboard_with_and_without_transparency(world, client_for, tickets) -> None:
    from samdrift.finance import actions as finance

    client = client_for("orderer_a")
    year = timezone.localdate().year
    page = client.get("/followup/dashboard/", {"member": world.member_a.pk, "year": year})
    assert page.status_code == 200
    assert page.context["transparent"] is True
    assert page.context["figures"][0]["own"] == 3  # member a's tickets
    assert page.context["figures"][0]["average"] == Decimal("2.0")  # (3 + 1) / 2 members
    finance.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)
    closed = client.get("/followup/dashboard/", {"member": world.member_a.pk, "year": year})
    assert closed.context["transparent"] is False
    assert "Samverkansgenomsnitt" not in closed.content.decode()


def test_charts_are_plain_svg_without_scripts_or_styles() -> None:
    svg = charts.line_chart("t", "Ärenden <&>", ["jan", "feb"], [charts.Series("Öppnade", [1, None])])
    svg += charts.bar_chart("b", "Budget", ["2025"], [charts.Series("Budget", [Decimal("1.5")])])
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    assert "Ärenden &lt;&amp;&gt;" in svg
    assert 'aria-labelledby="t-title t-desc"' in svg


def test_refresh_job_is_registered(settings) -> None:
    assert ("samdrift.followup.tasks.refresh_statistics", 10) in settings.SAMDRIFT_PERIODIC_TASKS


def test_rebuild_command(world, tickets, capsys) -> None:
    from django.core.management import call_command

    call_command("followup_rebuild")
    assert "5 tickets counted" in capsys.readouterr().out


def test_months_between_crosses_years() -> None:
    from samdrift.followup.queries import months_between

    assert months_between(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1))[-1] == datetime.date(2026, 2, 1)
    assert len(months_between(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1))) == 4


def test_api_body_matches_its_documented_serializer(world, tickets) -> None:
    import json

    from samdrift.followup import queries
    from samdrift.followup.api import serializers

    today = timezone.localdate()
    result = queries.statistics(world.users["agent_alpha"], today, today)
    documented = json.loads(json.dumps(serializers.StatisticsSerializer(result).data))
    assert serializers.statistics_data(result) == documented


def test_economy_page(world, client_for) -> None:
    page = client_for("controller_alpha").get("/followup/economy/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert client_for("requester_a1").get("/followup/economy/").status_code == 403


def test_delivery_report_page_and_pdf(world, client_for, tickets) -> None:
    client = client_for("agent_alpha")
    month = f"{timezone.localdate():%Y-%m}"
    page = client.get("/followup/report/", {"start": month, "end": month})
    assert page.status_code == 200
    assert page.context["report"].statistics.totals.total.opened == 4
    assert "<svg" in page.content.decode()
    pdf = client.get("/followup/report/", {"start": month, "end": month, "export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/followup/report/", {"start": month, "end": "2000-01"}).status_code == 400
    assert client_for("requester_a1").get("/followup/report/").status_code == 403
