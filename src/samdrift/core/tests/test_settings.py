"""Database settings come from DATABASE_URL; PostgreSQL gets prepared statements, each
planned for its actual values."""

from typing import Any

import pytest
from django.db import connection

from samdrift.settings.base import database_config


def test_postgres_url_keeps_its_options_and_gets_prepared_statements(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db:5432/samdrift?sslmode=require")
    monkeypatch.delenv("SAMDRIFT_DB_PREPARED", raising=False)
    config = database_config("/unused.sqlite3")
    assert config["NAME"] == "samdrift" and config["CONN_MAX_AGE"] == 60
    assert config["OPTIONS"] == {
        "sslmode": "require",
        "server_side_binding": True,
        "prepare_threshold": 2,
        "options": "-c plan_cache_mode=force_custom_plan",
    }


def test_startup_options_of_the_url_are_kept(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db:5432/samdrift?options=-c%20statement_timeout%3D5000")
    monkeypatch.delenv("SAMDRIFT_DB_PREPARED", raising=False)
    options: Any = database_config("/unused.sqlite3")["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_the_postgres_session_plans_every_prepared_statement_for_its_values(db) -> None:
    # A generic plan cannot see a search pattern; the asset and ticket searches need the real one.
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


def test_prepared_statements_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db:5432/samdrift")
    monkeypatch.setenv("SAMDRIFT_DB_PREPARED", "0")
    options: Any = database_config("/unused.sqlite3").get("OPTIONS", {})
    assert "server_side_binding" not in options and "options" not in options


def test_without_url_the_embedded_sqlite_file_in_wal_mode(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_config(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]  # type: ignore[index]
