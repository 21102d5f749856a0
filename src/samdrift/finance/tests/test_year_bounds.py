"""A year's ticket counts follow Swedish midnights and never cast every row's timestamp (#13).

The member statement, the follow-up's cost per inhabitant and the ticket key of a run all count
a member's tickets per calendar year. A ticket from 00:30 on New Year's Day in Stockholm is
23:30 UTC the day before: it belongs to the new year. The count compares timestamps with the
year's local midnights, which an index can use; casting each row to a date made the pages take
seconds at 200,000 tickets on SQLite, where the cast is a Python call per row.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samdrift.finance import queries, statements
from samdrift.finance.choices import KeyType
from samdrift.servicedesk.models import Ticket
from samdrift.testing.world import make_ticket

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _ticket_at(world, moment: datetime.datetime) -> None:
    ticket = make_ticket(world)
    Ticket.objects.filter(pk=ticket.pk).update(created=moment)


def test_tickets_count_in_the_local_year_without_a_date_cast(world) -> None:
    _ticket_at(world, datetime.datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM))  # 2025-12-31 23:30 UTC
    _ticket_at(world, datetime.datetime(2026, 12, 31, 23, 30, tzinfo=STOCKHOLM))
    _ticket_at(world, datetime.datetime(2025, 12, 31, 23, 59, tzinfo=STOCKHOLM))
    _ticket_at(world, datetime.datetime(2027, 1, 1, 0, 0, tzinfo=STOCKHOLM))
    members = [world.member_a]

    with CaptureQueriesContext(connection) as captured:
        figures = statements.key_figures(members, 2026, None)
        values = queries.key_values(world.alpha.pk, 2026, members, {KeyType.TICKETS})

    assert figures[world.member_a.pk].tickets == 2
    assert values[KeyType.TICKETS][world.member_a.pk] == 2
    assert statements.key_figures(members, 2025, None)[world.member_a.pk].tickets == 1
    ticket_sql = [q["sql"] for q in captured.captured_queries if "servicedesk_ticket" in q["sql"]]
    assert ticket_sql
    for sql in ticket_sql:
        assert "cast_date" not in sql and "AT TIME ZONE" not in sql, sql  # SQLite, PostgreSQL
