"""Production: PostgreSQL through DATABASE_URL, secrets and hosts only from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("SAMDRIFT_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SAMDRIFT_SECRET_KEY must be set to a random string of 50+ characters.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("SAMDRIFT_ALLOWED_HOSTS must list the host names served.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SAMDRIFT_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SAMDRIFT_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("SAMDRIFT_EMAIL_PORT", "25")),
        },
    }
}
