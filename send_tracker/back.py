"""Back links that go back: to the page the person came from when it is one of the pages
that lead here, otherwise to a sensible default.

Where they came from is the `back` query parameter when a link gives one, else the Referer
header (sent for same-origin navigation: SECURE_REFERRER_POLICY is "same-origin"). Either
is used only when it is a path on this site that resolves to one of the listed pages, of the
same partnership: never another site, never a script URL, never a page of another
partnership. The query string is kept, so a filtered action list comes back filtered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

# Pages a back link may return to, and what it says.
BACK_LABELS = {
    "actions:dashboard": "Back to dashboard",
    "actions:list": "Back to all actions",
    "actions:my-actions": "Back to my actions",
    "actions:finding": "Back to the finding",
    "actions:measures": "Back to measures",
    "inspections:partnership": "Back to overview",
    "inspections:inspection": "Back to the inspection",
    "inspections:deadlines": "Back to deadlines",
    "inspections:activity": "Back to activity",
}


@dataclass(frozen=True)
class BackLink:
    url: str
    label: str


def back_link(
    request: HttpRequest,
    *,
    slug: str,
    default: BackLink,
    labels: dict[str, str] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> BackLink:
    """The page the person came from, if it is a page of partnership `slug` listed in
    BACK_LABELS (and not in `exclude`), labelled from `labels` or BACK_LABELS; else
    `default`."""
    for candidate in (request.GET.get("back", ""), request.headers.get("Referer", "")):
        found = _same_site_page(request, candidate, slug)
        if found is None:
            continue
        url, name = found
        if name in exclude:
            continue
        return BackLink(url, (labels or {}).get(name) or BACK_LABELS[name])
    return default


def _same_site_page(request: HttpRequest, candidate: str, slug: str) -> tuple[str, str] | None:
    if not candidate or len(candidate) > 2000:
        return None
    host = request.get_host()
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(candidate)
    if parts.netloc and parts.netloc != host:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name not in BACK_LABELS:
        return None
    if match.kwargs.get("slug", slug) != slug:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else ""), match.view_name
