"""What a page read from a partnership's records, kept in the shared cache until they change.

The heaviest pages (dashboard, finding, action list, inspection) keep what their selector
read in Django's cache, shared by every process (the database cache, or Redis). The key
names the partnership's `generation`, which every write to its records bumps in the same
transaction (`Partnership.objects.filter(...).mark_changed()`, called by the services, the
importer, the demo loader and the admin), so a change shows on the next request in every
process; nothing is ever invalidated by hand. The key also names:

- the day, for pages whose figures depend on it (overdue as of today);
- the code's models (`model_fingerprint`), so a release that changes a model never reads
  objects cached by the one before;
- whatever picks the page's content (a finding's id, the action list's filters).

Entries also expire after `TIMEOUT`, which bounds what a change made outside the app (in the
database by hand) can leave stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache as remembered
from typing import Protocol, cast

from django.apps import apps
from django.core.cache import cache

TIMEOUT = 60 * 60  # seconds


class Generational(Protocol):
    """A partnership: its id and the generation of its records."""

    pk: int
    generation: int


@remembered
def model_fingerprint() -> str:
    """A short hash of every model's concrete fields: it changes when a release changes a
    model, and is the same in every process running the same code."""
    shape = sorted(
        (model._meta.label, tuple(field.attname for field in model._meta.concrete_fields))
        for model in apps.get_models()
    )
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:12]


def cached_read[T](partnership: Generational, build: Callable[[], T], *key: object) -> T:
    """`build()`, or what it returned for the same `key` since the partnership last
    changed: one cache read instead of the page's queries."""
    # Hashed: a cache key must be short and without spaces, whatever `key` holds.
    parts = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    full_key = f"page:{model_fingerprint()}:{partnership.pk}:{partnership.generation}:{parts}"
    # What `build` returned, here or in an earlier request; the cache API types it Any | None.
    return cast(T, cache.get_or_set(full_key, build, TIMEOUT))
