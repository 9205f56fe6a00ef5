"""Settings come from the environment and refuse to start insecurely."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from notifications_python_client.notifications import NotificationsAPIClient

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
    "REVERSE_PROXY_COUNT",
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
    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_database_url_selects_postgresql():
    result = run_check(**PRODUCTION, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_debug_runs_without_a_secret_key():
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


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


MAILER = "settings.MAILERS['default']"
NOTIFY_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
CONSOLE = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_email_goes_to_the_console_in_development_without_a_warning():
    result = run_settings(f"repr(({MAILER}, settings.DEFAULT_FROM_EMAIL))", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr((CONSOLE, "webmaster@localhost"))
    assert "No email service is configured" not in result.stderr


def test_production_without_an_email_service_starts_logs_mail_and_warns():
    result = run_settings(f"repr({MAILER})", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(CONSOLE)
    assert "No email service is configured" in result.stderr


def test_email_host_selects_smtp_with_tls_on_port_587_by_default():
    env = PRODUCTION | {
        "EMAIL_HOST": "smtp.example.gov.uk",
        "DEFAULT_FROM_EMAIL": "SEND Tracker <send-tracker@example.gov.uk>",
    }
    result = run_settings(f"repr(({MAILER}, settings.DEFAULT_FROM_EMAIL))", **env)
    assert result.returncode == 0, result.stderr
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.gov.uk",
            "port": 587,
            "username": "",
            "password": "",
            "use_tls": True,
            "timeout": 10,
        },
    }
    assert result.stdout.strip() == repr((smtp, "SEND Tracker <send-tracker@example.gov.uk>"))
    assert "No email service is configured" not in result.stderr

    env |= {
        "EMAIL_HOST_USER": "tracker",
        "EMAIL_HOST_PASSWORD": " pass word ",  # a password is kept exactly as given
        "EMAIL_USE_TLS": "0",
    }
    options = {"host": "smtp.example.gov.uk", "port": 25, "username": "tracker"}
    options |= {"password": " pass word ", "use_tls": False, "timeout": 10}
    assert setting(f"repr({MAILER}['OPTIONS'])", **env) == repr(options)
    # Django builds the mailer from these OPTIONS (it refuses any it does not know).
    mailer = "__import__('django.core.mail', fromlist=['mailers']).mailers.default"
    assert setting(f"{mailer}.host, {mailer}.port", **env, EMAIL_PORT="2525") == (
        "smtp.example.gov.uk 2525"
    )


def test_smtp_in_production_needs_a_from_address():
    result = run_check(**PRODUCTION, EMAIL_HOST="smtp.example.gov.uk")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is not" in result.stderr


def test_refuses_an_email_port_that_is_not_a_number():
    result = run_check(DEBUG="1", EMAIL_HOST="smtp.example.gov.uk", EMAIL_PORT="smtp")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_govuk_notify_api_key_selects_notify_with_its_template():
    notify = "settings.GOVUK_NOTIFY_API_KEY, settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID"
    env = PRODUCTION | {
        "GOVUK_NOTIFY_API_KEY": "send_tracker-key",
        "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID": NOTIFY_TEMPLATE,
    }
    result = run_settings(f"repr(({MAILER}, {notify}))", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        (
            {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"},
            "send_tracker-key",
            NOTIFY_TEMPLATE,
        )
    )
    assert "No email service is configured" not in result.stderr


def test_govuk_notify_needs_a_plain_template_id_that_is_a_uuid():
    result = run_check(**PRODUCTION, GOVUK_NOTIFY_API_KEY="key")
    assert result.returncode != 0
    assert "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID is not" in result.stderr
    result = run_check(
        **PRODUCTION, GOVUK_NOTIFY_API_KEY="key", GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID="plain"
    )
    assert result.returncode != 0
    assert "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be a UUID" in result.stderr


def test_refuses_both_notify_and_smtp():
    result = run_check(
        DEBUG="1",
        GOVUK_NOTIFY_API_KEY="key",
        GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=NOTIFY_TEMPLATE,
        EMAIL_HOST="smtp.example.gov.uk",
    )
    assert result.returncode != 0
    assert "Both GOVUK_NOTIFY_API_KEY and EMAIL_HOST are set" in result.stderr


def test_send_mail_reaches_govuk_notify_through_the_configured_mailer(settings):
    """django-gov-notify declares Django 6.0 at most: this pins that send_mail works on 6.1.

    Only the Notify client's network call is replaced; one call per recipient, with the
    plain template and the subject and body as its personalisation.
    """
    settings.MAILERS = {"default": {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"}}
    settings.GOVUK_NOTIFY_API_KEY = f"tracker-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = NOTIFY_TEMPLATE
    with mock.patch.object(NotificationsAPIClient, "send_email_notification") as send:
        sent = send_mail("Deadline due", "It is due on 1 May.", None, ["a@example.gov.uk"])
    assert sent == 1
    send.assert_called_once_with(
        email_address="a@example.gov.uk",
        template_id=NOTIFY_TEMPLATE,
        personalisation={"subject": "Deadline due", "body": "It is due on 1 May."},
    )


def test_the_test_settings_keep_mail_in_the_outbox():
    send_mail("Subject", "Body", None, ["a@example.gov.uk"])
    assert [message.subject for message in mail.outbox] == ["Subject"]


STORAGE = "settings.STORAGES['default']['BACKEND'], settings.MEDIA_ROOT"


def test_files_are_kept_under_media_in_the_project_by_default():
    assert setting(STORAGE, **PRODUCTION) == (
        f"django.core.files.storage.FileSystemStorage {ROOT / 'media'}"
    )


def test_media_root_from_the_environment_absolute_or_relative_to_the_project(tmp_path):
    assert setting(STORAGE, **PRODUCTION, MEDIA_ROOT=str(tmp_path)) == (
        f"django.core.files.storage.FileSystemStorage {tmp_path}"
    )
    storage = "__import__('django.core.files.storage', fromlist=['x']).default_storage.location"
    assert setting(storage, DEBUG="1", MEDIA_ROOT="var/files") == str(ROOT / "var" / "files")


def test_static_files_keep_their_compressed_manifest_storage_in_production():
    assert setting("settings.STORAGES['staticfiles']['BACKEND']", **PRODUCTION) == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_reverse_proxy_count_comes_from_the_environment():
    assert setting("settings.REVERSE_PROXY_COUNT", **PRODUCTION) == "0"
    assert setting("settings.REVERSE_PROXY_COUNT", REVERSE_PROXY_COUNT="2", **PRODUCTION) == "2"
    assert (
        setting("settings.AXES_CLIENT_IP_CALLABLE", **PRODUCTION)
        == "send_tracker.client_ip.client_ip_address"
    )
