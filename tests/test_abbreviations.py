"""Abbreviations are explained in words before their first use on each page, marked up with
<abbr>, and the glossary explains every one."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from send_tracker.glossary import GLOSSARY
from tests.clients import sign_in
from tests.test_access import url_for

pytestmark = pytest.mark.django_db


def visible_text_before_key(html: str) -> str:
    main = html[html.index('id="main-content"') :]
    return main[: main.index("app-abbreviations")]


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("actions:dashboard", ["APA", "AFI", "RAG"]),
        ("actions:list", ["APA", "AFI", "RAG"]),
        ("actions:finding", ["RAG"]),
        ("actions:action", ["RAG"]),
    ],
)
def test_abbreviations_are_explained_before_first_use(demo, name, codes):
    html = sign_in("suffolk-leader").get(url_for(name)).content.decode()
    before = re.sub(r"<[^>]+>", " ", visible_text_before_key(html))
    key = html[html.index("app-abbreviations") :]
    key = key[: key.index("</p>")]
    for code in codes:
        assert not re.search(rf"\b{code}\b", before), (name, code)
        assert f">{code}</abbr> means" in key, (name, code)
    # Every bare use after the key is marked up.
    assert 'title="red, amber, green">RAG</abbr>' in html


def test_organisation_short_names_are_expanded_on_the_action_list(demo):
    html = sign_in("suffolk-leader").get(url_for("actions:list")).content.decode()
    assert '<abbr title="Suffolk County Council">SCC</abbr> is Suffolk County Council' in html


def test_my_actions_explains_its_codes(demo):
    html = sign_in("suffolk-leader").get(reverse("actions:my-actions")).content.decode()
    assert ">RAG</abbr> means red, amber, green" in html


def test_the_glossary_explains_every_term_and_is_in_the_footer(demo):
    html = sign_in("suffolk-board").get(reverse("glossary")).content.decode()
    for term in GLOSSARY:
        assert f">{term.short}</abbr>" in html
    assert f'href="{reverse("glossary")}"' in html
    # The member's own partnership's organisations, by short name.
    assert "Suffolk County Council" in html
    anonymous = pytest.importorskip("django.test").Client().get(reverse("glossary"))
    assert "Suffolk County Council" not in anonymous.content.decode()
