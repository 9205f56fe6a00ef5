"""The project's templates: Jinja2, with HTMX partials rendered from the page's own template.

Why Jinja2 and not the Django template language: Jinja2 compiles a template to Python
code, so a variable costs about a microsecond where the Django language spends several
resolving it at run time. On the main pages that difference was most of the server time
(docs/performance.md).

One template per page, as before. A region that HTMX swaps is a named block of that page
(`{% block action_status scoped %}`); a view renders just that block by naming the
template `"actions/action_detail.html#action-status"`: the part after `#` is the block,
with hyphens read as underscores, so partial names still match the DOM ids they render.
Django's admin keeps its own templates on the Django engine.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.backends.jinja2 import Jinja2, Template
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import pluralize
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.html import linebreaks as linebreaks_html
from django.utils.safestring import SafeString, mark_safe
from django_htmx.jinja import htmx_script
from jinja2.compiler import CodeGenerator
from markupsafe import (
    Markup,
    _escape_inner,  # its C speedup where built, else its Python one
    escape,
)

from inspections import display


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{{ url('actions:action', slug=partnership.slug, pk=action.pk) }}`.

    Remembered per URL configuration and script prefix: every page reverses the same
    navigation links, at tens of microseconds each. Rows use `url_pattern` instead.
    """
    return _reverse(get_script_prefix(), get_urlconf(), name, args, tuple(kwargs.items()))


