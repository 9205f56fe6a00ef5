"""`Cache-Control: no-store` on every answer to a signed-in person, and on every PDF.

A signed-in page shows a partnership's records: a shared computer's browser cache, or a
proxy, must not keep a copy after the person signs out. Pages for anyone (the sign-in page,
the glossary, the accessibility statement) are left to their own headers. Static files never
reach this middleware (WhiteNoise answers them earlier).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Marks signed-in answers and PDFs `no-store` (and private, never cached)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        is_pdf = response.get("Content-Type", "").startswith("application/pdf")
        if signed_in or is_pdf:
            # Django's own: Cache-Control: max-age=0, no-cache, no-store, must-revalidate,
            # private (and Expires in the past).
            add_never_cache_headers(response)
        return response
