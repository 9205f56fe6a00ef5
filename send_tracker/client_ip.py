"""The address a request came from, for sign-in throttling (django-axes).

Directly on the internet that is REMOTE_ADDR. Behind reverse proxies REMOTE_ADDR is the
nearest proxy's address, the same for everyone, so one person's failures would lock out
every user. Set REVERSE_PROXY_COUNT to the number of proxies in front of the app: each
appends the address it was reached from to X-Forwarded-For, so the client's is that many
entries from the right. Entries further left were sent by the client and are not trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: X-Forwarded-For's REVERSE_PROXY_COUNT-th entry from the right,
    or REMOTE_ADDR when there are no proxies (or the header is shorter than it should be)."""
    proxies: int = settings.REVERSE_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
