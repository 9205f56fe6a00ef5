"""Withdrawn records: taken back from the pages, never deleted.

A record recorded by mistake (an action, a finding, a whole inspection…) is withdrawn with
a reason. It leaves every page, PDF and count, because each withdrawable model's default
manager (`CurrentManager`, the first one it declares) leaves it out; Django uses the
default manager for reverse relations and prefetches too, so `finding.actions.all()` skips
withdrawn actions without each read saying so. Its history (django-simple-history) keeps
who withdrew it, when and why. `all_objects` reaches withdrawn rows where that is the point
(the history, the admin).

Uniqueness rules name `CURRENT` as their condition, so a record can be recorded again
correctly after the wrong one is withdrawn.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# The condition of a uniqueness rule that ignores withdrawn rows.
CURRENT = Q(withdrawn_at__isnull=True)
MAX_REASON = 1000


class CurrentManager(models.Manager):
    """Rows that are not withdrawn. Declared first, it is the model's default manager."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """A record that can be withdrawn (with who, when and why) instead of deleted."""

    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(
        blank=True, editable=False, help_text="Why it was withdrawn."
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def withdrawal_checks(prefix: str) -> list[models.BaseConstraint]:
    """Database rules of every withdrawable model: a withdrawn row has a reason (of at most
    MAX_REASON characters), a current one has none."""
    return [
        models.CheckConstraint(
            condition=(Q(withdrawn_at__isnull=True) & Q(withdrawal_reason=""))
            | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
            name=f"{prefix}_withdrawn_with_reason",
        ),
        max_length_check(f"{prefix}_withdrawal_reason", "withdrawal_reason", MAX_REASON),
    ]


def max_length_check(name: str, field: str, limit: int) -> models.CheckConstraint:
    """A text field's length limit kept by the database itself (SQLite does not enforce a
    VARCHAR's length, and a TextField has none)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit), name=f"{name}_max_length"
    )
