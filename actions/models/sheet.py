"""Spreadsheets uploaded for import, held between the upload, the mapping and the save.

An upload is read once (`actions.sheets.read`) and kept as its header and cell values, so
the mapping and preview pages never read the file again. Nothing in it touches the
partnership's records until the officer saves, and then only when every row is valid.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from inspections.models import Partnership, PartnershipScopedQuerySet
from send_tracker.withdrawal import max_length_check

MAX_FILENAME = 255
MAX_SHEET_NAME = 100


class SheetKind(models.TextChoices):
    ACTIONS = "actions", "Actions"
    MEASURE_VALUES = "measure_values", "Measure values"


class SheetImportQuerySet(PartnershipScopedQuerySet["SheetImport"]):
    def unsaved(self) -> Self:
        return self.filter(saved_at__isnull=True)


class SheetImport(models.Model):
    """One uploaded spreadsheet: its rows as read, the mapping chosen, and when it was saved."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="sheet_imports"
    )
    kind = models.CharField(max_length=20, choices=SheetKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sheet_imports"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=MAX_FILENAME)
    sheet_name = models.CharField(max_length=MAX_SHEET_NAME, blank=True)
    # The plan new actions go into (actions only); chosen on upload.
    plan = models.ForeignKey(
        "actions.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # [header, ...] and [[row number, [cell, ...]], ...], cells as JSON values (dates as
    # ISO strings tagged by `actions.sheets.cells.to_json`).
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    notes = models.JSONField(default=list, help_text="What reading the file noticed, in words.")
    mapping = models.JSONField(default=dict, help_text="Tracker field -> column index.")
    saved_at = models.DateTimeField(null=True, blank=True)

    objects = SheetImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["actions", "measure_values"]), name="sheet_import_kind_valid"
            ),
            max_length_check("sheet_import_filename", "filename", MAX_FILENAME),
            max_length_check("sheet_import_sheet_name", "sheet_name", MAX_SHEET_NAME),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def column_mapping(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in (self.mapping or {}).items()}


class SheetMapping(models.Model):
    """The mapping a partnership last used for a kind of import, by header text, so the
    next upload of the same tracker needs no mapping again."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="sheet_mappings"
    )
    kind = models.CharField(max_length=20, choices=SheetKind.choices)
    headers = models.JSONField(default=dict, help_text="Tracker field -> header text.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind"], name="sheet_mapping_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["actions", "measure_values"]), name="sheet_mapping_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.kind}"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.headers or {})
