"""Carers Commissioning settings: one module, configured by environment variables.

With nothing set it runs on the embedded default (SQLite, Celery eager, console e-mail).
DATABASE_URL and REDIS_URL switch to PostgreSQL and to Celery on Redis. DEBUG=false with a
real SECRET_KEY and ALLOWED_HOSTS gives production settings that pass `check --deploy`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
TESTING = env.bool("TESTING", default=False)

# The development key is used only with DEBUG on (bandit B105 and ruff S105 accept it for that reason).
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-for-any-real-deployment"  # noqa: S105  # nosec B105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Carers Commissioning"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    # ours: common first (shared code, no models), then the domain apps
    "common",
    "accounts",
    "carers",
    "commissioning",
    "budgets",
    "brokerage",
    "consultations",
    "reminders",
    "jobs",
    # the benchmark: no models, only its management commands (bench, generate_scale)
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.two_factor.CachedOTPMiddleware",
    "accounts.sessions.SessionActivityMiddleware",
    "common.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks: it reads the lockout flag set during authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Selects written in Python (a thousand-option filter took two thirds of a page through templates).
FORM_RENDERER = "common.forms_renderer.FormRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "common.context_processors.service",
                "accounts.context_processors.navigation",
                "reminders.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Keep connections for a minute, and check them before reuse so that a PostgreSQL restart costs
# one failed health check rather than a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if USING_POSTGRES:
    # No JIT: PostgreSQL compiles any query whose estimated cost passes jit_above_cost, and a page's
    # counts over 100,000 contracts spent 1.07 s of 1.13 s compiling (50 ms without). A web app's
    # queries are short; JIT pays only for long analytical scans.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results --------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "common.cache.database_scoped_key",
            "OPTIONS": {
                # A cache outage must not take pages down: throttling and caching degrade instead.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "common.cache.database_scoped_key",
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis (the embedded default) tasks run in-process as they are queued.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Acknowledge after the task finishes so a killed worker's task is redelivered; tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
# Redis redelivers an unacknowledged task after this long. No task is queued with an ETA or
# countdown longer than this (see jobs.services.MAX_COUNTDOWN), or it would be delivered twice.
# Tasks are queued through jobs.enqueue (the one task path): after commit, and kept in an outbox
# while Redis is down. (The fault tests shorten the timeout to see a killed worker's task redelivered.)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)}
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE: dict = {
    # Every morning at 06:00 London time: scan every due-date source and send reminders.
    "send-reminders": {
        "task": "reminders.send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Every ten minutes: recount each council's carer KPIs into the cache, so no one waits for
    # the full count at a million carers.
    "carers-kpi-cache-warm": {
        "task": "carers.kpi_cache_warm",
        "schedule": crontab(minute="*/10"),
    },
    # Every night at 02:30 London time: delete expired sessions so the table stays small.
    "clear-expired-sessions": {
        "task": "accounts.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every two minutes: queue again the carer imports whose message a Redis restart lost (the
    # import waits in PostgreSQL, queued; see carers.imports.services.carer_import_requeue_stale).
    "carers-import-requeue-stale": {
        "task": "carers.import_requeue_stale",
        "schedule": 120.0,
    },
    # Every minute: send the tasks that were kept in the outbox while Redis was unreachable.
    "flush-task-outbox": {
        "task": "jobs.outbox_flush",
        "schedule": 60.0,
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="carers-commissioning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the signed-in user, permissions and devices cached (accounts/identity_cache.py).
    "accounts.identity_cache.CachedModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# With Redis, sessions are read from the cache and written through to the database (a cache miss
# or outage reads the database), so a request does not query the session table; and who is signed
# in (user, two-factor device, permissions, roles) is kept in one cache entry
# (accounts/identity_cache.py). Without Redis the cache is each process's own memory: a session
# verified with two factors in one gunicorn worker stayed unverified in another worker's copy
# (which then wrote it back, unverified, over the verified one), and a user deactivated in one
# stayed signed in in another. So then both are read from the database, which every process shares.
SHARED_CACHE = bool(REDIS_URL)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if SHARED_CACHE else "django.contrib.sessions.backends.db"
IDENTITY_CACHE = SHARED_CACHE
# Sessions end after 30 minutes without a request: accounts.sessions.SessionActivityMiddleware
# pushes the expiry on, rewriting the session at most once a minute (not on every request).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed-login throttling (django-axes): five failures for one username from one address locks
# that pair out for 15 minutes. Covers the login page, the API token endpoint and the browsable
# API's login, which all go through django.contrib.auth.authenticate().
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout page for pages, the API's JSON error shape for /api/auth/token/.
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_VERBOSE = False
# Two-factor (TOTP) is required for these roles before they reach anything else.
OTP_REQUIRED_ROLES = ["Administrator", "Deployment administrator", "Finance officer"]
OTP_TOTP_ISSUER = SERVICE_NAME
# The embedded default and the test suite may switch the requirement off (never in production).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEBUG)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    # MoJ's images sit beside GOV.UK's, where the compiled stylesheet looks for both.
    ("govuk/assets", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"

# --- Forms and tables -------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
FILTERS_EMPTY_CHOICE_LABEL = "Any"
DJANGO_TABLES2_TEMPLATE = "components/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so that an anonymous request is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.api.permissions.RoleModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "common.filters.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "common.api.renderers.CSVRenderer",
    ],
    # The API reads JSON only: one documented body format, nothing coerced from form fields.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "common.api.throttling.AnonRateThrottle",
        "common.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "user": env.str("API_USER_RATE", default="6000/minute"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Carers Commissioning API",
    "DESCRIPTION": (
        "Carers, contacts, contracts, procurements, budgets, frameworks and packages for councils "
        "and their NHS partners. Authenticate with a session or with `Authorization: Token <key>` "
        "(POST /api/auth/token/). Errors share one shape: {message, errors: {field: [..]}}."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    # The schema and its docs are for signed-in users, like everything but sign-in and health.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Three models have a `kind` field: name each choice set after what it is.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "accounts.choices.OrganisationKind",
        "CarerStatusEnum": "carers.choices.CarerStatus",
        "ReferralKindEnum": "carers.choices.ReferralKind",
        "GrantKindEnum": "carers.grants.choices.GrantKind",
        "CallOffStatusEnum": "brokerage.choices.CallOffStatus",
        "PackageStatusEnum": "brokerage.choices.PackageStatus",
        "RecurrenceEnum": "consultations.choices.Recurrence",
        "ProcurementStageEnum": "commissioning.choices.Stage",
        "TenderBidStatusEnum": "commissioning.choices.BidStatus",
        "RiskStatusEnum": "commissioning.choices.RiskStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.document_empty_filter_values",
    ],
}

# --- Security ---------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy (docker-compose, a load balancer) trust its header.
    if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is polled over plain HTTP by orchestrators inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Benchmark (bench/harness.py sets these for the server it measures; never in production) ---
# BENCH_QUERY_COUNT answers each request's SQL query count in an X-Query-Count header;
# BENCH_PEER also serves the bench's plain-DRF peer list under /bench-peer/.
if env.bool("BENCH_PEER", default=False):
    MIDDLEWARE = ["bench.middleware.PeerUrlconfMiddleware", *MIDDLEWARE]
if env.bool("BENCH_QUERY_COUNT", default=False):
    MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# --- Product settings -------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="carers-demo-2026")

# --- Open data (OCDS, commissioning/ocds.py) ---------------------------------------------------
# Every ocid starts with the publisher's prefix: `ocds-` and six characters, registered with the
# Open Contracting Partnership before publishing (this default is a placeholder for one council).
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-cc0000")
OCDS_PUBLISHER_NAME = env.str("OCDS_PUBLISHER_NAME", default="Carers Commissioning")
OCDS_LICENSE = env.str(
    "OCDS_LICENSE", default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
OCDS_PUBLICATION_POLICY = env.str("OCDS_PUBLICATION_POLICY", default="")
