"""The project's URLs plus the benchmark's baseline view; used only by `benchmark_pages`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

PROJECT_URLCONF = "send_tracker.urls"

_CHUNK = (
    b"<p>Leaders across the partnership reviewed progress on each action, the measures of "
    b"impact and the deadlines set by the Department for Education.</p>\n"
)


def baseline_body(size: int) -> bytes:
    """An HTML page of exactly `size` bytes."""
    head = b'<!DOCTYPE html><html lang="en-GB"><head><title>Baseline</title></head><body>\n'
    tail = b"</body></html>\n"
    filler = _CHUNK * (max(size - len(head) - len(tail), 0) // len(_CHUNK) + 1)
    body = head + filler[: max(size - len(head) - len(tail), 0)] + tail
    return body[:size]


_BODIES: dict[int, bytes] = {}


def baseline(request: HttpRequest, size: int) -> HttpResponse:
    """A bare view: no queries of its own, no template, a prebuilt body of `size` bytes."""
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES[size] = baseline_body(size)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench__/baseline/<int:size>/", baseline, name="bench-baseline"),
    path("", include(PROJECT_URLCONF)),
]
