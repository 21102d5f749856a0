"""Keeping the database planner's statistics current.

PostgreSQL's autovacuum refreshes its statistics as tables grow; SQLite has none until
``ANALYZE`` is run, and without them its planner guesses from the index shapes alone. On
a large desk those guesses are expensive: a year's SLA report read every ticket of the
collaboration through ``(collaboration, created)`` instead of one range per member and
service of the index made for it. So the statistics are refreshed after a bulk load (the
demo) and by a daily task (``samdrift.core.tasks.refresh_planner_statistics``).

The whole database is analysed (no ``analysis_limit``): on the full demo (260,000
tickets, 430 MB) that takes under a second, and a sampled analysis left the planner
reading every time entry of every ticket of a member for a year's hours.
"""

from __future__ import annotations

from django.db import connection


def refresh() -> bool:
    """Refresh the statistics (SQLite: ``ANALYZE``). Returns whether anything was done: on
    PostgreSQL autovacuum already does it."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
