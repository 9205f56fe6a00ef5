"""Django's SQLite backend, remembering how it rewrote each query's placeholders.

Django writes SQL with `%s` placeholders; Python's sqlite3 module wants `?`. Django's
SQLite cursor rewrites every query with a regular expression on every execution, which
for the main pages' one-query reads (several kilobytes of SQL each) cost over 0.1 ms a
request. The rewrite depends only on the SQL text, so it is remembered here. Everything
else is Django's backend unchanged. `settings.py` selects it for SQLite URLs.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.backends.sqlite3 import base


@lru_cache(maxsize=2048)
def qmark_query(query: str) -> str:
    """The query in sqlite3's "qmark" style, as Django's cursor would rewrite it."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return qmark_query(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> SQLiteCursorWrapper:
        return self.connection.cursor(factory=SQLiteCursorWrapper)
