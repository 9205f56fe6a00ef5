"""The Jinja2 set-up: partials by block name, escaping, loud undefined names, helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import jinja2
import pytest
from django.template import TemplateDoesNotExist, engines
from django.template.defaultfilters import linebreaksbr as django_linebreaksbr
from django.template.defaultfilters import truncatewords as django_truncatewords
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse
from markupsafe import Markup, escape

from inspections import display
from inspections.models import Finding, Inspection, Judgement
from send_tracker.templating import escape_output, linebreaksbr, truncatewords, url_pattern


def test_a_partial_is_a_block_of_the_page_named_after_its_dom_id():
    template = get_template("actions/pack_detail.html#pack-status")
    pack = type(
        "Pack",
        (),
        {
            "status": "queued",
            "pk": 7,
            "message": "",
            "progress": 40,
            "get_status_display": lambda self: "Queued",
        },
    )()
    html = template.render(
        {"pack": pack, "partnership": type("P", (), {"slug": "suffolk"})()},
        RequestFactory().get("/"),
    )
    assert html.lstrip().startswith('<div id="pack-status"')
    assert "<html" not in html and "40% done" in html


def test_an_unknown_partial_is_a_missing_template():
    with pytest.raises(TemplateDoesNotExist):
        get_template("actions/pack_detail.html#no-such-block")


def test_everything_printed_is_escaped():
    template = engines["jinja2"].from_string("{{ text }}|{{ rag|rag_tag }}")
    html = template.render({"text": "<script>alert(1)</script>", "rag": "<b>"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


class Shouty(str):
    """A str subclass whose own __str__ would print something else."""

    def __str__(self) -> str:
        return "<shout>"


class WithHtml:
    def __html__(self) -> str:
        return "<em>safe</em>"


PRINTED = [
    "<script>alert('x') & \"y\"</script>",
    "",
    "plain text",
    Markup("<b>trusted</b>"),
    Markup(""),
    0,
    -42,
    10**30,
    True,
    None,
    3.5,
    Decimal("12.50"),
    dt.date(2026, 3, 4),
    Shouty("<quiet>"),
    WithHtml(),
    ["<li>"],
]


@pytest.mark.parametrize("value", PRINTED, ids=repr)
def test_printing_a_value_gives_markupsafe_s_escaped_text(value):
    ours = escape_output(value)
    assert type(ours) is Markup and ours == escape(value)


def test_templates_print_through_escape_output():
    """Every autoescaped `{{ }}` calls it, in blocks and macros too."""
    env = engines["jinja2"].env
    source = env.compile(
        "{{ a }}{% block b %}{{ a }}{% endblock %}{% macro m(x) %}{{ x }}{% endmacro %}{{ m(a) }}",
        raw=True,
    )
    assert source.count("environment.escape_output(") == 4
    assert " escape(" not in source
    html = env.from_string("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(a) }}{{ a }}").render(
        a="<i>"
    )
    assert html == "[&lt;i&gt;]&lt;i&gt;"


def test_printing_an_undefined_name_fails_in_the_tests_but_tests_of_it_do_not():
    template = engines["jinja2"].from_string("{% if missing %}x{% endif %}{{ 'ok' }}")
    assert template.render({}) == "ok"
    with pytest.raises(jinja2.UndefinedError):
        engines["jinja2"].from_string("{{ misspelt }}").render({})


@pytest.mark.django_db
def test_url_pattern_builds_what_reverse_builds():
    action_url = url_pattern("actions:action", slug="suffolk")
    assert action_url(42) == reverse("actions:action", kwargs={"slug": "suffolk", "pk": 42})


@pytest.mark.parametrize("text", ["", "one", "a b  c\n d", "word " * 30, " leading and trailing "])
def test_truncatewords_gives_django_s_text(text):
    assert truncatewords(text, 5) == django_truncatewords(text, 5)


@pytest.mark.parametrize("text", ["a<b>\r\nc", "x\ny\rz", "plain", "&\"'"])
def test_linebreaksbr_escapes_and_breaks_like_django(text):
    ours = str(linebreaksbr(text)).replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    assert ours == django_linebreaksbr(text, autoescape=True)


def test_display_names_match_the_models_choices():
    assert dict(Finding.Kind.choices) == display.FINDING_KINDS
    assert dict(Judgement.Outcome.choices) == display.JUDGEMENT_OUTCOMES
    assert set(display.INSPECTION_SHORT_KINDS) == set(Inspection.Kind.values)
    assert set(display.FINDING_CODES) == set(Finding.Kind.values)
    assert set(display.RAG_WORDS) == {"red", "amber", "green", "blue"}


def test_the_announcement_partial_renders_alone():
    html = render_to_string("includes/announce.html", {"message": "Saved <now>"})
    assert 'hx-swap-oob="innerHTML"' in html and "Saved &lt;now&gt;" in html


def test_the_htmx_tag_is_django_htmx_s():
    from django_htmx.jinja import htmx_script

    from send_tracker.templating import htmx_tag

    assert str(htmx_tag("n0nce")) == str(htmx_script(nonce="n0nce"))
    assert str(htmx_tag()) == str(htmx_script())
