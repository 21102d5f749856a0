"""Trigram indexes for the asset search (PostgreSQL only).

The asset list's search matches text anywhere in serial, type, model and owner
(``icontains``, which Django writes as ``UPPER(col::text) LIKE UPPER('%…%')``). A B-tree
cannot serve a leading wildcard; a pg_trgm GIN index on the same expression can, so a
serial search at 100,000 assets reads a few index pages instead of every row. SQLite has
no such index and answers from a scan, which is fast enough at its scale; there the
migration does nothing.
"""

from django.db import migrations

FIELDS = ("serial", "asset_type", "model_name", "owner")


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "asset_{field}_trgm" ON "inventory_asset" '
            f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "asset_{field}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
