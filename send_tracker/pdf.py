"""PDF rendering with WeasyPrint: tagged PDF/UA-1, A4, and no fetching beyond our own files.

Documents are rendered from Django templates (so user text is auto-escaped) against a base
URL on a reserved domain. The URL fetcher serves only this project's static files (CSS,
fonts, images) and refuses everything else: no network, no file://, no data from users.
The page size (A4) and the embedded font (Liberation Sans) come from static/pdf/pdf.css.

WeasyPrint is used through its public API only, with its defaults: docs/performance.md
has what that costs, and docs/upstream/ the part of it that is WeasyPrint's and pydyf's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from send_tracker.pdf_fetcher import StaticOnlyFetcher


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
    # Here, not at the top: WeasyPrint loads on the first PDF, not with the views.
    from weasyprint import HTML

    from send_tracker.pdf_fetcher import PDF_BASE_URL, StaticOnlyFetcher

    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a Django template to a tagged (PDF/UA-1) A4 PDF."""
    return html_to_pdf(render_to_string(template, context), fetcher=fetcher)
