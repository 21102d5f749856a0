"""Settings shared by every environment. Secrets and hosts come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded SQLite database and uploaded files live.
DATA_DIR = Path(os.environ.get("SAMDRIFT_DATA_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("SAMDRIFT_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("SAMDRIFT_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "post_office",
    "django_tasks_db",
    "axes",
    "samdrift.core",
    "samdrift.tenancy",
    "samdrift.accounts",
    "samdrift.catalog",
    "samdrift.inventory",
    "samdrift.servicedesk",
    "samdrift.knowledge",
    "samdrift.mailin",
    "samdrift.finance",
    "samdrift.agreements",
    "samdrift.followup",
    "samdrift.governance",
    "samdrift.initiatives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samdrift.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into our own 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samdrift.urls"
# The public address, for links in e-mail.
SAMDRIFT_BASE_URL = os.environ.get("SAMDRIFT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail is queued in the database with the change that causes it (django-post-office);
# `samdrift worker` sends it and retries it while the mail server fails.
POST_OFFICE = {
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": 8,
    "RETRY_INTERVAL": datetime.timedelta(minutes=5),
    "LOG_LEVEL": 1,  # log failures only
    "THREADS_PER_PROCESS": 1,
}
# Background work runs on Django's task framework with the database backend: any number of
# `samdrift worker` processes, on any number of hosts, share the queue (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic tasks, enqueued by the scheduler that every worker runs: (task, seconds between runs).
SAMDRIFT_PERIODIC_TASKS = [
    ("samdrift.core.tasks.send_queued_mail", 5),
    # Calendar changes enqueue a recompute at once; this resumes runs whose worker died.
    ("samdrift.servicedesk.tasks.recompute_sla", 30),
    ("samdrift.servicedesk.tasks.watch_sla", 60),
    ("samdrift.servicedesk.tasks.close_resolved_tickets", 3600),
    ("samdrift.followup.tasks.refresh_statistics", 10),
    ("samdrift.followup.tasks.remind_surveys", 3600),
    ("samdrift.agreements.tasks.notify_contract_notices", 3600),
    ("samdrift.core.tasks.prune_task_results", 86400),
    ("samdrift.core.tasks.refresh_planner_statistics", 86400),
    ("samdrift.mailin.tasks.fetch_mail", 60),
]
# A worker not seen for this long is lost; the tasks it ran are marked failed.
SAMDRIFT_WORKER_LOST_AFTER = int(os.environ.get("SAMDRIFT_WORKER_LOST_AFTER", "60"))
DEFAULT_FROM_EMAIL = os.environ.get("SAMDRIFT_FROM_EMAIL", "servicedesk@localhost")
# Inbound mail (docs/mailin.md): a CA bundle for the IMAP servers' certificates (empty: the
# system's trust store).
SAMDRIFT_MAILIN_CA_FILE = os.environ.get("SAMDRIFT_MAILIN_CA_FILE", "")
# Fernet keys for stored secrets (IMAP passwords, identity-provider client secrets),
# comma-separated, newest first (samdrift.core.secrets; docs/security.md for rotation).
SAMDRIFT_ENCRYPTION_KEYS = [k for k in os.environ.get("SAMDRIFT_ENCRYPTION_KEYS", "").split(",") if k.strip()]
# Uploads above this go to a temporary file, not memory; attachment limits are per desk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WSGI_APPLICATION = "samdrift.wsgi.application"
# Django's form templates, with selects rendered in Python (samdrift/core/renderers.py).
FORM_RENDERER = "samdrift.core.renderers.SamdriftFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samdrift.core.context_processors.navigation",
                "samdrift.servicedesk.context_processors.notifications",
            ],
        },
    },
]


def database_config(default_sqlite: Path | str) -> dict[str, object]:
    """DATABASE_URL wins; otherwise the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # One writer at a time, taken at BEGIN: no "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # Server-side binding lets psycopg prepare the statements a connection runs again
        # and again: less parsing. Set SAMDRIFT_DB_PREPARED=0 behind a pooler in transaction
        # mode (e.g. PgBouncer < 1.21), which cannot keep prepared statements.
        # A prepared statement is still planned for its actual values every time
        # (plan_cache_mode): after five runs PostgreSQL would otherwise switch to one
        # generic plan, which cannot see a search pattern: the asset search then read every
        # asset of the collaboration instead of using its trigram indexes.
        if os.environ.get("SAMDRIFT_DB_PREPARED", "1") != "0":
            parsed = config.get("OPTIONS")
            options: dict[str, object] = dict(parsed) if isinstance(parsed, dict) else {}  # e.g. sslmode
            startup = f"{options.get('options', '')} -c plan_cache_mode=force_custom_plan".strip()
            options.update(server_side_binding=True, prepare_threshold=2, options=startup)
            config["OPTIONS"] = options
    return config


