"""Reads whose SQL is built once, then run again with new arguments.

Why: turning a QuerySet into SQL is pure Python, and on the main pages it cost far more
than running the SQL (about 2 ms against 0.2 ms a query on the reference machine, ten
times a page; docs/performance.md). A page's reads have fixed shapes: only the
partnership, the record and the dates change. So a hot read is written as an ordinary
`values()` or `values_list()` QuerySet inside a function decorated with `@prepared`:

    @prepared
    def open_deadlines(partnership_id: int, until: dt.date) -> QuerySet:
        return Deadline.objects.filter(partnership_id=partnership_id, due_date__lte=until)
            .values_list("pk", "title", "due_date")

    rows = open_deadlines(partnership_id=p.pk, until=soon)  # [Row(pk=…, title=…, …)]

The first call for a database compiles the QuerySet with stand-in arguments and notes
where each argument lands among the SQL parameters; every call then executes that SQL
with the real arguments, converts the values as the QuerySet would (dates, decimals)
and returns named tuples whose fields are the `values()` names. Queries still go through
Django's cursor, so query counting, logging and the test guards see them.

Only plain `int`, `str` and `datetime.date` arguments compared as single SQL parameters
are supported (an `int` is taken to be an id: one outside the 64-bit range finds nothing) (no `__in` lists, no `LIKE` patterns): anything else fails at the first
call with a message, and the tests call every prepared read. An argument typed
`int | None` (and so on) is optional: the function leaves its filter out when it is None,
and each combination of given and missing arguments is compiled once. Arguments named in
`@prepared(shape=("sort",))` may take any hashable value; they choose between shapes
(an ordering, say) and never reach the SQL as parameters.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED, F, Model, OrderBy, QuerySet, Subquery, TextField, Window
from django.db.models.functions import RowNumber

SUPPORTED = (int, str, dt.date)


@dataclass(frozen=True)
class _Shape:
    """One QuerySet compiled for one kind of database."""

    sql: str
    params: tuple[Any, ...]  # constants, with stand-ins where arguments go
    slots: tuple[tuple[int, str, bool], ...]  # (position, argument, as text)
    fields: tuple[Any, ...]  # the select expressions, for the value converters
    width: int | None  # columns to keep when ordering adds some (DISTINCT with ORDER BY)
    row: type


def _stand_in(kind: type, n: int) -> Any:
    """A value no real argument has, recognisable among the compiled parameters."""
    if kind is int:
        return -7_000_000_000_000 - n
    if kind is dt.date:
        return dt.date(1001 + n, 2, 3)
    return f"\N{WHITE SQUARE}prepared-{n}\N{WHITE SQUARE}"


def _kind(annotation: Any) -> tuple[type, bool]:
    """The argument's type and whether None is allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1 and members[0] in SUPPORTED:
            return members[0], True
    elif annotation in SUPPORTED:
        return annotation, False
    raise TypeError(annotation)


