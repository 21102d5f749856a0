"""Database settings come from DATABASE_URL; PostgreSQL gets prepared statements."""

from typing import Any

from samdrift.settings.base import database_config


def test_postgres_url_keeps_its_options_and_gets_prepared_statements(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db:5432/samdrift?sslmode=require")
    monkeypatch.delenv("SAMDRIFT_DB_PREPARED", raising=False)
    config = database_config("/unused.sqlite3")
    assert config["NAME"] == "samdrift" and config["CONN_MAX_AGE"] == 60
    assert config["OPTIONS"] == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 2}


def test_prepared_statements_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db:5432/samdrift")
    monkeypatch.setenv("SAMDRIFT_DB_PREPARED", "0")
    options: Any = database_config("/unused.sqlite3").get("OPTIONS", {})
    assert "server_side_binding" not in options


def test_without_url_the_embedded_sqlite_file_in_wal_mode(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_config(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]  # type: ignore[index]
