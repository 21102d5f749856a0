"""A member's people see only their member's figures (plus the collaboration's totals
where it is transparent), on every statistics endpoint, export and dashboard."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from samdrift.followup import stats
from samdrift.testing.world import make_ticket


@pytest.fixture
def tickets(world):
    for _i in range(3):
        make_ticket(world, unit=world.unit_alpha)  # member a
    make_ticket(world, requester="requester_b1", unit=world.unit_alpha)
    make_ticket(world, requester="requester_c1", unit=world.unit_beta)
    stats.refresh()


def period(dimension: str = "member") -> dict[str, str]:
    month = f"{timezone.localdate():%Y-%m}"
    return {"start": month, "end": month, "dimension": dimension}


@pytest.mark.parametrize("dimension", ["member", "department", "unit", "service", "category", "priority"])
def test_isolation_statistics_api_shows_only_own_member(world, api_for, tickets, dimension) -> None:
    body = api_for("orderer_b").get("/api/v1/reports/statistics/", period(dimension)).json()
    assert body["totals"]["total"]["opened"] == 1
    if dimension == "member":
        assert [g["label"] for g in body["groups"]] == [world.member_b.name]
    if dimension == "department":
        assert [g["key"] for g in body["groups"]] == [world.dept_b1.pk]
    everyone = api_for("agent_alpha").get("/api/v1/reports/statistics/", period(dimension)).json()
    assert everyone["totals"]["total"]["opened"] == 4
    beta = api_for("agent_beta").get("/api/v1/reports/statistics/", period(dimension)).json()
    assert beta["totals"]["total"]["opened"] == 1


def test_isolation_statistics_page_and_exports(world, client_for, tickets) -> None:
    client = client_for("orderer_b")
    page = client.get("/followup/statistics/", period())
    html = page.content.decode()
    assert world.member_b.name in html and world.member_a.name not in html.split("<main", 1)[-1].split("<form", 1)[-1]
    csv = client.get("/followup/statistics/", period() | {"export": "csv"}).content.decode()
    assert world.member_b.name in csv and world.member_a.name not in csv
    xlsx = client.get("/followup/statistics/", period() | {"export": "xlsx"}).content
    cells = {c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row}
    assert world.member_b.name in cells and world.member_a.name not in cells


def test_isolation_other_members_cannot_be_chosen(world, client_for, api_for, tickets) -> None:
    other = period() | {"member": world.member_a.pk}
    assert client_for("orderer_b").get("/followup/statistics/", other).status_code == 400
    assert api_for("orderer_b").get("/api/v1/reports/statistics/", other).status_code == 400
    year = timezone.localdate().year
    dashboard = {"member": world.member_a.pk, "year": year}
    assert client_for("orderer_b").get("/followup/dashboard/", dashboard).status_code == 400
    assert api_for("orderer_b").get("/api/v1/reports/dashboard/", dashboard).status_code == 400
    assert api_for("agent_beta").get("/api/v1/reports/dashboard/", dashboard).status_code == 400


def test_isolation_requesters_and_strangers_read_no_figures(client_for, api_for, tickets) -> None:
    for user in ("requester_a1", "nobody"):
        assert client_for(user).get("/followup/statistics/", period()).status_code == 403
        assert client_for(user).get("/followup/dashboard/").status_code == 403
        assert client_for(user).get("/followup/goals/overview/").status_code == 403
        assert api_for(user).get("/api/v1/reports/statistics/", period()).status_code == 403
        assert api_for(user).get("/api/v1/reports/dashboard/").status_code == 403


def test_isolation_dashboard_average_only_where_transparent(world, api_for, tickets) -> None:
    from samdrift.finance import actions as finance

    query = {"member": world.member_b.pk, "year": timezone.localdate().year}
    body = api_for("orderer_b").get("/api/v1/reports/dashboard/", query).json()
    assert body["totals"]["total"]["opened"] == 1
    assert body["average"]["total"]["opened"] == 4 and body["members_in_average"] == 2
    finance.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)
    closed = api_for("orderer_b").get("/api/v1/reports/dashboard/", query).json()
    assert closed["average"] is None


def test_isolation_delivery_report_shows_only_own_member(world, client_for, tickets) -> None:
    month = f"{timezone.localdate():%Y-%m}"
    page = client_for("orderer_b").get("/followup/report/", {"start": month, "end": month})
    built = page.context["report"]
    assert built.statistics.totals.total.opened == 1
    assert [g.label for g in built.per_member.groups] == [world.member_b.name]
    beta = client_for("agent_beta").get("/followup/report/", {"start": month, "end": month}).context["report"]
    assert beta.statistics.totals.total.opened == 1
