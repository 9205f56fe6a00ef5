"""Idempotent writes: find a row by its natural key, create it or change only what differs."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models


class WriteCount(Protocol):
    created: int
    updated: int


def upsert[M: models.Model](
    model: type[M], count: WriteCount, lookup: dict[str, Any], values: dict[str, Any] | None = None
) -> M:
    """Get the row matching `lookup`; create it, or save only the fields that differ.

    Nothing is saved when nothing differs, so running an import or the demo load twice
    changes nothing (not even `auto_now` timestamps or the audit trail).
    """
    values = values or {}
    manager = model._default_manager  # Django's documented way to reach any model's rows
    obj = manager.filter(**lookup).first()
    if obj is None:
        count.created += 1
        return manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        count.updated += 1
    return obj
