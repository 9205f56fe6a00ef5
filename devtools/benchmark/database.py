"""Where the page benchmark runs: a scratch database (or, for the test suite, the test
database inside a transaction rolled back), static URLs without a manifest, and the name and
version of the database for the report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.test.utils import setup_databases, teardown_databases


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A new, migrated `test_…` database beside the configured one, destroyed afterwards."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    with tempfile.TemporaryDirectory(prefix="benchmark-pages-") as tmp:
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(tmp) / "test_benchmark.sqlite3")
        else:
            base = Path(str(connection.settings_dict["NAME"])).name
            test_settings["NAME"] = f"test_{base}_benchmark_{os.getpid()}"
        # `aliases` maps each alias to whether it is serialized, as Django's test runner passes it.
        old_config = setup_databases(
            verbosity=0,
            interactive=False,
            aliases={DEFAULT_DB_ALIAS: False},
            serialized_aliases=set(),
        )
        try:
            yield test_settings["NAME"]
        finally:
            teardown_databases(old_config, verbosity=0)
            test_settings["NAME"] = saved


@contextlib.contextmanager
def rolled_back() -> Iterator[str]:
    """For the test suite: the current (test) database, inside a transaction rolled back."""
    name = str(connection.settings_dict["NAME"])
    # The wrapper itself: isinstance does not see through the `connection` proxy.
    database = connections[DEFAULT_DB_ALIAS]
    in_memory = isinstance(database, SQLiteDatabaseWrapper) and database.is_in_memory_db()
    if not (in_memory or Path(name).name.startswith("test")):
        raise CommandError(
            f"--rollback only runs in a test database (this one is {name!r}); "
            "without it the benchmark makes its own scratch database."
        )
    try:
        with transaction.atomic():
            yield name
            raise _Rollback
    except _Rollback:
        pass


def static_storage_override() -> dict:
    """Production settings keep static URLs in a manifest that `collectstatic` writes; with
    no manifest (a development checkout) use plain static URLs rather than fail."""
    try:
        staticfiles_storage.url("css/app.css")
    except ValueError:
        storages = dict(settings.STORAGES)
        storages["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        return {"STORAGES": storages}
    return {}


def database_version() -> str:
    if connection.vendor == "postgresql":
        major, minor = connection.get_database_version()  # divmod(pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name
