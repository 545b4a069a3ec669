"""The one settings module. Everything that differs between machines comes from the environment.

- ``DJANGO_ENV``: "development" (default: debug on, a development secret key)
  or "production" (debug off; ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``
  required, and their absence fails loudly with a hint).
- ``DJANGO_DEBUG``: overrides debug ("0"/"1"); never on in production.
- ``DATABASE_URL``: ``postgres://user:pass@host:port/name``; SQLite file ``db.sqlite3`` when unset.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated; defaults to localhost names.
- ``CACHE_URL``: ``redis://host:6379/0`` for a shared cache (required in production with
  more than one worker); local memory when unset.
- ``DJANGO_SECURE_SSL_REDIRECT`` (production, default "1"): redirect http to https;
  set "0" only behind a proxy that already does.
- ``DJANGO_SECURE_PROXY_SSL_HEADER`` (production, optional): "1" to trust
  ``X-Forwarded-Proto`` from the load balancer.
- ``DJANGO_LOG_LEVEL``: level of the request log (default INFO).
- ``DJANGO_ADMIN_URL``: the admin's URL prefix (default ``admin/``).
- ``DJANGO_LOGIN_FAILURE_LIMIT`` / ``DJANGO_LOGIN_COOLOFF_MINUTES``: admin logins are
  locked per account and per address after that many failures, for that long (10, 30).
- ``DJANGO_NUM_PROXIES``: how many proxies (load balancers) stand before the app; the
  client address for throttles and lockouts is the one the outermost of them saw (default 0).
- ``DATABASE_CONNECT_TIMEOUT`` (seconds, default 2), ``DATABASE_STATEMENT_TIMEOUT_MS``
  (default 5000), ``DATABASE_CONN_MAX_AGE`` (default 60): PostgreSQL fails fast.
- ``HEALTHZ_TIMEOUT``: seconds ``/healthz`` waits for the database before a 503 (default 1.5).
- ``SOURCES_DIR``: the source documents and their ``manifest.toml`` (default ``fixtures/sources``);
  ``FIXTURES_DIR``: where the fixtures generated from them go (default ``fixtures``). A deployment
  that adds documents keeps both on persistent storage (docs/deployment.md).
"""

import datetime as dt
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str) -> dict:
    """A Django DATABASES entry from ``DATABASE_URL`` (postgres or sqlite), parsed by django-environ.

    PostgreSQL connections fail fast: a server that accepts TCP and never
    answers costs ``DATABASE_CONNECT_TIMEOUT`` seconds (libpq's minimum is 2),
    a statement that runs away is cancelled after ``DATABASE_STATEMENT_TIMEOUT_MS``.
    """
    try:
        database = environ.Env.db_url_config(url)
    except (ImproperlyConfigured, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not usable ({error}): use postgres://user@host:5432/name or sqlite:///path"
        ) from None
    if database["ENGINE"] == "django.db.backends.postgresql":
        database |= {
            "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")),
                "options": f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT_MS', '5000'))}",
            },
        }
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = SQLITE_OPTIONS
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL engine {database['ENGINE']!r} is not supported: use postgres or sqlite"
        )
    return database


# /healthz answers 503 when the database has not answered within this many seconds.
HEALTHZ_TIMEOUT = float(os.environ.get("HEALTHZ_TIMEOUT", "1.5"))

# SQLite: readers never fail while a load writes (WAL lets them read the last commit), and a
# writer waits for another instead of answering "database is locked" at once.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def required_env(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production. {hint}")
    return value


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = False if PRODUCTION else env_bool("DJANGO_DEBUG", default=True)

if PRODUCTION:
    SECRET_KEY = required_env(
        "DJANGO_SECRET_KEY",
        "Use a long random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'",
    )
    ALLOWED_HOSTS = required_env(
        "DJANGO_ALLOWED_HOSTS", "A comma-separated list of the host names this site answers to."
    ).split(",")
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "development-only-key-never-used-in-production"
    ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
ALLOWED_HOSTS = [host.strip() for host in ALLOWED_HOSTS if host.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "sources",
    "guidance",
    "policies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "web.middleware.RequestLogMiddleware",
    "apicore.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuses logins from an address or to an account that failed too often (django-axes).
    "axes.middleware.AxesMiddleware",
    # Innermost, so everything above (security headers, CSP, logging) runs on cached answers too.
    "web.middleware.AnonymousCacheMiddleware",
]

if PRODUCTION:
    # Static files straight from the app servers (hashed names, far-future caching);
    # development uses runserver's own static serving instead.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3", "OPTIONS": SQLITE_OPTIONS}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin is where an editor changes what clinicians read: defend it (ADR 0011).
# Its URL prefix is configurable, so a deployment can move it off the well-known path.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locked after this many failures, per account and, separately, per address; state in the
# database, so every worker and host counts the same attempts.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address behind the load balancer: the Nth address from the right of
# X-Forwarded-For, N = DJANGO_NUM_PROXIES (0: no proxy, REMOTE_ADDR is the client).
NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if NUM_PROXIES else ["REMOTE_ADDR"]
)

