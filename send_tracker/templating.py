"""Jinja2 on Django's stock backend, and HTMX partials rendered from the page's own template.

One template per page. A region that HTMX swaps is a named block of that page
(`{% block action_status scoped %}`); a view renders just that block with
`render_block(request, "actions/action_detail.html#action-status", context)`: the part
after `#` names the block, hyphens read as underscores, so a partial's name matches the
DOM id it renders. Rendering a block uses Jinja's public `Template.blocks` and
`Template.new_context`, with the same context Django's backend gives a whole page.
Django's admin keeps its own templates on the Django engine.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.template.defaultfilters import date, linebreaks_filter, linebreaksbr, pluralize
from django.template.defaultfilters import truncatewords as django_truncatewords
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString
from django_htmx.jinja import htmx_script
from markupsafe import Markup

from send_tracker import glossary, presentation
from send_tracker.form_words import own_errors
from send_tracker.govuk_fields import choice_label, error_list, govuk_field


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{{ url('actions:action', slug=partnership.slug, pk=action.pk) }}`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def linebreaks(value: object) -> SafeString:
    """Paragraphs and line breaks from plain text, the text itself escaped."""
    return linebreaks_filter(str(value), autoescape=True)


def linebreaks_br(value: object) -> SafeString:
    """Plain text, escaped, with its line breaks kept as <br>."""
    return linebreaksbr(str(value), autoescape=True)


def truncatewords(value: object, length: int) -> str:
    """Django's `truncatewords`, with the argument Jinja passes positionally."""
    return django_truncatewords(str(value), length)


def environment(**options: Any) -> jinja2.Environment:
    """The Jinja2 environment: Django's URLs, static files and filters, and the display
    helpers of `send_tracker.presentation`."""
    options.pop("autoescape", None)  # always on: every value printed is escaped
    # GOV.UK components from govuk-frontend-jinja, imported by their own path:
    # {% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
    options["loader"] = jinja2.ChoiceLoader(
        [
            options["loader"],
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
            ),
        ]
    )
    env = jinja2.Environment(autoescape=True, **options)
    env.globals.update(
        url=url,
        static=static,
        htmx_script=htmx_script,
        date_range=presentation.format_date_range,
        abbr=glossary.abbr,
        expand=glossary.expand,
        own_errors=own_errors,
        govuk_field=govuk_field,
        error_list=error_list,
        glossary_words=glossary.words,
    )
    env.filters.update(
        date=date,
        truncatewords=truncatewords,
        choice_label=choice_label,
        finding_code=glossary.finding_code,
        linebreaks=linebreaks,
        linebreaksbr=linebreaks_br,
        pluralize=pluralize,
        govuk_date=presentation.format_date,
        month_year=presentation.month_year,
        countdown=presentation.countdown,
        rag_word=presentation.rag_word,
        measure_value=presentation.measure_value,
        sparkline=presentation.sparkline_svg,
    )
    add_tags(env)
    add_date_input(env)
    return env


def add_tags(env: jinja2.Environment) -> None:
    """Tags drawn by govuk-frontend-jinja's govukTag, with the words and colours of
    `send_tracker.presentation`: `{{ action.rag|rag_tag }}`, `{{ code|status_tag(label) }}`
    and `{{ demo_label }}`; any other, `{{ tag("Overdue", "govuk-tag--red") }}`."""
    macros = env.get_template("govuk_frontend_jinja/components/tag/macro.html").module
    govuk_tag = macros.govukTag  # type: ignore[attr-defined]

    # typed: Markup words and the same words as plain text are drawn (and escaped) apart.
    @functools.lru_cache(maxsize=512, typed=True)
    def tag(text: str, classes: str) -> Markup:
        """The macro's own markup, without the blank lines around it, so a tag sits in a
        sentence ("Rated Red, 3 May") like a word. It depends on its words and colour
        alone, so each is drawn once a process: a page may print dozens."""
        markup: Markup = govuk_tag({"text": text, "classes": classes})  # Markup already
        return markup.strip()

    def rag_tag(rag: str) -> Markup:
        return tag(**presentation.rag_tag(rag))

    def status_tag(code: str, label: str) -> Markup:
        return tag(**presentation.status_tag(code, label))

    env.filters.update(rag_tag=rag_tag, status_tag=status_tag)
    env.globals.update(tag=tag, demo_label=tag(**presentation.DEMO_TAG))


DRAWN_LIMIT = 256  # date inputs kept a process; then the store starts again


def frozen(value: object) -> object:
    """A hashable copy of a macro's parameters, telling Markup from plain text (the macro
    prints one as it is and escapes the other)."""
    if isinstance(value, dict):
        return tuple(sorted((key, frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, Markup):
        return ("markup", str(value))
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return ("text", str(value))  # a lazy translation or a date: printed as its text


def add_date_input(env: jinja2.Environment) -> None:
    """`{{ date_input(params) }}`: govukDateInput, drawn once a process for the same
    parameters. It is the costliest component (three inputs in a fieldset, each through its
    own macros), and a form shows the same one, with the same date, to every visitor."""
    macros = env.get_template("govuk_frontend_jinja/components/date-input/macro.html").module
    govuk_date_input = macros.govukDateInput  # type: ignore[attr-defined]
    drawn: dict[object, Markup] = {}

    def date_input(params: dict[str, Any]) -> Markup:
        key = frozen(params)
        markup = drawn.get(key)
        if markup is None:
            if len(drawn) >= DRAWN_LIMIT:
                drawn.clear()
            markup = drawn[key] = govuk_date_input(params)
        return markup

    env.globals["date_input"] = date_input


def render_block_to_string(request: HttpRequest, name: str, context: dict[str, Any]) -> str:
    """One block of a page template, `"page.html#block-name"`, with the context the whole
    page would get (the view's, the request's CSRF token, the context processors')."""
    page, _, block = name.partition("#")
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    template = engine.get_template(page)
    full = dict(context)
    full["request"] = request
    full["csrf_input"] = csrf_input_lazy(request)
    full["csrf_token"] = csrf_token_lazy(request)
    for processor in template.backend.template_context_processors:
        full.update(processor(request))
    return render_jinja_block(template.template, block.replace("-", "_"), full)


def render_jinja_block(template: jinja2.Template, block: str, context: dict[str, Any]) -> str:
    """Jinja's own rendering of one block, with its public `blocks` and `new_context`."""
    return "".join(template.blocks[block](template.new_context(context)))


def render_block(
    request: HttpRequest, name: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """An HTMX partial: `render_block_to_string` as a response."""
    return HttpResponse(render_block_to_string(request, name, context), status=status)
