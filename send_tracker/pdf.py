"""PDF rendering with WeasyPrint: tagged PDF/UA-1, A4, and no fetching beyond our own files.

Documents are rendered from Django templates (so user text is auto-escaped) against a base
URL on a reserved domain. The URL fetcher serves only this project's static files (CSS,
fonts, images) and refuses everything else: no network, no file://, no data from users.

Every document goes through `write_pdf`, which renders with three changes to WeasyPrint's
defaults, each for a cost that grows with the size of a document rather than with what it
prints (docs/performance.md has the measurements):

- the user-agent stylesheet leaves out the rules for footnote and note pseudo-elements,
  which our documents never use: WeasyPrint computes a style for each of them on every
  element;
- pydyf's list of page references is built once per page count instead of once per tagged
  box (WeasyPrint asks for it for every box it tags, and pydyf rebuilds it from all pages);
- Python's cyclic garbage collector pauses while a document renders: the layout's many
  live objects made each collection slower the longer the document.
"""

from __future__ import annotations

import functools
import gc
import mimetypes
import posixpath
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_BASE_URL = "https://send-tracker.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"


class RefusedFetch(ValueError):
    """A URL the PDF renderer will not fetch."""


@dataclass
class StaticOnlyFetcher:
    """Resolves /static/... against the project's static files; refuses any other URL.

    `served` and `refused` record what was asked, so tests can prove nothing else was.
    """

    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def resolve(self, url: str) -> Path:
        """The static file a URL names, or RefusedFetch."""
        if not url.startswith(STATIC_PREFIX):
            raise RefusedFetch(f"Refused to fetch {url!r}: only the project's static files")
        parts = urlsplit(url)
        relative = posixpath.normpath(unquote(parts.path).removeprefix("/static/"))
        if relative.startswith(("..", "/")) or "\x00" in relative or parts.query:
            raise RefusedFetch(f"Refused to fetch {url!r}: not a static file path")
        found = finders.find(relative)
        if found is None and settings.STATIC_ROOT:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        if found is None:
            raise RefusedFetch(f"Refused to fetch {url!r}: no such static file")
        return Path(found)

    def __call__(self, url: str):
        from weasyprint.urls import URLFetcherResponse

        try:
            path = self.resolve(url)
        except RefusedFetch:
            self.refused.append(url)
            raise
        self.served.append(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})

    # WeasyPrint checks this attribute on fetchers.
    _fail_on_errors = False


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF download (a plain GET: nothing changes)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The user-agent rules left out: pseudo-elements of footnotes (`float: footnote`) and notes.
UNUSED_UA_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", re.MULTILINE)

_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; it resumes when the last overlapping pause ends."""
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


def remember_page_references(pdf_class: type) -> None:
    """Make `pdf_class.page_references` build its tuple once per page count.

    pydyf's property rebuilds the tuple from every page on each call, and WeasyPrint calls it
    for every box it tags, so tagging cost boxes × pages. Pages are only ever appended
    (`add_page`), so the tuple for a given count of pages does not change.
    """
    build = pdf_class.page_references.fget
    if getattr(build, "remembers", False):
        return

    def page_references(pdf) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        remembered = pdf.__dict__.get("_send_tracker_page_references")
        if remembered is None or remembered[0] != count:
            remembered = pdf._send_tracker_page_references = (count, build(pdf))
        return remembered[1]

    page_references.remembers = True
    page_references.original = build
    pdf_class.page_references = property(page_references, doc=pdf_class.page_references.__doc__)


@functools.cache
def html_class() -> type:
    """WeasyPrint's HTML class with the trimmed user-agent stylesheet (built once)."""
    import pydyf
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_STYLESHEET

    remember_page_references(pydyf.PDF)
    trimmed, removed = UNUSED_UA_RULES.subn("", UA)
    if removed == 5:
        # Documents take their counter styles from WeasyPrint's own UA_COUNTER_STYLE, which
        # already holds the sheet's @counter-style rules: these are parsed into a spare.
        trimmed_sheet = weasyprint.CSS(string=trimmed, counter_style=CounterStyle())
    else:  # WeasyPrint's sheet has changed: keep it whole rather than guess.
        trimmed_sheet = UA_STYLESHEET

    class HTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list:
            sheets = super()._ua_stylesheets(forms)
            return [trimmed_sheet if sheet is UA_STYLESHEET else sheet for sheet in sheets]

    return HTML


def write_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML to a tagged (PDF/UA-1) A4 PDF, fetching only through `fetcher`."""
    document = html_class()(
        string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()
    )
    with collector_paused():
        return document.write_pdf(pdf_variant="pdf/ua-1", attachments=[])


def render_pdf(template: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a template to a tagged (PDF/UA-1) A4 PDF."""
    return write_pdf(render_to_string(template, context), fetcher)


def render_plain_pdf(html: str) -> bytes:
    """Render bare HTML the same way (for the benchmark's baseline)."""
    return write_pdf(html)
