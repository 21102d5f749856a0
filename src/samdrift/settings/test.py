"""Test settings: fast hashing; the database comes from DATABASE_URL or a SQLite file."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_config

# Without DATABASE_URL the tests use a throwaway SQLite file, not shared-cache memory, so
# threaded tests see real SQLite locking (WAL). NAME is a file too: the live server is
# created before the test database and would otherwise share one in-memory connection
# between threads (pytest-django hands ":memory:" connections to the server thread).
_SQLITE_TEST_FILE = str(Path(tempfile.gettempdir()) / f"samdrift-test-{os.getpid()}.sqlite3")
DATABASES = {"default": database_config(_SQLITE_TEST_FILE)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": _SQLITE_TEST_FILE}

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
