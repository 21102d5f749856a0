"""The reports read a year of tickets from indexes made for them (migration 0020), and
the planner has statistics to choose them (``core.planner``).

Each count is one range per member × service of an index that holds every column it
needs; before, a year's report read every ticket row of the collaboration.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.core import planner
from samdrift.servicedesk import queries, slareport
from samdrift.servicedesk.models import Ticket
from samdrift.testing.world import make_ticket

SINCE = datetime.datetime(2026, 1, 1, tzinfo=STOCKHOLM)
UNTIL = datetime.datetime(2027, 1, 1, tzinfo=STOCKHOLM)


def plan_of(queryset) -> str:
    return plan_of_sql(*queryset.query.sql_with_params())


def plan_of_sql(sql: str, params: tuple = ()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


# The plans are SQLite's, whose choice follows the index shapes (and the statistics, when
# there are some). PostgreSQL's planner weighs the row counts: on the test's few rows any
# plan is as good, so its choice there says nothing about 260,000 tickets (bench/pages.py
# and bench/servicedesk.py measure that).
sqlite_plans = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")


@sqlite_plans
def test_the_sla_reports_counts_read_their_indexes(world) -> None:
    make_ticket(world)
    tickets = Ticket.objects.filter(member_id__in=[world.member_a.pk, world.member_b.pk], service_id__in=[1, 2])
    resolved = plan_of(slareport.resolved_counts(tickets, SINCE, UNTIL))
    registered = plan_of(slareport.registered_counts(tickets, SINCE, UNTIL, SINCE))
    assert "ticket_member_service_resolved" in resolved
    assert "ticket_member_service_created" in registered
    # and from the index alone, no table row read
    assert "COVERING INDEX ticket_member_service_resolved" in resolved
    assert "COVERING INDEX ticket_member_service_created" in registered


@sqlite_plans
def test_the_system_rows_read_the_system_slas_tickets_only(world) -> None:
    make_ticket(world)
    tickets = Ticket.objects.filter(member_id__in=[world.member_a.pk, world.member_b.pk])
    assert "ticket_sla_resolved" in plan_of(slareport.system_counts(tickets, SINCE, UNTIL, [1, 2]))


@sqlite_plans
def test_the_major_incident_banner_reads_the_open_ones_by_their_index(world) -> None:
    """The few open major incidents first, from their index alone, then each by its key:
    even for an orderer, whose visibility is an OR that otherwise led the plan through
    every ticket of the member."""
    make_ticket(world)
    major = make_ticket(world)
    Ticket.objects.filter(pk=major.pk).update(major_incident=True)
    for user in (world.agent_alpha, world.orderer_a, world.requester_a1):
        with CaptureQueriesContext(connection) as seen:
            banner = queries.major_incidents(user)
        assert "INDEX ticket_major_open" in plan_of_sql(seen.captured_queries[0]["sql"])
        plan = plan_of(banner)
        assert "INTEGER PRIMARY KEY" in plan and "MULTI-INDEX OR" not in plan, plan
        assert list(banner) == [major]  # requester_a1 is its requester


def test_the_planner_statistics_are_refreshed_on_sqlite(world) -> None:
    make_ticket(world)
    refreshed = planner.refresh()
    if connection.vendor != "sqlite":
        assert refreshed is False  # autovacuum keeps PostgreSQL's statistics
        return
    assert refreshed is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [Ticket._meta.db_table])
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"ticket_member_service_resolved", "ticket_member_service_created"} <= analysed
