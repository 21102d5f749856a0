"""Test settings: fast hashing; the database comes from DATABASE_URL or a SQLite file."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_config

# Without DATABASE_URL the tests use an in-memory SQLite database: nothing on disk.
DATABASES = {"default": database_config(":memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory, so threaded tests see real SQLite locking (WAL).
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"samdrift-test-{os.getpid()}.sqlite3")}

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
