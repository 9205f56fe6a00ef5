"""Error pages in the product's own style, each with a way back.

Django's handlers would look for `404.html` and so on and, with DEBUG off, fall back to
bare text. These render `errors/<code>.html` through the page layout instead. The 500 page
is rendered without the request's context processors: the failure may be the database
they read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

# What the page layout reads, given without touching the session, user or database.
QUIET_CONTEXT: dict[str, Any] = {
    "user": AnonymousUser(),
    "partnership": None,
    "membership": None,
    "member_of_several": False,
    "messages": [],
    "csrf_token": "",
    "csrf_input": "",
    "csp_nonce": None,
    "request": None,
}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a request the app could not make sense of (a bad host, a malformed form)."""
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the role does not allow it. The reason is the app's own sentence (the
    decorators' `PermissionDenied` messages), never a record's details."""
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form whose security token has expired or is missing (CSRF_FAILURE_VIEW)."""
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404, the same page whether the record never existed or is another partnership's."""
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered with no database reads (no context processors, no signed-in user)."""
    return HttpResponse(render_to_string("errors/500.html", QUIET_CONTEXT), status=500)
