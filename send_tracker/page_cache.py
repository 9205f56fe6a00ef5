"""What a page read from a partnership's records, kept in the shared cache until they change.

The heaviest pages (dashboard, finding, action list, action, inspection) keep what their selector
read in Django's cache, shared by every process (the database cache, or Redis). The key
names the partnership's `generation`, which every write to its records bumps in the same
transaction (`Partnership.objects.filter(...).mark_changed()`, called by the services, the
importer, the demo loader and the admin), so a change shows on the next request in every
process; nothing is ever invalidated by hand. The key also names:

- the day, for pages whose figures depend on it (overdue as of today);
- the release (`release_fingerprint`): a hash of the project's code and templates, so a
  release never reads objects or HTML cached by the one before (a changed model or class
  would not unpickle as it was, a changed template would show the old page);
- whatever picks the page's content (a finding's id, the action list's filters).

Entries also expire after `TIMEOUT`, which bounds what a change made outside the app (in the
database by hand) can leave stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache as remembered
from pathlib import Path
from typing import Protocol, cast

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import cache

TIMEOUT = 60 * 60  # seconds


class Generational(Protocol):
    """A partnership: its id and the generation of its records."""

    pk: int
    generation: int


@remembered
def release_fingerprint() -> str:
    """A short hash of Django's version and of every Python file and template of the
    project: the same in every process running the same release, different in the next.
    Read once a process, on the first cached page."""
    digest = hashlib.sha256(django.get_version().encode())
    root = Path(settings.BASE_DIR)
    # The project's own apps and template folders: the code that makes what is cached.
    folders = [Path(config.path) for config in apps.get_app_configs()]
    folders += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    files = {
        path
        for folder in folders
        if folder.is_relative_to(root) and "site-packages" not in folder.parts
        for pattern in ("*.py", "*.html")
        for path in folder.rglob(pattern)
    }
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_read[T](partnership: Generational, build: Callable[[], T], *key: object) -> T:
    """`build()`, or what it returned for the same `key` since the partnership last
    changed: one cache read instead of the page's queries."""
    # Hashed: a cache key must be short and without spaces, whatever `key` holds.
    parts = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    full_key = f"page:{release_fingerprint()}:{partnership.pk}:{partnership.generation}:{parts}"
    # What `build` returned, here or in an earlier request; the cache API types it Any | None.
    return cast(T, cache.get_or_set(full_key, build, TIMEOUT))