@lru_cache(maxsize=4096)
def _reverse(prefix: str, urlconf: str | None, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


NAV_PAGES = {
    "partnership": "inspections:partnership",
    "dashboard": "actions:dashboard",
    "list": "actions:list",
    "deadlines": "inspections:deadlines",
    "measures": "actions:measures",
    "plans": "actions:plans",
    "packs": "actions:packs",
    "activity": "inspections:activity",
    "members": "inspections:members",
}


def partnership_links(slug: str) -> dict[str, str]:
    """The URLs of a partnership's main pages, by short name (`links.dashboard`): one
    lookup per page for the whole navigation."""
    return _partnership_links(get_script_prefix(), get_urlconf(), slug)


@lru_cache(maxsize=1024)
def _partnership_links(prefix: str, urlconf: str | None, slug: str) -> dict[str, str]:
    return {
        name: reverse(view, urlconf=urlconf, kwargs={"slug": slug})
        for name, view in NAV_PAGES.items()
    }


@lru_cache(maxsize=256)
def static_url(path: str) -> str:
    """`{{ static('css/app.css') }}`, remembered: a file's URL does not change while the
    app runs (with the manifest storage it is looked up in the manifest)."""
    return static(path)


def htmx_tag(nonce: object = None) -> SafeString:
    """The htmx script tag (django-htmx's, with its debug helper when DEBUG is on); the
    tag itself is built once, only the nonce changes."""
    if settings.DEBUG:
        return htmx_script(nonce=nonce)
    src = static_url("django_htmx/htmx-2.min.js")
    if nonce is None:
        return format_html('<script src="{}" defer></script>', src)
    return format_html('<script src="{}" defer nonce="{}"></script>', src, nonce)


@receiver(setting_changed)
def _forget_urls(*, setting: str, **kwargs: Any) -> None:
    """Tests that swap URL configurations or storages get fresh URLs."""
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
        _partnership_links.cache_clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS"}:
        static_url.cache_clear()


_PK = 2_147_483_647  # a placeholder no real key is printed as


def url_pattern(name: str, **kwargs: Any) -> Callable[[int], str]:
    """The URL of `name` for any `pk`, from one `reverse()`: `{% set action_url =
    url_pattern('actions:action', slug=partnership.slug) %}` then `{{ action_url(a.pk) }}`.

    A row's link then costs a string format instead of a URL reversal (tens of
    microseconds each, which added up to milliseconds on a page of 50 rows).
    """
    head, tail = url(name, **kwargs, pk=_PK).split(str(_PK))

    def for_pk(pk: int) -> str:
        return f"{head}{int(pk)}{tail}"

    return for_pk


def truncatewords(value: object, length: int) -> str:
    """The first `length` words, then " …" if there were more (Django's filter gives the
    same text at ten times the cost, through its translation machinery)."""
    words = str(value).split()
    if len(words) <= length:
        return " ".join(words)
    return " ".join(words[:length]) + " …"


def linebreaksbr(value: object) -> Markup:
    """Plain text, escaped, with its line breaks kept as <br>."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return Markup("<br>").join(escape(text).split("\n"))


def linebreaks(value: object) -> SafeString:
    """Paragraphs and line breaks from plain text, the text itself escaped."""
    return mark_safe(linebreaks_html(str(value), autoescape=True))  # noqa: S308


class PrintedUndefinedError(jinja2.Undefined):
    """An undefined variable that fails when printed (the tests' setting), so a misspelt
    name cannot silently print nothing; it is still false in `{% if %}`."""

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()
        return ""

    __html__ = __str__


# Marks demo data made up to illustrate the product (a constant: printed in many rows).
DEMO_LABEL = mark_safe(  # noqa: S308
    '<strong class="govuk-tag govuk-tag--purple app-demo-tag">Illustrative</strong>'
)


_new_str = str.__new__


def escape_output(value: Any) -> Markup:
    """What `{{ value }}` prints: `markupsafe.escape(value)`, the same result, sooner for the
    three kinds of value pages print most. Half the cost for text, a third for markup and
    numbers: a table page prints hundreds of values, at about a microsecond each.
    """
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value  # already safe, and immutable: escape() would copy it
    if kind is int:
        return _new_str(Markup, str(value))  # digits and a sign: nothing to escape
    return escape(value)


class EscapingCodeGenerator(CodeGenerator):
    """Jinja's code generator, with each autoescaped `{{ … }}` calling `escape_output`
    (through the template's `environment`) instead of `markupsafe.escape`."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    """Always autoescaping; printed values go through `escape_output`."""

    code_generator_class = EscapingCodeGenerator
    escape_output = staticmethod(escape_output)


def environment(**options: Any) -> jinja2.Environment:
    """The Jinja2 environment: Django's URLs and static files, and the GOV.UK display helpers.

    An undefined variable prints nothing, as in Django templates, except where the setting
    `TEMPLATES_FAIL_ON_UNDEFINED` is on (the tests), where printing one is an error.
    """
    strict = getattr(settings, "TEMPLATES_FAIL_ON_UNDEFINED", False)
    options["undefined"] = PrintedUndefinedError if strict else jinja2.Undefined
    options.pop("autoescape", None)  # always on: every value printed is escaped
    env = Environment(autoescape=True, **options)
    env.globals.update(
        url=url,
        demo_label=DEMO_LABEL,
        url_pattern=url_pattern,
        static=static_url,
        htmx_script=htmx_tag,
        date_range=display.date_range,
        measure_value_form=display.measure_value_form,
        deadline_form=display.deadline_form,
        history_link=display.history_link,
    )
    env.filters.update(
        # Helpers are filters, not globals: Jinja calls a filter directly, a global through
        # the context's checks (a few microseconds each, in every row of a table).
        govuk_date=display.govuk_date,
        rag_tag=display.rag_tag,
        status_tag=display.status_tag,
        measure_value=display.measure_value,
        sparkline=display.sparkline_svg,
        rag_word=display.rag_word,
        date=date_filter,
        truncatewords=truncatewords,
        linebreaks=linebreaks,
        linebreaksbr=linebreaksbr,
        pluralize=pluralize,
    )
    return env


class PageTemplate(Template):
    """A template whose context is the request's (context processors, CSRF) overlaid with
    the view's own: as with Django's template language, what a view passes wins."""

    def context_for(self, context: dict | None, request: HttpRequest | None) -> dict:
        full: dict = {}
        if request is not None:
            full["request"] = request
            full["csrf_input"] = csrf_input_lazy(request)
            full["csrf_token"] = csrf_token_lazy(request)
            for processor in self.backend.template_context_processors:
                full.update(processor(request))
        full.update(context or {})
        return full

    def render(self, context: dict | None = None, request: HttpRequest | None = None) -> str:
        try:
            return self.template.render(self.context_for(context, request))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateSyntaxError(exc.args) from exc


class PartialTemplate(PageTemplate):
    """One block of a page template, rendered with what the whole page would get."""

    def __init__(self, template: jinja2.Template, backend: Jinja2, block: str) -> None:
        super().__init__(template, backend)
        self.block = block

    def render(self, context: dict | None = None, request: HttpRequest | None = None) -> str:
        return self.render_block(self.context_for(context, request))

    def render_block(self, context: dict) -> str:
        """The block alone, from a context already prepared."""
        block = self.template.blocks[self.block]
        return self.template.environment.concat(block(self.template.new_context(context)))


class Jinja2WithPartials(Jinja2):
    """Django's Jinja2 engine, plus `"page.html#block-name"` for HTMX partials."""

    def get_template(self, template_name: str) -> Template:
        name, _, partial = template_name.partition("#")
        template = PageTemplate(super().get_template(name).template, self)
        if not partial:
            return template
        block = partial.replace("-", "_")
        if block not in template.template.blocks:
            raise TemplateDoesNotExist(template_name, backend=self)
        return PartialTemplate(template.template, self, block)


def csrf_once(request: HttpRequest) -> dict[str, str]:
    """Context processor: one masked CSRF token for the whole render.

    Django's lazy `csrf_input` and `csrf_token` mask the token afresh each time one is
    printed (a page with a form in every row paid for it in every row). Any masked form
    of the session's token is valid, so one is enough.
    """
    token = get_token(request)
    return {
        "csrf_token": token,
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
        ),
    }