class Prepared:
    """A read built by `build(**arguments)`, compiled once per shape and kind of database."""

    def __init__(self, build: Callable[..., QuerySet], shape: tuple[str, ...] = ()) -> None:
        self.build = build
        self.shape_names = shape
        hints = typing.get_type_hints(build)
        hints.pop("return", None)
        self.kinds: dict[str, tuple[type, bool]] = {}
        for name, annotation in hints.items():
            if name in shape:
                continue
            try:
                self.kinds[name] = _kind(annotation)
            except TypeError:
                raise ImproperlyConfigured(
                    f"{build.__qualname__}: argument {name!r} must be int, str or date "
                    "(or None), or be named in shape=."
                ) from None
        self.names = set(hints) | set(shape)
        self._shapes: dict[tuple, _Shape] = {}
        functools.update_wrapper(self, build)

    def _compile(self, connection, arguments: dict[str, Any]) -> _Shape:
        stand_ins = {}
        for n, (name, (kind, _)) in enumerate(self.kinds.items()):
            if arguments[name] is not None:
                stand_ins[name] = _stand_in(kind, n)
        shape_arguments = {name: arguments[name] for name in self.shape_names}
        nones = {name: None for name in self.kinds if arguments[name] is None}
        queryset = self.build(**stand_ins, **nones, **shape_arguments)
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        names = (
            list(query.selected)
            if getattr(query, "selected", None)
            else [
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            ]
        )
        if not names:
            raise ImproperlyConfigured(
                f"{self.build.__qualname__} must return a values() or values_list() QuerySet."
            )
        slots = []
        for position, param in enumerate(params):
            for name, stand_in in stand_ins.items():
                if type(param) is type(stand_in) and param == stand_in:
                    slots.append((position, name, False))
                elif isinstance(param, str) and param == str(stand_in):
                    slots.append((position, name, True))
        missing = set(stand_ins) - {name for _, name, _ in slots}
        if missing:
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: {', '.join(sorted(missing))} must each be compared "
                "as one SQL parameter (not in a list, pattern or expression)."
            )
        fields = tuple(select[0] for select in compiler.select[: compiler.col_count])
        return _Shape(
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            fields=fields,
            width=compiler.col_count if compiler.has_extra_select else None,
            row=namedtuple(f"{self.build.__name__}_row", names),  # noqa: PYI024
        )

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **arguments: Any) -> list:
        if arguments.keys() != self.names:
            raise TypeError(f"{self.build.__qualname__} takes {', '.join(sorted(self.names))}.")
        for name, (kind, optional) in self.kinds.items():
            value = arguments[name]
            if value is None and optional:
                continue
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"{name} must be {kind.__name__}, not {value!r}.")
            if kind is int and not -(2**63) <= value < 2**63:
                return []  # no row has such an id (as the ORM answers; SQLite would raise)
        connection = connections[using]
        key = (
            using,
            connection.vendor,
            tuple(arguments[name] is None for name in self.kinds),
            tuple(arguments[name] for name in self.shape_names),
        )
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = self._compile(connection, arguments)
        params = list(shape.params)
        for position, name, as_text in shape.slots:
            value = arguments[name]
            params[position] = str(value) if as_text else value
        with connection.cursor() as cursor:
            cursor.execute(shape.sql, params)
            rows = cursor.fetchall()
        if shape.width is not None:
            rows = [row[: shape.width] for row in rows]
        converters = self._converters(shape, connection)
        if not converters:
            return [shape.row._make(row) for row in rows]
        result = []
        for row in rows:
            values = list(row)
            for position, found, field in converters:
                value = values[position]
                for convert in found:
                    value = convert(value, field, connection)
                values[position] = value
            result.append(shape.row._make(values))
        return result

    def _converters(self, shape: _Shape, connection) -> list:
        """The value converters of the shape's columns on this connection, remembered on
        the connection (they depend only on the columns and the connection's backend)."""
        cache = connection.__dict__.setdefault("_prepared_converters", {})
        converters = cache.get(id(shape))
        if converters is None:
            converters = []
            for position, field in enumerate(shape.fields):
                found = connection.ops.get_db_converters(field) + field.get_db_converters(
                    connection
                )
                if found:
                    converters.append((position, found, field))
            cache[id(shape)] = converters
        return converters


def prepared(build: Callable[..., QuerySet] | None = None, *, shape: tuple[str, ...] = ()) -> Any:
    """Decorator: compile the values() QuerySet `build` returns once per shape, run it often.

    `@prepared` or `@prepared(shape=("sort",))`.
    """
    if build is None:
        return lambda function: Prepared(function, shape)
    return Prepared(build, shape)


def hydrate(model: type[Model], using: str = DEFAULT_DB_ALIAS, **values: Any) -> Model:
    """A model instance from values read by a prepared query (as the ORM builds one: no
    save needed, fields not given are deferred). For the few records a page shows with
    their model behaviour (properties, forms); long lists stay as rows."""
    ordered = [values.pop(field.attname, DEFERRED) for field in model._meta.concrete_fields]
    if values:
        raise TypeError(f"{model.__name__} has no fields {', '.join(values)}.")
    return model.from_db(using, [field.attname for field in model._meta.concrete_fields], ordered)


POSITION = "json_position"


