"""Settings come from the environment and refuse to start insecurely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from send_tracker.env import site_url

ROOT = Path(__file__).resolve().parents[1]
# Every variable the settings read, so the developer's own environment (or the values the test
# settings set in this process) never leaks into a subprocess.
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "SITE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "GOVUK_NOTIFY_API_KEY",
    "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID",
    "MEDIA_ROOT",
}
# Production-like settings that start: a real key and an address.
PRODUCTION = {"SECRET_KEY": "k" * 64, "SITE_URL": "https://send-tracker.example.gov.uk"}


def run_settings(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a new process with only `env` set, and print `expression`."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "send_tracker.settings"
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    return run_settings("settings.DATABASES['default']['ENGINE'], settings.DEBUG", **env)


def setting(expression: str, **env: str) -> str:
    """The printed value of `expression`, for settings that start."""
    result = run_settings(expression, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_refuses_a_weak_secret_key_when_debug_is_off():
    result = run_check(SECRET_KEY="django-insecure-short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_starts_with_a_real_key_and_defaults_to_sqlite():
    result = run_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["send_tracker.sqlite", "False"]


def test_database_url_selects_postgresql():
    result = run_check(**PRODUCTION, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_debug_runs_without_a_secret_key():
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["send_tracker.sqlite", "True"]


def _postgres_options(**env: str) -> str:
    return setting(
        "sorted(settings.DATABASES['default'].get('OPTIONS', {}).items())",
        **PRODUCTION,
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        **env,
    )


def test_postgresql_uses_prepared_statements_unless_told_not_to():
    assert _postgres_options() == "[('prepare_threshold', 5), ('server_side_binding', True)]"
    assert _postgres_options(DATABASE_PREPARED_STATEMENTS="0") == "[]"


def test_refuses_to_start_without_site_url_when_debug_is_off():
    result = run_check(SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_refuses_a_site_url_that_is_not_an_absolute_http_address():
    result = run_check(SECRET_KEY="k" * 64, SITE_URL="send-tracker.example.gov.uk")
    assert result.returncode != 0
    assert "SITE_URL must be an absolute http:// or https:// address" in result.stderr


@pytest.mark.parametrize(
    "bad",
    [
        "send-tracker.example.gov.uk",
        "ftp://send-tracker.example.gov.uk",
        "https://",
        "https://send-tracker.example.gov.uk:port",
        "https://send-tracker.example.gov.uk/?next=/",
        "https://send-tracker.example.gov.uk/#main",
        "https://user:pw@send-tracker.example.gov.uk",
        "https://send tracker.example.gov.uk",
    ],
)
def test_site_url_reader_refuses(bad: str):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be"):
        site_url("SITE_URL", bad)


def test_site_url_loses_its_trailing_slash_and_keeps_a_path_prefix():
    assert setting("settings.SITE_URL", **PRODUCTION | {"SITE_URL": "https://a.example/"}) == (
        "https://a.example"
    )
    prefixed = PRODUCTION | {"SITE_URL": " https://a.example:8443/send-tracker/ "}
    assert setting("settings.SITE_URL", **prefixed) == "https://a.example:8443/send-tracker"


def test_site_url_defaults_to_the_development_server_when_debug_is_on():
    assert setting("settings.SITE_URL", DEBUG="1") == "http://127.0.0.1:8000"
    assert setting("settings.SITE_URL", DEBUG="1", SITE_URL="http://localhost:8011") == (
        "http://localhost:8011"
    )


CACHE = "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']"


def test_cache_is_a_database_table_without_redis_url():
    assert setting(CACHE, **PRODUCTION) == (
        "django.core.cache.backends.db.DatabaseCache send_tracker_cache"
    )


def test_redis_url_selects_the_redis_cache_at_that_address():
    assert setting(CACHE, **PRODUCTION, REDIS_URL="redis://cache.internal:6379/2") == (
        "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/2"
    )


def test_refuses_a_redis_url_the_redis_client_cannot_read():
    result = run_check(**PRODUCTION, REDIS_URL="cache.internal:6379")
    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


def test_the_test_database_has_the_cache_table(db):
    """Django's test runner runs createcachetable, so the suite's cache works without Redis."""
    from django.core.cache import cache

    cache.set("settings-test", "shared", 30)
    assert cache.get("settings-test") == "shared"
