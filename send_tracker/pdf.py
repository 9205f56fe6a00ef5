"""PDF rendering with WeasyPrint: tagged PDF/UA-1, A4, and no fetching beyond our own files.

Documents are rendered from Django templates (so user text is auto-escaped) against a base
URL on a reserved domain. The URL fetcher serves only this project's static files (CSS,
fonts, images) and refuses everything else: no network, no file://, no data from users.
The page size (A4) and the embedded font (Liberation Sans) come from static/pdf/pdf.css.

WeasyPrint is used through its public API only, with its defaults: docs/performance.md
has what that costs, and docs/upstream/ the part of it that is WeasyPrint's and pydyf's.
"""

from __future__ import annotations

import mimetypes
import posixpath
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

# Imported here rather than when a PDF is rendered because the fetcher subclasses
# URLFetcher, as WeasyPrint documents; so WeasyPrint loads with the views that import this.
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_BASE_URL = "https://send-tracker.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"


class RefusedFetch(ValueError):
    """A URL the PDF renderer will not fetch."""


class StaticOnlyFetcher(URLFetcher):
    """Resolves /static/... against the project's static files; refuses any other URL.

    WeasyPrint's documented way to control fetching: a URLFetcher whose `fetch` is replaced.
    This one never calls the inherited `fetch`, so nothing reaches the network or the disk
    beyond the static files. A refusal is logged by WeasyPrint and the document renders
    without that resource (the default `fail_on_errors=False`).

    `served` and `refused` record what was asked, so tests can prove nothing else was.
    """

    def __init__(self) -> None:
        # No connection is ever opened, so the TLS context trusts no certificate: building
        # WeasyPrint's default one loads the system's CA certificates, about 20 ms a document.
        super().__init__(ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        self.served: list[str] = []
        self.refused: list[str] = []

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

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
        except RefusedFetch:
            self.refused.append(url)
            raise
        self.served.append(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF download (a plain GET: nothing changes)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML to a tagged (PDF/UA-1) PDF, fetching only through `fetcher`.

    Letters and packs come through here from `render_pdf`; benchmark_pdf's plain baseline
    comes through here directly, so both sides of its ratio render the same way.
    """
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a Django template to a tagged (PDF/UA-1) A4 PDF."""
    return html_to_pdf(render_to_string(template, context), fetcher=fetcher)
