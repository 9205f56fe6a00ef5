"""Sign-in throttling, password rules, session expiry and production security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_username(demo):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "suffolk-leader", "wrong-password-1").status_code == 200
    assert sign_in(client, "suffolk-leader", "wrong-password-1").status_code == 429  # the 5th
    locked = sign_in(client, "suffolk-leader", "send-demo-2026", address="10.0.0.2")
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session
    # Another user from another address is unaffected.
    assert (
        sign_in(Client(), "suffolk-board", "send-demo-2026", address="10.0.0.3").status_code == 302
    )


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_address(demo):
    for n in range(5):
        sign_in(Client(), f"nobody-{n}", "wrong-password-1", address="10.9.9.9")
    locked = sign_in(Client(), "suffolk-board", "send-demo-2026", address="10.9.9.9")
    assert locked.status_code == 429


@override_settings(AXES_ENABLED=True)
def test_a_success_resets_the_count(demo):
    client = Client()
    for _ in range(4):
        sign_in(client, "suffolk-leader", "wrong-password-1")
    assert sign_in(client, "suffolk-leader", "send-demo-2026").status_code == 302
    for _ in range(4):
        sign_in(Client(), "suffolk-leader", "wrong-password-1")
    assert sign_in(Client(), "suffolk-leader", "send-demo-2026").status_code == 302


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short-1", False),
        ("password1234", False),
        ("123456789012", False),
        ("aaaaaaaaaaaa", False),  # one character over and over
        ("abababababababab", False),
        ("abcdefabcdefabcdef", False),  # one piece over and over
        ("a-good-long-phrase-7", True),
    ],
)
def test_password_rules(password, accepted):
    try:
        password_validation.validate_password(password)
    except ValidationError:
        assert not accepted
    else:
        assert accepted


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_sign_out_is_a_post_and_ends_the_session(leader_client):
    assert leader_client.get("/accounts/logout/").status_code == 405
    leader_client.post("/accounts/logout/")
    assert leader_client.get("/p/suffolk/").status_code == 302


PROBE = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
# "/" redirects to sign-in without rendering a template (no collected static files here).
response = client.get("/", secure=True, HTTP_HOST="send-tracker.example")
insecure = client.get("/", HTTP_HOST="send-tracker.example")
from django.conf import settings
print(json.dumps({
    "headers": dict(response.headers),
    "redirect": insecure.status_code,
    "location": insecure.get("Location", ""),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


def test_production_settings_send_the_security_headers():
    import json

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="send_tracker.settings",
        SECRET_KEY="p" * 64,
        ALLOWED_HOSTS="send-tracker.example",
        DEBUG="0",
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    headers = {k.lower(): v for k, v in result["headers"].items()}
    csp = headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp  # (a nonce is added when a page uses one)
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert result["redirect"] == 301 and result["location"].startswith("https://")
    assert result["session_secure"] and result["csrf_secure"]


def test_pages_use_no_inline_script_or_style(leader_client):
    """The strict CSP would block them: every script is a file, except htmx's nonced tag."""
    import re

    for path in [
        "/p/suffolk/",
        "/p/suffolk/dashboard/",
        "/p/suffolk/actions/",
        "/p/suffolk/deadlines/",
    ]:
        html = leader_client.get(path).content.decode()
        assert " style=" not in html, path
        assert "<style" not in html, path
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (path, tag)
