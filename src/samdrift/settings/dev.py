"""Local development and the demo: SQLite, DEBUG off by default so error pages are real."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR

SECRET_KEY = os.environ.get("SAMDRIFT_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = os.environ.get("SAMDRIFT_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DATA_DIR.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]  # static files come from the finders