DATABASES = {"default": database_config(DATA_DIR / "samdrift.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked username + address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on (docs/sso.md): with "restricted", only administrators and people of
# members without an active identity provider sign in with a Samdrift password.
SAMDRIFT_LOCAL_LOGIN = os.environ.get("SAMDRIFT_LOCAL_LOGIN", "all")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a bad or missing token answers 401 with WWW-Authenticate.
        "samdrift.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["samdrift.core.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "samdrift.core.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "samdrift.core.api.schema.SamdriftAutoSchema",
    "EXCEPTION_HANDLER": "samdrift.core.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samdrift API",
    "DESCRIPTION": (
        "Samdrift REST API v1. Every list and object is scoped to what the authenticated "
        "user may see: objects outside the user's scope answer 404. Updates need the "
        "object's current version in an If-Match header (or a `version` field); a stale "
        "version answers 412."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tickets and disruptions both have an "impact"; name the two enums apart.
    "ENUM_NAME_OVERRIDES": {
        "TicketImpactEnum": "samdrift.servicedesk.choices.Impact",
        "DisruptionImpactEnum": "samdrift.catalog.choices.DisruptionImpact",
        "LegalFormEnum": "samdrift.tenancy.choices.LegalForm",
        "StatusEnum": "samdrift.servicedesk.choices.Status",
        "CooperationFormEnum": "samdrift.initiatives.choices.CooperationForm",
        "ComplexityLevelEnum": "samdrift.initiatives.choices.Level",
        "ProjectStatusEnum": "samdrift.initiatives.choices.ReportStatus",
        "SnapshotKindEnum": "samdrift.governance.choices.SnapshotKind",
    },
    # Swagger UI is served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Login throttling (django-axes, see docs/security.md): after this many failed logins in a
# row for one username from one address, that pair is refused for the cool-off time, or
# until an administrator unlocks it. The login form and /api/v1/auth/token/ count alike.
AXES_FAILURE_LIMIT = int(os.environ.get("SAMDRIFT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("SAMDRIFT_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts while locked neither count nor extend the lock: it ends at the cool-off time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "samdrift.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The address a lock is for: REMOTE_ADDR, or behind SAMDRIFT_PROXY_COUNT reverse proxies
# that each append to X-Forwarded-For, the address the outermost proxy saw.
SAMDRIFT_PROXY_COUNT = int(os.environ.get("SAMDRIFT_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "samdrift.accounts.lockout.client_ip"

# API tokens (samdrift.accounts.tokens): the expiry a new token gets unless its owner picks
# another, and how often a token's "last used" time is written at most (seconds).
SAMDRIFT_API_TOKEN_DEFAULT_DAYS = int(os.environ.get("SAMDRIFT_API_TOKEN_DEFAULT_DAYS", "90"))
SAMDRIFT_API_TOKEN_USE_INTERVAL = 60
# The OpenAPI schema (/api/schema/) and its docs (/api/docs/) for anyone, or (default)
# only for signed-in users and token holders.
SAMDRIFT_PUBLIC_API_SCHEMA = os.environ.get("SAMDRIFT_PUBLIC_API_SCHEMA", "0") == "1"

# Content-Security-Policy (Django's own middleware): scripts, styles, fonts and images
# only from our own origin; no inline script or style, no framing, no plugins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # post-office reports every empty send at INFO; failures still come through.
    "loggers": {"post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
