"""The asset list's first page is read in list order from an index, not sorted from every
asset of the collaboration or member; a large import refreshes the planner's statistics
so that the next list is planned for the table's real size (both databases)."""

import pytest
from django.db import connection

from samdrift.inventory import actions
from samdrift.inventory.models import Asset


def _rows(world, count: int) -> list[Asset]:
    return [
        Asset(
            kind="device", asset_type="Bärbar dator", serial=f"SN-{i}", owner=f"Åsa – ”{i}”", department=world.dept_b1
        )
        for i in range(count)
    ]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _analyzed_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # each index's row starts with the table's size
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'inventory_asset' LIMIT 1")
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else 0
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'inventory_asset'")
        return max(0, int(cursor.fetchone()[0]))


def test_a_large_import_refreshes_the_statistics(world, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.do_import_assets(
            acting_user=None, member=world.member_b, assets=_rows(world, actions.ANALYZE_AFTER_ROWS)
        )
    assert len(callbacks) == 1
    assert _analyzed_rows() == actions.ANALYZE_AFTER_ROWS


def test_a_small_import_leaves_the_statistics_to_autovacuum(world, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.do_import_assets(acting_user=None, member=world.member_b, assets=_rows(world, 3))
    assert callbacks == []


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL rightly sorts a few hundred rows; its plan at 100,000 assets is measured in bench/inventory.py",
)
@pytest.mark.parametrize("scope", ["collaboration", "member"])
def test_the_first_page_is_read_in_list_order_from_an_index(world, django_capture_on_commit_callbacks, scope) -> None:
    # Member B's 200 assets are the oldest; 3,000 newer ones belong to another member of the
    # same collaboration (member scope) or of another collaboration (collaboration scope),
    # so that reading the primary key backwards would step over all of them.
    other = world.member_a if scope == "member" else world.member_c
    other_department = world.dept_a1 if scope == "member" else world.dept_c1
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_import_assets(acting_user=None, member=world.member_b, assets=_rows(world, 200))
        newer = _rows(world, 3000)
        for asset in newer:
            asset.department, asset.serial = other_department, f"X-{asset.serial}"
        actions.do_import_assets(acting_user=None, member=other, assets=newer)
    where = {"collaboration": world.member_b.collaboration} if scope == "collaboration" else {"member": world.member_b}
    plan = _plan(Asset.objects.filter(**where)[:50])
    assert "TEMP B-TREE" not in plan, plan  # no sort of every matching asset
    assert f"asset_{'collab' if scope == 'collaboration' else 'member'}_newest" in plan, plan
