"""The URL fetcher PDFs are rendered with: the project's static files, and nothing else.

A subclass of WeasyPrint's URLFetcher, the way WeasyPrint documents. Kept apart from
`send_tracker.pdf` so that WeasyPrint loads on the first PDF, not with every web process
that imports the views (about 1.3 s and 27 MB).
"""

from __future__ import annotations

import mimetypes
import posixpath
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
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
