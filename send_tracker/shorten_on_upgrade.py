"""Bring texts within a length limit the database is about to enforce, without losing them.

A migration that adds a `max_length_check` fails on a copy that already holds a longer text
(a description pasted from a 2.4 MB document, say). Nothing in the row can hold the overflow,
so the text is shortened with a marker saying so, and its history (django-simple-history,
whose historical fields have no length rule) keeps the full text: the row as it was is
recorded there first unless its newest historical row already holds it, then the shortened
row, by "System". Called from migrations' RunPython with the migration's `apps`; it names no
model of its own, so it imports no domain app.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils import timezone

KEPT = "The full text, recorded before it was shortened on upgrade"
SHORTENED = "Shortened on upgrade to fit its length limit"


def marker(limit: int) -> str:
    """What a shortened text ends with; a short field (a name, a title) gets an ellipsis."""
    if limit < 1000:
        return "…"
    return f"[… shortened to {limit:,} characters on upgrade; the full text is in the history]"


def shortened(text: str, limit: int) -> str:
    """`text` cut to fit `limit` characters with the marker; unchanged if it fits."""
    if len(text) <= limit:
        return text
    end = marker(limit)
    if len(end) == 1:
        return text[: limit - 1] + end
    return text[: limit - len(end) - 2].rstrip() + "\n\n" + end


def shorten_over_length(apps: Any, app_label: str, model_name: str, limits: dict[str, int]) -> int:
    """Shorten each over-length text of `model_name`'s rows (`limits`: field -> characters),
    recording the full and the shortened row in its history; returns how many rows changed."""
    model = apps.get_model(app_label, model_name)
    history = apps.get_model(app_label, f"Historical{model_name}")
    lengths = {f"length_{name}": Length(name) for name in limits}
    over = Q()
    for name, limit in limits.items():
        over |= Q(**{f"length_{name}__gt": limit})
    rows = list(model._base_manager.annotate(**lengths).filter(over).order_by("pk"))
    if not rows:
        return 0
    versioned = any(f.name == "version" for f in model._meta.concrete_fields)
    # The migration goes on to alter these tables in the same transaction, which PostgreSQL
    # refuses while the foreign keys of rows written here wait to be checked at commit.
    immediate = connection.vendor == "postgresql"
    if immediate:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for row in rows:
        latest = (
            history._base_manager.filter(id=row.pk).order_by("-history_date", "-history_id").first()
        )
        if latest is None or any(getattr(latest, n) != getattr(row, n) for n in limits):
            _record(history, model, row, KEPT)
        changes: dict[str, Any] = {
            name: shortened(getattr(row, name), limit) for name, limit in limits.items()
        }
        if versioned:
            changes["version"] = F("version") + 1
        model._base_manager.filter(pk=row.pk).update(**changes)
        row.refresh_from_db()
        _record(history, model, row, SHORTENED)
    if immediate:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return len(rows)


def _record(history: Any, model: Any, row: Any, reason: str) -> None:
    """One historical row holding `row` as it stands, by nobody (the upgrade)."""
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    history._base_manager.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_user=None,
        history_change_reason=reason,
    )
