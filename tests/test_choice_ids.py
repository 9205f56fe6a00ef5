"""Ids no row can have, in every choice field of every form, are a form error (or, in a
filter, ignored): never a 500 (security review finding 5).

The walk reads every page as a partnership admin, collects each form it shows (its action,
method and the values it would send), then sends each form back with one choice field
(a select, a radio or a checkbox) at a time set to an id out of range: past 64 bits (SQLite
cannot bind it: OverflowError; PostgreSQL: NumericValueOutOfRange), negative, not a number,
infinite as a float, or empty. A POST URL no page shows a form for gets every choice field
name the walk found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.clients import sign_in
from tests.test_access import GET_NEEDS_ROLE, PERSONAL, POST_ONLY, ROUTES, url_for

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["99999999999999999999", "-1", "abc", "1e309", ""]
# The choice fields the walk must find, so that it cannot pass by finding none.
EXPECTED = {"findings", "responsible_bodies", "finding", "owner", "supersedes", "inspection"}


@dataclass
class Form:
    method: str
    action: str
    values: list[tuple[str, str]] = field(default_factory=list)
    choices: set[str] = field(default_factory=set)


class FormReader(HTMLParser):
    """The forms of a page, with the values a browser would send and which fields are
    choices."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self.form is not None and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.selected = True
                self.form.values.append((self.select, a.get("value", "")))
        elif tag == "form":
            action = urlsplit(a.get("action") or self.page).path
            self.form = Form(method=(a.get("method") or "get").lower(), action=action)
            self.forms.append(self.form)
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.form.choices.add(a["name"])
                if "checked" in a:
                    self.form.values.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.form.values.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.form.values.append((a["name"], ""))
        elif tag == "select":
            self.select, self.first_option, self.selected = a["name"], None, False
            self.form.choices.add(a["name"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.form is not None and self.select:
            if not self.selected and self.first_option is not None:
                self.form.values.append((self.select, self.first_option))
            self.select = None


def forms_of(client: Client, url: str) -> list[Form]:
    response = client.get(url)
    assert response.status_code == 200, url
    if not response["Content-Type"].startswith("text/html"):
        return []  # a PDF
    reader = FormReader(url)
    reader.feed(response.content.decode())
    return reader.forms


def pages() -> list[str]:
    names = [n for n in ROUTES if n not in POST_ONLY or n in GET_NEEDS_ROLE]
    return [url_for(name) for name in names] + [reverse(name) for name in PERSONAL]


def send(client: Client, form: Form, name: str, bad: str) -> int:
    data: dict[str, list[str]] = {}
    for key, value in form.values:
        if key != name:
            data.setdefault(key, []).append(value)
    data[name] = [bad]
    if form.method == "post":
        return client.post(form.action, data).status_code
    return client.get(form.action, data).status_code


@pytest.mark.parametrize("bad", OUT_OF_RANGE)
def test_no_choice_field_answers_an_impossible_id_with_a_500(demo, bad):
    client = sign_in("suffolk-admin")
    found = [form for url in pages() for form in forms_of(client, url)]
    every_choice = set().union(*(form.choices for form in found))
    assert every_choice >= EXPECTED, sorted(EXPECTED - every_choice)

    tried: set[str] = set()
    for form in found:
        for name in sorted(form.choices):
            status = send(client, form, name, bad)
            assert status < 500, (form.action, form.method, name, bad, status)
        tried.add(form.action)
    # POST URLs that no page showed a form for: each choice field name the walk found.
    for route, (_, role) in ROUTES.items():
        target = url_for(route)
        if role is None or target in tried:
            continue
        fallback = Form(method="post", action=target, choices=every_choice)
        for name in sorted(every_choice):
            status = send(client, fallback, name, bad)
            assert status < 500, (route, name, bad, status)
