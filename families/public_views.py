"""The families page for anyone: no sign-in, no cookies, nothing loaded from elsewhere.

A partnership that has not switched it on answers 404, the same as a slug that does not
exist, and without a cookie either. The page is the approved snapshots only, rendered without a request (so no session,
CSRF token or message is touched) and served from the shared cache: 1 query when cached.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from families.public import public_page_html, public_partnership


@login_not_required
@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = public_partnership(slug)
    if partnership is None:
        # Not the site's 404 page: that one carries a CSRF token for its sign-out form, and
        # so a cookie. The same answer whether the page is off or the slug names nothing.
        return HttpResponseNotFound(render_to_string("families/public_not_found.html"))
    response = HttpResponse(public_page_html(partnership))
    # Revalidated on every visit: a withdrawn item leaves every reader's screen at once.
    response["Cache-Control"] = "no-cache"
    return response
