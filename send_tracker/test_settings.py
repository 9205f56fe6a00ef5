"""Fast settings for the test suite: production settings with a throwaway key."""

import os
import tempfile
from pathlib import Path

import jinja2
from jinja2.utils import missing

os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")

from send_tracker import settings as production  # noqa: E402
from send_tracker.settings import *  # noqa: E402,F403

# The tests run the development commands (benchmarks, scale data) whatever DEBUG says.
if "devtools" not in production.INSTALLED_APPS:
    INSTALLED_APPS = [*production.INSTALLED_APPS, "devtools"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory: tests that race requests in threads need
    # real SQLite locking (an in-memory database shared between threads has none of it).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"test_send_tracker_{os.getpid()}.sqlite3")
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in django.core.mail.outbox for the tests to read.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
# Files in memory: nothing lands in the project's media/, and code that reaches for a path on
# disk instead of the storage API (which a shared or remote storage would not have) fails here.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # static files come from the finders in tests
WHITENOISE_USE_FINDERS = True
# The database cache whatever REDIS_URL says: the suite needs no Redis, and the cache table
# lives in the test database (Django's test runner creates it, as createcachetable would).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}  # noqa: F405
}
# Tasks run in the test's own thread, so a test sees the finished pack.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Sign-in throttling is switched on only in the tests about it (client.login has no request).
AXES_ENABLED = False

# Names govuk-frontend-jinja's macros leave undefined on purpose: Nunjucks' literals
# `undefined` and `null`, a macro's `caller` when there is none, and the `govukRebrand`
# switch (we do not set it: the product keeps its own look); and the notification banner's
# `successBanner` and `typeClass`, which it sets only for a success banner.
LIBRARY_NAMES = {"undefined", "null", "caller", "govukRebrand", "successBanner", "typeClass"}


class UndefinedNameFails(jinja2.Undefined):
    """A template that uses an undefined variable (a misspelt name, a value the view forgot
    to pass) fails the test instead of printing nothing. A missing key of a dict stays
    Jinja's ordinary undefined: govuk-frontend-jinja's macros, like GOV.UK Frontend's
    Nunjucks, test their optional parameters that way (`params.classes`); and so do the
    few names in LIBRARY_NAMES."""

    def __new__(cls, hint=None, obj=missing, name=None, exc=jinja2.UndefinedError):
        if obj is missing and name not in LIBRARY_NAMES:
            return jinja2.StrictUndefined(hint=hint, obj=obj, name=name, exc=exc)
        return super().__new__(cls)


TEMPLATES[0]["OPTIONS"]["undefined"] = UndefinedNameFails  # noqa: F405
