"""TermiKnowledge settings: one module, read from the environment.

Every value has a safe default for development; production sets DJANGO_DEBUG=0 and must then
provide DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see README, "Deploying"). Tests add their own
changes in tests/conftest.py.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core ---

DEBUG = env_bool("DJANGO_DEBUG", "1")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

ROOT_URLCONF = "termiknowledge.urls"
WSGI_APPLICATION = "termiknowledge.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = False  # English only: translation machinery costs a tenth of a page
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}


# --- Apps, middleware and templates ---

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "simple_history",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    # Ours, from the project down to the shared bottom app (README, "What is where").
    "termiknowledge",
    "leads",
    "courses",
    "glossary",
    "pagecache",
    "base",
]

MIDDLEWARE = [
    "pagecache.middleware.PageCacheMiddleware",  # first: a stored page keeps every header
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "leads.middleware.remember_utm_parameters",
]

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
                "base.context_processors.site",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL names another database (PostgreSQL, or SQLite too).
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
SQLITE_ENGINE = "django.db.backends.sqlite3"
# WAL, a busy timeout and immediate transactions, so that concurrent writers queue instead of
# failing with "database is locked". Every SQLite database gets them, however it is named.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def complete_sqlite(database):
    """An SQLite entry of DATABASES with the options above (they win over any from the URL)."""
    if database["ENGINE"] != SQLITE_ENGINE:
        return database
    database["OPTIONS"] = {**database.get("OPTIONS", {}), **SQLITE_OPTIONS}
    # Production keeps each worker's connection: no re-opening and PRAGMAs, a warm page cache.
    database["CONN_MAX_AGE"] = 0 if DEBUG else None
    database["CONN_HEALTH_CHECKS"] = False
    return database


# No parallel workers for a web request's queries: each reads a few thousand rows at most, and
# starting the workers took 15-20 ms of a 20 ms search at 100,000 terms (a URL's own
# `?options=` wins).
POSTGRES_OPTIONS = {"options": "-c max_parallel_workers_per_gather=0"}


def complete_postgres(database):
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["OPTIONS"] = {**POSTGRES_OPTIONS, **database.get("OPTIONS", {})}
    return database


if os.environ.get("DATABASE_URL"):
    _database = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True)
else:
    _database = {"ENGINE": SQLITE_ENGINE, "NAME": SQLITE_PATH}
DATABASES = {"default": complete_postgres(complete_sqlite(_database))}
USES_SQLITE = DATABASES["default"]["ENGINE"] == SQLITE_ENGINE


# --- Cache ---

# Local memory (one cache per worker process) by default; Redis, shared by every worker and
# machine, when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "termiknowledge",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
CACHE_IS_PER_PROCESS = CACHES["default"]["BACKEND"].endswith("LocMemCache")


# --- Static files and media ---

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic writes here
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded media on S3-compatible storage (django-storages) when a bucket is named; the
# credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the role.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# --- Security ---

# HTTPS: on by default in production. DJANGO_BEHIND_TLS_PROXY=1 trusts the proxy's
# X-Forwarded-Proto header (only set it when the proxy always overwrites that header).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", "0" if DEBUG else "1")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): our own scripts and styles only; an inline script
# needs {{ request.csp_nonce }}. YouTube posters and the nocookie player are the exceptions.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https://i.ytimg.com"],
        "frame-src": ["https://www.youtube-nocookie.com"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin log-in rate limit (django-axes): 5 failures for one username from one address lock
# that pair out for 15 minutes. Behind N reverse proxies set DJANGO_PROXY_COUNT=N so the
# client address is read from X-Forwarded-For; otherwise REMOTE_ADDR is used. The quote form's
# rate limit reads the address the same way (leads.views.client_ip).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "lockout.html"
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
# ipware counts the proxies listed in X-Forwarded-For; the nearest proxy is not listed there (it
# is REMOTE_ADDR), so one nginx means a list of just the client. A list longer than expected
# (a visitor adding their own header) is not trusted: REMOTE_ADDR is used instead.
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)


# --- Email ---

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TermiKnowledge <quotes@localhost>")


# --- Libraries ---

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with any bad row saves nothing
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True


# --- Glossary ---

TERMS_PER_PAGE = 100
# An admin import runs inside one request, which must end before the server's worker timeout
# (30 s, about 4,000 rows); longer files go through `manage.py import_terms`.
GLOSSARY_ADMIN_IMPORT_MAX_ROWS = int(os.environ.get("GLOSSARY_ADMIN_IMPORT_MAX_ROWS", 3000))
# Uploaded import files wait here for the editor's confirmation (glossary/import_uploads.py).
GLOSSARY_IMPORT_UPLOAD_DIR = os.environ.get("GLOSSARY_IMPORT_UPLOAD_DIR") or str(
    Path(tempfile.gettempdir()) / "termiknowledge-imports"
)


# --- CIOP program ---

# One notice that the faculty and videos are invented samples, on the pages that show them (the
# program, faculty and video pages and the sidebar beside each term). On in development and
# the demo; set DEMO_CONTENT_NOTICE=0 once real faculty and videos are entered.
DEMO_CONTENT_NOTICE = env_bool("DEMO_CONTENT_NOTICE", "1" if DEBUG else "0")


# --- Leads: quote requests, their emails and spam rules (README, "Quote requests") ---

LEADS_NOTIFY_EMAILS = env_list("LEADS_NOTIFY_EMAILS", "sales@localhost")
LEADS_RETENTION_DAYS = 730  # the privacy notice promises this; run purge_leads --older-than 730
LEADS_CONTACT_EMAIL = os.environ.get("LEADS_CONTACT_EMAIL", "sales@localhost")
LEADS_MIN_FILL_SECONDS = 3  # a form sent sooner after it was shown is treated as a robot
LEADS_MAX_FORM_AGE_SECONDS = 60 * 60  # an older form's stamp is refused (the visitor gets a fresh one)
LEADS_RATE_LIMIT = (5, 10 * 60)  # at most 5 saved requests per IP address in 10 minutes
LEADS_REJECTED_RATE_LIMIT = (30, 10 * 60)  # at most 30 rejected posts (typos, spam rules) in 10 minutes
LEADS_DUPLICATE_MINUTES = 60  # the same email within this window is linked to the earlier lead
LEADS_MARKETING_CONFIRM_DAYS = 30  # unconfirmed marketing consent lapses after this (purge_leads)
# Outbound webhook to the CRM: off unless an address is set; each body is signed with the secret.
LEADS_WEBHOOK_URL = os.environ.get("LEADS_WEBHOOK_URL", "")
LEADS_WEBHOOK_SECRET = os.environ.get("LEADS_WEBHOOK_SECRET", "")
LEADS_WEBHOOK_TIMEOUT = 10  # seconds to wait for the CRM's answer
LEADS_WEBHOOK_RETRY_SECONDS = 30  # first pause after a failure; doubled each time, at most an hour
LEADS_WEBHOOK_MAX_ATTEMPTS = 10  # then the delivery is marked failed; resend_webhooks tries again

# --- Readers' suggestions: the same spam rules as the quote form (README, "Editorial workflow") ---

SUGGESTIONS_MIN_FILL_SECONDS = 3
SUGGESTIONS_MAX_FORM_AGE_SECONDS = 60 * 60
SUGGESTIONS_RATE_LIMIT = (5, 10 * 60)  # at most 5 saved suggestions per IP address in 10 minutes
SUGGESTIONS_REJECTED_RATE_LIMIT = (30, 10 * 60)


# --- Page cache (README, "Performance") ---

# Whole pages for anonymous visitors, served before sessions and views run, and replaced at once
# whenever a watched model is saved or deleted.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))  # 0 turns the cache off
# Browsers ask again every time (ETag: a 304 costs nothing); a shared proxy (deploy/nginx.conf)
# keeps a page ten seconds, serving the old copy while one request fetches the new.
PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=10"
# A stored page expires when the site changes on its own: a scheduled term goes live, a new day.
PAGE_CACHE_NEXT_CHANGE = "glossary.scheduling.next_content_change"
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/ciop/quote/", "/suggest/", "/healthz", STATIC_URL, MEDIA_URL]
PAGE_CACHE_EXCLUDED_URL_NAMES = []  # the quote pages are excluded by path above
PAGE_CACHE_BYPASS_COOKIES = ["messages"]  # and the session cookie
PAGE_CACHE_WATCHED_MODELS = [
    "glossary.Term",
    "glossary.TermLabel",
    "glossary.TermSense",
    "glossary.TermSource",
    "glossary.Topic",
    "glossary.FormerSlug",
    "courses.Programme",
    "courses.Module",
    "courses.FacultyMember",
    "courses.Video",
    "courses.VideoSeries",
    "courses.DiscountTier",
    "courses.FAQ",
    "courses.Intake",
    "courses.Testimonial",
]
# Background tasks: django-tasks (Django 6's tasks API for 5.2) with its database backend, run by
# `manage.py db_worker` (README, "Background tasks"). TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs each task inside the request that queues it.
TASKS = {
    "default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}
# The admin's background import reads files of up to this many rows; the in-request import with
# its row-by-row preview keeps GLOSSARY_ADMIN_IMPORT_MAX_ROWS.
GLOSSARY_BACKGROUND_IMPORT_MAX_ROWS = int(os.environ.get("GLOSSARY_BACKGROUND_IMPORT_MAX_ROWS", 50_000))
