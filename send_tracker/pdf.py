"""PDF rendering with WeasyPrint: tagged PDF/UA-1, A4, and no fetching beyond our own files.

Documents are rendered from Django templates (so user text is auto-escaped) against a base
URL on a reserved domain. The URL fetcher serves only this project's static files (CSS,
fonts, images) and refuses everything else: no network, no file://, no data from users.
"""

from __future__ import annotations

import mimetypes
import posixpath
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


def render_pdf(template: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a Django template to a tagged (PDF/UA-1) A4 PDF."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", attachments=[])


def render_plain_pdf(html: str) -> bytes:
    """Render bare HTML the same way (for the benchmark's baseline)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        pdf_variant="pdf/ua-1", attachments=[]
    )
