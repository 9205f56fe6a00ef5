"""Signing in for tests: one helper, which fails the test when the sign-in does not work
(a wrong password or a missing account would otherwise test the sign-in page instead)."""

from __future__ import annotations

from django.test import Client

from demo.loader import DEMO_PASSWORD


def sign_in(username: str, client: Client | None = None, password: str = DEMO_PASSWORD) -> Client:
    """`client` (a new one if not given), signed in as `username`."""
    client = client or Client()
    assert client.login(username=username, password=password), f"{username} could not sign in"
    return client