# An editor's session lasts a working day and ends with the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# "Today" for stages and review dates is the UK's today.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves hashed, compressed files with far-future cache headers (whitenoise).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def cache_from_url(url: str) -> dict:
    """A Django CACHES entry from ``CACHE_URL`` (redis://, rediss://, locmemcache://), parsed by django-environ."""
    try:
        cache = environ.Env.cache_url_config(url)
    except (ImproperlyConfigured, KeyError) as error:
        raise ImproperlyConfigured(f"CACHE_URL is not usable ({error}): use redis://host:6379/0") from None
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        cache["KEY_PREFIX"] = "ipg"
    return cache


CACHES = {
    "default": cache_from_url(os.environ["CACHE_URL"])
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ipg"}
}

# Where the source documents with their manifest, and the fixtures generated from them, live.
# A deployment that adds documents (add_source, the admin) points both at persistent storage,
# so what it added outlives a release (docs/deployment.md).
SOURCES_DIR = Path(os.environ.get("SOURCES_DIR") or BASE_DIR / "fixtures" / "sources")
FIXTURES_DIR = Path(os.environ.get("FIXTURES_DIR") or BASE_DIR / "fixtures")
# Derived, kept for readers of the setting; code joins SOURCES_DIR / "manifest.toml" itself,
# so overriding SOURCES_DIR alone (a test, a deployment) moves the manifest with it.
SOURCES_MANIFEST = SOURCES_DIR / "manifest.toml"

# API request bodies: the evaluate POST is the only one, a few hundred facts at most.
API_MAX_BODY_BYTES = 64 * 1024
API_MAX_FACTS = 500
API_MAX_JSON_DEPTH = 20

REST_FRAMEWORK = {
    # Anonymous users read; nothing anonymous can write. API views authenticate nobody
    # (apicore.views.ApiView); the evaluate POST is the one unsafe method they allow.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Every error an RFC 9457 problem document, application/problem+json (ADR 0015).
    "EXCEPTION_HANDLER": "apicore.errors.exception_handler",
    # JSON only, bounded in size and depth (apicore.parsers).
    "DEFAULT_PARSER_CLASSES": ["apicore.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "apicore.pagination.Pagination",
    "PAGE_SIZE": 20,
    # Rates for the throttles views opt into (apicore.throttling.EvaluateAnonThrottle: per client address).
    "DEFAULT_THROTTLE_RATES": {"evaluate_anon": "60/minute"},
    # Throttles key on the client address: REMOTE_ADDR, or behind NUM_PROXIES proxies the
    # address they saw, so rotating X-Forwarded-For buys a client nothing.
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NICE IP guidance and commissioning policy API",
    "DESCRIPTION": "Read-only access to NICE interventional procedures guidance and ICB commissioning criteria, "
    "with eligibility checks. Every fact carries its source document and line.\n\n"
    "Records are named by slug or filename, never by database id. Lists are paged (`count`, `next`, "
    "`previous`, `results`). Every GET answers with `ETag` and `Last-Modified` and honours `If-None-Match` / "
    "`If-Modified-Since` (304). Errors share one body: "
    '`{"error": {"status", "code", "message", "fields"}}`; unknown or invalid parameters are a 400 naming them. '
    "Anonymous evaluate calls are limited to 60 a minute per address (429 with `Retry-After`). "
    "Versioning: additive changes only within v1; breaking changes go to /api/v2/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Interactive docs from local static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {"name": "procedures", "description": "NICE interventional procedures: levels, duties, provenance."},
        {"name": "recommendations", "description": "Every numbered recommendation."},
        {
            "name": "duties",
            "description": "What special arrangements oblige clinicians and organisations to do.",
        },
        {"name": "dates", "description": "Consultations and key dates, at their printed precision."},
        {"name": "policies", "description": "ICB commissioning criteria: trees, evaluation, FHIR."},
        {"name": "changes", "description": "What each load of the data added, changed or removed."},
    ],
    # Named enums: the same choices used in several places make one component each.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "guidance.models.Level",
        "AudienceEnum": "guidance.models.Audience",
        "DutyKindEnum": "guidance.models.DutyKind",
        "EventKindEnum": "guidance.models.EventKind",
        "DocumentKindEnum": "sources.models.DocumentKind",
        "PrecisionEnum": "sources.models.Precision",
        "NodeKindEnum": "policies.models.NodeKind",
        "EvaluationResultEnum": "policies.api.serializers.RESULTS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apicore.schema.refuse_unknown_request_fields",
    ],
}

# A strict Content-Security-Policy: no inline script anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

if PRODUCTION:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The health check answers load balancers over plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One JSON object per request on stdout (web.middleware.RequestLogMiddleware).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "ipg.requests": {
            "handlers": ["stdout"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django": {"handlers": ["stdout"], "level": "WARNING"},
    },
}
