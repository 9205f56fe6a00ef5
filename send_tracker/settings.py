"""Settings for SEND Tracker, read from the environment.

DATABASE_URL  selects the database (default: a SQLite file in the project).
SECRET_KEY    required whenever DEBUG is off; the app refuses to start without a real one.
DEBUG         "1"/"true" turns on debug mode (development only).
ALLOWED_HOSTS comma-separated host names (default: localhost names when DEBUG is on).
DEVTOOLS      "1" installs the development tools (benchmarks, scale data) with DEBUG off.
SITE_URL      the public address, for links in emails and feeds; required when DEBUG is off.
REDIS_URL     a Redis for the cache shared by every process (default: a database table).
EMAIL_HOST, GOVUK_NOTIFY_API_KEY  send mail by SMTP or GOV.UK Notify (default: the log).
MEDIA_ROOT    the folder files are stored in (default: media/ in the project).
The README's Configuration table lists every variable.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from send_tracker.env import (
    env_flag,
    env_int,
    env_list,
    env_secret,
    env_str,
    env_uuid,
    redis_url,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_flag("DEBUG")

SECRET_KEY = env_secret("SECRET_KEY")
_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-in-production-send-tracker"  # noqa: S105
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set a long random SECRET_KEY in the environment "
            "(or DEBUG=1 for local development only)."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The installation's public address, for links that leave a request (emails, calendar
# feeds), where there is no request to build an absolute URL from: SITE_URL + path.
SITE_URL = env_str("SITE_URL")
if SITE_URL:
    SITE_URL = site_url("SITE_URL", SITE_URL)
elif DEBUG:
    SITE_URL = "http://127.0.0.1:8000"
else:
    raise ImproperlyConfigured(
        "SITE_URL is not set. Set it to the address people use to reach the app, "
        "e.g. https://send-tracker.example.gov.uk (or DEBUG=1 for local development only)."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "send_tracker",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    "axes",
    "inspections",
    "benchmarks",
    "actions",
    "reminders",
    "families",
    "demo",
]
# Benchmarks, generated scale data and the load test (the devtools app) are for development:
# left out of production, so no deployment has a command that fills its database with
# generated partnerships. DEVTOOLS=1 adds them under production-like settings (make benchmark).
if DEBUG or env_flag("DEVTOOLS"):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # First: a body over the limit is refused before anything reads it.
    "send_tracker.body_limit.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signed-in pages and PDFs are never kept by a browser or proxy cache.
    "send_tracker.no_store.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling: 5 failures for one username, or from one address, lock it for 15 min.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind reverse proxies, the client's address is read from X-Forwarded-For: set
# REVERSE_PROXY_COUNT to the number of proxies in front of the app (send_tracker/client_ip.py).
REVERSE_PROXY_COUNT = env_int("REVERSE_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "send_tracker.client_ip.client_ip_address"

# Request bodies (send_tracker/body_limit.py): a declared Content-Length over the limit is
# refused with 413 before the body is read. The importer takes a 10 MB report (its own
# limit, MAX_UPLOAD_BYTES) plus room for the form's other fields; every other form is far
# smaller than 1 MB. Django's own limits then apply to what is read.
REQUEST_BODY_MAX_BYTES = 1024 * 1024
_IMPORT_BODY_MAX_BYTES = 10 * 1024 * 1024 + 256 * 1024
REQUEST_BODY_MAX_BYTES_BY_URL = {
    "inspections:import": _IMPORT_BODY_MAX_BYTES,
    "inspections:import-save": _IMPORT_BODY_MAX_BYTES,
    "benchmarks:upload": _IMPORT_BODY_MAX_BYTES,
    "benchmarks:neighbours": _IMPORT_BODY_MAX_BYTES,
    # A spreadsheet of up to 10 MB (actions.sheets.read.MAX_UPLOAD_BYTES).
    "actions:import-actions": _IMPORT_BODY_MAX_BYTES,
    "actions:import-values": _IMPORT_BODY_MAX_BYTES,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields read into memory (Django's default)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # an upload past this goes to a temporary file

ROOT_URLCONF = "send_tracker.urls"

TEMPLATES: list[dict[str, Any]] = [
    {
        # The app's pages, letters and packs, on Django's own Jinja2 backend (HTMX partials
        # are blocks of the page's template: send_tracker/templating.py).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "send_tracker.templating.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "inspections.tenancy.current_partnership",
            ],
        },
    },
    {
        # Django's admin (its own templates).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

WSGI_APPLICATION = "send_tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (the web server, the task worker) write to one file: readers never
    # block the writer (WAL), a write waits up to 20 s for another rather than failing, and a
    # transaction takes the write lock when it begins rather than part-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_flag(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Parameters bound by the server, and statements run five times on a connection kept
    # prepared (Django's documented PostgreSQL options): the pages run the same queries on
    # every request, and planning them again cost as much as running them. Set
    # DATABASE_PREPARED_STATEMENTS=0 behind a pooler in transaction mode (PgBouncer), which
    # cannot keep them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process on every machine (web and task workers), so nothing
# cached is right in one process only: a table in the database by default (made by
# `manage.py createcachetable`), or Redis when REDIS_URL is set. A Redis that stops answering
# raises after 5 seconds rather than holding a worker.
REDIS_URL = env_str("REDIS_URL")
CACHE_TABLE = "send_tracker_cache"
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url("REDIS_URL", REDIS_URL),
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Room for every partnership's cached pages (send_tracker/page_cache.py): past
            # this, a third of the entries are dropped at the next write.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "send_tracker.passwords.CharacterVarietyValidator", "OPTIONS": {"min_distinct": 5}},
]

# Email, through Django's MAILERS: GOV.UK Notify when GOVUK_NOTIFY_API_KEY is set, SMTP when
# EMAIL_HOST is set, otherwise the console backend, which writes each message to standard
# output (the log). With DEBUG off that means nothing is sent: the app still starts, but
# invitations to join a partnership reach nobody (their links are in the log), so every
# process warns at start-up (send_tracker/apps.py) and `check --deploy` reports it
# (mail.E001). Names read here are lower case because Django
# refuses its old EMAIL_* settings beside MAILERS.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL")
GOVUK_NOTIFY_API_KEY = env_secret("GOVUK_NOTIFY_API_KEY")
_email_host = env_str("EMAIL_HOST")
if GOVUK_NOTIFY_API_KEY and _email_host:
    raise ImproperlyConfigured(
        "Both GOVUK_NOTIFY_API_KEY and EMAIL_HOST are set: set only the one that sends mail."
    )
if GOVUK_NOTIFY_API_KEY:
    # django-gov-notify reads its key and plain template (subject ((subject)), body
    # ((body))) from these two settings. send_mail() and EmailMessage.send() go through it;
    # its own NotifyEmailMessage (a Notify template of your choice) has a send() that
    # Django 6.1 refuses: pass one to mailers.default.send_messages([message]) instead.
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env_uuid("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID")
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_API_KEY is set but GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID is not: "
            "give the id of a Notify email template whose subject is ((subject)) and whose "
            "body is ((body))."
        )
    MAILERS: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"}
    }
elif _email_host:
    if not DEBUG and not DEFAULT_FROM_EMAIL:
        raise ImproperlyConfigured(
            "EMAIL_HOST is set but DEFAULT_FROM_EMAIL is not: set the address mail is sent "
            'from, e.g. "SEND Tracker <send-tracker@example.gov.uk>".'
        )
    _email_use_tls = env_flag("EMAIL_USE_TLS", True)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587 if _email_use_tls else 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": _email_use_tls,
                # Seconds: a mail server that stops answering must not hold a worker.
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or "webmaster@localhost"  # Django's own default

LOGIN_URL = "login"
# A password reset link works for two hours (send_tracker/accounts.py throttles requests).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates the GOV.UK way: "29 January 2026".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
# Uploaded and generated files (board packs) go through Django's storage API: a folder on
# this machine by default (a relative MEDIA_ROOT is taken from the project folder). With
# several machines MEDIA_ROOT must be a volume they all share, or "default" another storage
# backend. Nothing serves MEDIA_ROOT by URL: files leave through views that check who asks.
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_ROOT", "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security headers. Scripts and styles come only from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
# A form whose security token expired gets the product's own 403 page (send_tracker/errors.py).
CSRF_FAILURE_VIEW = "send_tracker.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)

# Board packs are built by a background task. In production run `manage.py db_worker`
# beside the web server; TASKS_BACKEND=immediate runs tasks in the request instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_str("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
