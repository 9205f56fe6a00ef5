"""The SQLite backend remembers its placeholder rewrites and otherwise is Django's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper as DjangoCursor

from inspections.models import Partnership
from send_tracker.sqlite.base import SQLiteCursorWrapper, qmark_query

QUERIES = [
    "SELECT 1",
    'SELECT "a" FROM "t" WHERE "b" = %s AND "c" IN (%s, %s)',
    'SELECT strftime(\'%%Y\', "d") FROM "t" WHERE "e" LIKE %s ESCAPE \'\\\'',
    "SELECT '100%%' || %s",
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_is_rewritten_as_django_rewrites_it(query):
    expected = DjangoCursor.convert_query(None, query)
    assert qmark_query(query) == expected
    assert qmark_query(query) == expected  # and again, from memory


@pytest.mark.django_db
def test_sqlite_connections_use_it_and_queries_with_percent_signs_work():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL takes %s placeholders as they are.")
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, SQLiteCursorWrapper)
        cursor.execute("SELECT '100%%', %s, %s", ["50%", 2])
        assert cursor.fetchone() == ("100%", "50%", 2)
        cursor.execute("SELECT %(a)s || %(b)s", {"a": "x", "b": "%y"})  # named style
        assert cursor.fetchone() == ("x%y",)
    Partnership.objects.create(name="Percent 100% Borough", slug="percent")
    assert list(
        Partnership.objects.filter(name__icontains="100%").values_list("slug", flat=True)
    ) == ["percent"]
    assert not Partnership.objects.filter(name__icontains="100%x").exists()
