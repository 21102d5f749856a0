"""A member's reader gets its statistics through the member indexes (migration 0006).

An orderer's scope filters the rollup on the member, not on the collaboration, so the
unique index (collaboration, kind, month, …) cannot serve the month range: without
``ticketstat_member_month`` every orderer's statistics scanned the whole rollup.
"""

from __future__ import annotations

import datetime

from django.db import connection

from samdrift.followup import queries
from samdrift.followup.models import StatYear


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test tables are nearly empty, so the planner would rightly scan them;
            # forbid the scan to see whether an index matches the filter at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_an_orderers_statistics_use_the_member_indexes(world) -> None:
    orderer = world.users["orderer_a"]
    cells = queries.scoped_rows(orderer).filter(
        kind="unit", month__gte=datetime.date(2026, 1, 1), month__lte=datetime.date(2026, 12, 1)
    )
    assert "ticketstat_member_month" in plan_of(cells.values("value", "month").order_by())
    years = StatYear.objects.visible_to(orderer).filter(kind="unit", year__lt=2026)
    assert "statyear_member_year" in plan_of(years.values("value").order_by())
