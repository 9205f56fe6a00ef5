"""The audit trail (django-simple-history) read back as people see it, and stale-edit checks.

Writes to versioned rows (actions, deadlines) go through `save_if_current`: it locks the
row, refuses the write if someone saved since the form was shown, and saves through the
ORM so the history records each successful write exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from send_tracker.presentation import format_date

# Fields that change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"id", "updated_at", "version", "created_at", "submission_id"}
ACTION_WORDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


class Versioned(models.Model):
    """A record whose writes are checked against the version the user's form was shown
    with (`save_if_current`)."""

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases with every change; stale edits are refused."
    )

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Someone saved the row after the form was shown; nothing was written."""

    def __init__(self, current_version: int) -> None:
        super().__init__("The record was changed by someone else.")
        self.current_version = current_version


class RecordGone(StaleEdit):
    """The row left the queryset the save goes through (withdrawn, say) after this request
    read it; nothing was written. A StaleEdit, so a view that reads the record again to show
    the conflict answers 404 as it would had the record been gone when the request came."""


def save_if_current[M: Versioned](
    queryset: models.QuerySet[M], obj: M, *, expected_version: int, changes: dict[str, Any]
) -> M:
    """Apply `changes` to `obj` (the row as this request read it) and save it, bumping its
    version, unless someone saved it since the form was shown (`expected_version`) or since
    this request read it: then StaleEdit, and nothing is written. A row no longer in
    `queryset` (withdrawn meanwhile) is RecordGone, a StaleEdit.

    Only the row's version is read again, under a lock (SELECT … FOR UPDATE), so two saves
    from the same version cannot both pass.
    """
    with transaction.atomic():
        try:
            stored = (
                queryset.select_for_update()
                .filter(pk=obj.pk)
                .values_list("version", flat=True)
                .get()
            )
        except queryset.model.DoesNotExist:
            raise RecordGone(obj.version) from None
        if stored != expected_version or stored != obj.version:
            raise StaleEdit(stored)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.version = stored + 1
        obj.save()
    return obj


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    """One create, change or delete of one record."""

    when: dt.datetime
    who: str
    action: str
    record_type: str
    record: str
    changes: list[FieldChange] = field(default_factory=list)
    user_id: int | None = None
    url: str = ""  # the record's History page, where it has one


def _display(record: models.Model, name: str) -> str:
    """A field's value the way a person reads it (choice labels, related names)."""
    model_field = record._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # a concrete field (see _fields)
    if model_field.choices:
        return str(getattr(record, f"get_{name}_display")())
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "(empty)"
    if model_field.is_relation:
        related = getattr(record, name, None)
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _record_label(record: Any) -> str:
    """A short name for the record, from its own fields only (no extra queries)."""
    for name in ("title", "name"):
        if hasattr(record, name):
            return str(getattr(record, name))
    if hasattr(record, "narrative") and hasattr(record, "date"):
        return f"Progress update of {format_date(record.date)}"
    if hasattr(record, "statement"):
        return f"{record.get_kind_display()} {record.number}"
    if hasattr(record, "text"):
        return record.text[:80]
    if hasattr(record, "outcome") and hasattr(record, "finding_id"):
        return f"Judgement: {record.get_outcome_display()}"
    if hasattr(record, "value") and hasattr(record, "date"):
        return f"Value {record.value} at {format_date(record.date)}"
    if hasattr(record, "start_date") and hasattr(record, "kind"):
        return f"{record.get_kind_display()}, {format_date(record.start_date)}"
    if hasattr(record, "role"):
        return f"Membership ({record.get_role_display()})"
    return f"#{record.id}"


def _sentence_case(text: str) -> str:
    """'RAG rating' stays; 'status' becomes 'Status'."""
    return text[:1].upper() + text[1:]


def _label(record: models.Model, name: str) -> str:
    model_field = record._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return _sentence_case(str(model_field.verbose_name))


def _fields(record: Any) -> list[str]:
    """The fields of a history row's record worth showing (simple_history's rows carry the
    record's model as `instance_type`)."""
    return [
        f.name for f in record.instance_type._meta.concrete_fields if f.name not in HIDDEN_FIELDS
    ]


def _who(record: Any) -> tuple[str, int | None]:
    user = record.history_user
    if user is None:
        return "System (data load or command line)", None
    return (user.get_full_name() or user.get_username()), user.pk


def entries_for(
    records: Iterable[Any], previous: dict[int, Any] | None = None, *, with_changes: bool = True
) -> list[Entry]:
    """Turn history rows (oldest first per object) into entries with field changes."""
    last: dict[int, Any] = dict(previous or {})
    entries: list[Entry] = []
    for record in records:
        who, user_id = _who(record)
        before = last.get(record.id)
        changes: list[FieldChange] = []
        names = _fields(record)
        if not with_changes:
            pass
        elif record.history_type == "~" and before is not None:
            for name in names:
                old, new = _display(before, name), _display(record, name)
                if old != new:
                    changes.append(FieldChange(_label(record, name), old, new))
        elif record.history_type == "+":
            changes = [
                FieldChange(_label(record, n), "", _display(record, n))
                for n in names
                if _display(record, n) != "(empty)"
            ]
        last[record.id] = record
        entries.append(
            Entry(
                when=record.history_date,
                who=who,
                user_id=user_id,
                action=ACTION_WORDS[record.history_type],
                record_type=_sentence_case(str(record.instance_type._meta.verbose_name)),
                record=_record_label(record),
                changes=changes,
            )
        )
    return entries


class Audited(Protocol):
    """A record with django-simple-history's `history` manager of its past versions."""

    pk: Any
    history: Any


def history_of(obj: Audited) -> list[Entry]:
    """Every recorded version of one object, newest first, with what changed."""
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    return list(reversed(entries_for(records)))


def changes_since(obj: Audited, seen_version: int) -> list[Entry]:
    """What others saved after the version the user's form was built from."""
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    seen = [r for r in records if r.version <= seen_version]
    later = [r for r in records if r.version > seen_version]
    previous = {obj.pk: seen[-1]} if seen else {}
    return entries_for(later, previous)


def history_page(
    request: HttpRequest, obj: Audited, *, subject: str, kind: str, back_url: str
) -> HttpResponse:
    """The History page of one record (shared by actions, findings and deadlines)."""
    return render(
        request,
        "history.html",
        {"subject": subject, "kind": kind, "entries": history_of(obj), "back_url": back_url},
    )
