"""The Jinja2 set-up: Django's stock backend, partials by block name, escaping, helpers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import jinja2
import pytest
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from markupsafe import Markup

from send_tracker.presentation import format_date, measure_value, rag_tag
from send_tracker.templating import render_block, render_block_to_string


class Pack:
    """Just what the pack status block prints."""

    status = "queued"
    pk = 7
    message = ""
    progress = 40

    def get_status_display(self) -> str:
        return "Waiting to start"


def partnership_request(slug: str = "suffolk"):
    """A request as `partnership_view` leaves it (the context processor reads it)."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    # As partnership_view sets it; WSGIRequest does not declare it.
    request.partnership = type("P", (), {"slug": slug})()  # type: ignore[attr-defined]
    return request


def test_a_partial_is_a_block_of_the_page_named_after_its_dom_id():
    html = render_block_to_string(
        partnership_request(), "actions/pack_detail.html#pack-status", {"pack": Pack()}
    )
    assert html.lstrip().startswith('<div id="pack-status"')
    assert "<html" not in html and "40% done" in html
    assert f'hx-get="{reverse("actions:pack", kwargs={"slug": "suffolk", "pk": 7})}"' in html


def test_a_partial_gets_the_context_a_page_gets():
    """The context processors' values reach a block as they reach a page: here the
    partnership comes from the request (`inspections.tenancy.current_partnership`)."""
    html = render_block_to_string(
        partnership_request("bexley"), "actions/pack_detail.html#pack-status", {"pack": Pack()}
    )
    assert "/p/bexley/packs/7/" in html


def test_a_partial_response_has_the_block_only():
    response = render_block(
        partnership_request(), "actions/pack_detail.html#pack-status", {"pack": Pack()}, status=202
    )
    assert response.status_code == 202
    assert response.content.decode().lstrip().startswith('<div id="pack-status"')


def test_an_unknown_partial_is_an_error():
    with pytest.raises(KeyError):
        render_block_to_string(partnership_request(), "actions/pack_detail.html#nothing", {})


def test_everything_printed_is_escaped():
    template = engines["jinja2"].from_string("{{ text }}|{{ rag|rag_tag }}")
    html = template.render({"text": "<script>alert(1)</script>", "rag": "<b>"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_the_tests_fail_on_an_undefined_name():
    """A misspelt name in a template fails the test instead of printing nothing."""
    template = engines["jinja2"].from_string("{{ misspelt }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render({})


def test_django_filters_are_used_where_they_exist():
    template = engines["jinja2"].from_string(
        "{{ text|truncatewords(3) }}|{{ lines|linebreaksbr }}|{{ n }} value{{ n|pluralize }}"
        "|{{ day|date('j M Y') }}|{{ lines|linebreaks }}"
    )
    html = template.render(
        {"text": "one two three four", "lines": "a <b>\nc", "n": 2, "day": dt.date(2026, 1, 29)}
    )
    assert html.split("|") == [
        "one two three …",
        "a &lt;b&gt;<br>c",
        "2 values",
        "29 Jan 2026",
        "<p>a &lt;b&gt;<br>c</p>",
    ]


def test_urls_and_static_files():
    template = engines["jinja2"].from_string(
        "{{ url('actions:dashboard', slug='suffolk') }} {{ static('css/app.css') }}"
    )
    assert template.render({}) == "/p/suffolk/dashboard/ /static/css/app.css"


def test_presentation_helpers():
    """Dates are tested with the models that print them (tests/inspections/test_models.py)."""
    assert format_date(None) == ""
    assert measure_value(Decimal("58.50"), "percent") == "58.5%"
    assert measure_value(Decimal("64.00"), "weeks") == "64 weeks"
    assert measure_value(None, "count") == ""
    assert rag_tag("blue") == {"text": "Complete", "classes": "govuk-tag--blue"}
    assert rag_tag("") == {"text": "No rating", "classes": "govuk-tag--grey"}


def test_tags_are_the_design_systems_with_their_words():
    """RAG and status tags, and the demo label, are govukTag's markup carrying their word."""
    template = engines["jinja2"].from_string(
        "{{ 'amber'|rag_tag }}|{{ 'missed'|status_tag('Missed') }}|{{ demo_label }}"
    )
    amber, missed, demo = template.render({}).split("|")
    assert re.fullmatch(r'<strong class="govuk-tag govuk-tag--orange">\s*Amber\s*</strong>', amber)
    assert re.fullmatch(r'<strong class="govuk-tag govuk-tag--red">\s*Missed\s*</strong>', missed)
    assert "govuk-tag--purple" in demo and "Illustrative" in demo


def test_a_pdf_template_renders_without_a_request():
    html = render_to_string("pdf/base.html", {})
    assert html.startswith("<!DOCTYPE html>")


def test_remembered_tags_and_date_inputs_escape_as_the_macros_do():
    """Tags and date inputs are drawn once a process for the same parameters; Markup and
    the same words as plain text are told apart, so neither is escaped wrongly."""
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    helpers: dict[str, Any] = dict(engine.env.globals)
    tag, date_input = helpers["tag"], helpers["date_input"]
    assert "<i>x</i>" in tag(Markup("<i>x</i>"), "govuk-tag--grey")
    assert "&lt;i&gt;x&lt;/i&gt;" in tag("<i>x</i>", "govuk-tag--grey")

    def legend(text):
        items = [{"name": "day"}, {"name": "month"}, {"name": "year"}]
        params = {"id": "d", "namePrefix": "d", "items": items}
        return date_input({**params, "fieldset": {"legend": {"text": text}}})

    assert "A &amp; B" in legend(Markup("A &amp; B")) and "&amp;amp;" not in legend(
        Markup("A &amp; B")
    )
    assert "A &amp; B" in legend("A & B")
    assert legend("<b>When</b>") == legend("<b>When</b>") and "<b>" not in legend("<b>When</b>")
