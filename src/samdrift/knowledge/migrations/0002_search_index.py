"""Full-text search storage of articles: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_article_fts "
    "USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS knowledge_article_fts"
PG_UP = "CREATE INDEX IF NOT EXISTS article_search_gin ON knowledge_article USING gin (search_vector)"
PG_DOWN = "DROP INDEX IF EXISTS article_search_gin"


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
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
