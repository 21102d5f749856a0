"""Carry DRF authtoken keys over as hashed ApiTokens, then drop DRF's table.

``rest_framework.authtoken`` is no longer installed: its table (``authtoken_token``, keys in
clear) is read with plain SQL when it exists, each key becomes an ApiToken holding only its
SHA-256 (so existing scripts keep working, without expiry), and the table is dropped.
A new database has no such table and nothing happens. Not reversible in substance: the
keys cannot be recovered from their hashes, so going back only removes the copies.
"""

import datetime
import hashlib

from django.db import migrations
from django.utils.dateparse import parse_datetime

OLD_TABLE = "authtoken_token"


def hash_old_tokens(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if OLD_TABLE not in connection.introspection.table_names(cursor):
            return
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT {quote('key')}, {quote('user_id')}, {quote('created')} FROM {quote(OLD_TABLE)}")  # noqa: S608
        rows = cursor.fetchall()
    ApiToken = apps.get_model("accounts", "ApiToken")
    for key, user_id, created in rows:
        if isinstance(created, str):
            created = parse_datetime(created)
        if created is not None and created.tzinfo is None:
            created = created.replace(tzinfo=datetime.UTC)
        ApiToken.objects.create(
            user_id=user_id,
            name="API (migrated)",
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            prefix=key[:7],
            created=created,
            expires=None,
        )
    schema_editor.execute(f"DROP TABLE {connection.ops.quote_name(OLD_TABLE)}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


def forget_migrated_tokens(apps, schema_editor):
    apps.get_model("accounts", "ApiToken").objects.filter(name="API (migrated)").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_tokens"),
    ]

    operations = [
        migrations.RunPython(hash_old_tokens, forget_migrated_tokens),
    ]