class JSONRows(Subquery):
    """A `values()` QuerySet's rows as one JSON array of objects, read as a column of the
    outer query: a record's short lists come with the record instead of a query each (on
    PostgreSQL every query is a round trip, about 0.15 ms on loopback).

    Use it for short lists (a finding's focus points, say), with `OuterRef` for the link,
    and read the column with `json_rows`, which returns the rows in the QuerySet's own
    `order_by()`: each row carries its position in that order, numbered by the database
    (so names sort by the database's collation, as before). Values arrive as JSON does:
    dates as ISO text, decimals as numbers, booleans as true/false (PostgreSQL) or 1/0
    (SQLite).
    """

    output_field = TextField()

    def __init__(self, queryset: QuerySet, **extra: Any) -> None:
        order = [
            term
            if hasattr(term, "resolve_expression")
            else OrderBy(F(term[1:]), descending=True)
            if term.startswith("-")
            else OrderBy(F(term))
            for term in queryset.query.order_by
        ]
        if order:
            queryset = queryset.annotate(**{POSITION: Window(RowNumber(), order_by=order)})
        super().__init__(queryset, **extra)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        # The SQL around the subquery is fixed; the keys are the values() names of our own
        # code (Python identifiers), quoted as columns; every value stays a parameter.
        sql, params = super().as_sql(compiler, connection, template, **extra_context)
        if connection.vendor == "postgresql":
            return f"(SELECT COALESCE(json_agg(t.*), '[]')::text FROM {sql} t)", params  # noqa: S608
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"JSONRows: no SQL for {connection.vendor}.")
        query = self.query
        names = (
            list(query.selected)
            if getattr(query, "selected", None)
            else [*query.values_select, *query.annotation_select]
        )
        if not all(name.isidentifier() for name in names):
            raise ValueError(f"JSONRows: column names must be identifiers, not {names}.")
        quote = connection.ops.quote_name
        pairs = ", ".join(f"'{name}', t.{quote(name)}" for name in names)
        return (
            f"(SELECT COALESCE(json_group_array(json_object({pairs})), '[]') FROM {sql} t)",  # noqa: S608
            params,
        )


class JoinedText(Subquery):
    """A one-column `values()` QuerySet's text joined with ";", in no particular order, as
    a column of the outer query (NULL when it has no rows). Unlike an aggregate over a
    filtered table, the QuerySet may be sliced: a record's latest few values, say, read
    straight from an index."""

    output_field = TextField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection, template, **extra_context)
        (name,) = self.query.values_select or self.query.annotation_select
        column = f"t.{connection.ops.quote_name(name)}"
        if connection.vendor == "postgresql":
            return f"(SELECT STRING_AGG({column}, ';') FROM {sql} t)", params  # noqa: S608
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"JoinedText: no SQL for {connection.vendor}.")
        return f"(SELECT GROUP_CONCAT({column}, ';') FROM {sql} t)", params  # noqa: S608


def json_rows(
    value: str | None,
    *,
    dates: tuple[str, ...] = (),
    decimals: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """The rows of a `JSONRows` column, in its QuerySet's order, with the types the ORM
    would give: the fields named in `dates` as dates, in `decimals` as Decimal (a number
    with a fraction always is, exactly as stored; SQLite gives whole ones as int), in
    `flags` as bool (SQLite gives 1/0). None stays None."""
    rows = json.loads(value, parse_float=Decimal) if value else []
    if rows and POSITION in rows[0]:
        rows.sort(key=lambda row: row.pop(POSITION))
    for row in rows:
        for name in dates:
            if row[name] is not None:
                row[name] = dt.date.fromisoformat(row[name])
        for name in decimals:
            if row[name] is not None:
                row[name] = Decimal(row[name])
        for name in flags:
            row[name] = bool(row[name])
    return rows


def json_objects(value: str | None, **conversions: tuple[str, ...]) -> list[types.SimpleNamespace]:
    """`json_rows` (same `dates`, `decimals`, `flags`) with attribute access, like the named
    tuples of prepared reads: for code that takes either."""
    return [types.SimpleNamespace(**row) for row in json_rows(value, **conversions)]
