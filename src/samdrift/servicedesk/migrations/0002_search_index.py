"""Full-text search storage: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS servicedesk_ticket_fts "
    "USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS servicedesk_ticket_fts"
PG_UP = "CREATE INDEX IF NOT EXISTS ticket_search_gin ON servicedesk_ticket USING gin (search_vector)"
PG_DOWN = "DROP INDEX IF EXISTS ticket_search_gin"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
