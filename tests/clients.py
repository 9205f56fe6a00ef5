"""Helpers for test clients: signing in, which fails the test when the sign-in does not work
(a wrong password or a missing account would otherwise test the sign-in page instead), and
comparing two answers without what changes on every request."""

from __future__ import annotations

import re

from django.test import Client

from demo.loader import DEMO_PASSWORD


def sign_in(username: str, client: Client | None = None, password: str = DEMO_PASSWORD) -> Client:
    """`client` (a new one if not given), signed in as `username`."""
    client = client or Client()
    assert client.login(username=username, password=password), f"{username} could not sign in"
    return client


PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value=|X-CSRFToken": |nonce=)"[^"]+"')


def same_for_every_request(html: str) -> str:
    """A page without what differs on every request (CSRF token, CSP nonce), to compare
    two answers byte for byte."""
    return PER_REQUEST.sub("", html)


def has_tag(html: str, words: str) -> bool:
    """Whether `html` holds a GOV.UK tag reading `words` (govukTag puts them on a line of
    their own)."""
    pattern = r'<strong class="govuk-tag[^"]*">\s*' + re.escape(words) + r"\s*</strong>"
    return re.search(pattern, html) is not None
