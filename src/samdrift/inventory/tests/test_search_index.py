"""The asset search is served by trigram indexes on PostgreSQL (migration 0002)."""

import pytest
from django.db import connection

from samdrift.inventory.filtersets import AssetFilterSet
from samdrift.inventory.models import Asset

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is a PostgreSQL index")


def test_the_asset_search_uses_the_trigram_indexes(db) -> None:
    search = AssetFilterSet.base_filters["q"].method
    # Without the list's ordering: the question is whether an index matches the filter.
    queryset = search(Asset.objects.all(), "q", "SN-4711").order_by()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test table is nearly empty, so the planner would rightly scan it; forbid the
        # scan to see whether an index matches the search's expression at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for field in ("serial", "asset_type", "model_name", "owner"):
        assert f"asset_{field}_trgm" in plan, plan
