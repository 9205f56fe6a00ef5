"""Refuse a request body that is too big before any of it is read.

Django reads a body only when a view asks for request.POST or request.FILES, and then
stores a multipart upload in full (in memory, or a temporary file past
FILE_UPLOAD_MAX_MEMORY_SIZE) before a form can refuse it. This middleware, first in
MIDDLEWARE, looks at the declared Content-Length instead: over the limit for the URL, the
answer is 413 and the body is never read. A body sent in chunks without a length is refused
(411): Django would read none of it anyway.

The limit is REQUEST_BODY_MAX_BYTES, or for the URL names in REQUEST_BODY_MAX_BYTES_BY_URL
(the importer's upload) their own. Under ASGI the server hands Django the whole body first:
deploy under a WSGI server (gunicorn), as the README says.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

TOO_LARGE = "The request is too large. Upload a smaller file, or send less text."
NO_LENGTH = "The request has no length. Send it again with a Content-Length."


class RequestBodyLimitMiddleware:
    """413 for a declared body over the URL's limit; 411 for a chunked body with no length."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared:
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return _refuse(NO_LENGTH, 411)
            return self.get_response(request)
        try:
            length = int(declared)
        except ValueError:
            return _refuse("The request's Content-Length is not a number.", 400)
        if length > settings.REQUEST_BODY_MAX_BYTES and length > _limit_for(request.path_info):
            return _refuse(TOO_LARGE, 413)
        return self.get_response(request)


def _limit_for(path: str) -> int:
    """The URL's own limit, if it has one; only looked up for bodies over the default."""
    try:
        name = resolve(path).view_name
    except Resolver404:
        return settings.REQUEST_BODY_MAX_BYTES
    return int(settings.REQUEST_BODY_MAX_BYTES_BY_URL.get(name, settings.REQUEST_BODY_MAX_BYTES))


def _refuse(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
