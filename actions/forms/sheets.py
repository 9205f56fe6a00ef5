"""Forms of the spreadsheet import: the upload, and the mapping of the sheet's columns to
the tracker's fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F

from actions.models import Plan, SheetImport, SheetKind
from actions.sheets.cells import as_text
from actions.sheets.mapping import FIELDS, missing
from actions.sheets.read import MAX_ROWS, MAX_UPLOAD_BYTES
from inspections.models import Partnership

_MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)


class SheetUploadForm(forms.Form):
    """An XLSX or CSV file and, for actions, the plan new actions go into."""

    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"An Excel workbook (.xlsx) or a CSV file: up to {_MEGABYTES} MB and "
        f"{MAX_ROWS:,} rows.",
        error_messages={"required": "Choose the spreadsheet to upload"},
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        label="Plan that new actions go into",
        help_text="Rows that update an action leave it in its own plan.",
        error_messages={
            "required": "Choose the plan that new actions go into",
            "invalid_choice": "Choose one of this partnership's plans",
        },
    )

    def __init__(self, *args: Any, partnership: Partnership, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != SheetKind.ACTIONS:
            del self.fields["plan"]
            return
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = Plan.objects.for_partnership(partnership).order_by(
            F("start_date").desc(nulls_last=True), "title"
        )
        if not self.is_bound:
            self.initial["plan"] = plan.queryset.filter(superseded_by__isnull=True).first()

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        # Checked before anything reads the file, whatever Django's upload limits are.
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is bigger than {_MEGABYTES} MB: split it, or remove other sheets "
                "and pictures, and upload it again"
            )
        return upload


def _samples(upload: SheetImport) -> list[str]:
    """Each column's first value, to show beside its heading."""
    samples = [""] * len(upload.headers)
    for _, cells in upload.rows[:50]:
        for index, cell in enumerate(cells[: len(samples)]):
            if not samples[index]:
                samples[index] = as_text(cell)[:30]
        if all(samples):
            break
    return samples


class SheetMappingForm(forms.Form):
    """For each tracker field, the column that holds it (or none)."""

    def __init__(self, *args: Any, upload: SheetImport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload = upload
        samples = _samples(upload)
        columns = [
            (str(i), f"{h} (for example: {samples[i]})" if samples[i] else h)
            for i, h in enumerate(upload.headers)
        ]
        mapping = upload.column_mapping
        for tracker_field in FIELDS[SheetKind(upload.kind)]:
            self.fields[tracker_field.name] = forms.TypedChoiceField(
                label=tracker_field.label,
                help_text=tracker_field.hint,
                choices=[("", "Not in this spreadsheet"), *columns],
                coerce=int,
                required=False,
                empty_value=None,
                error_messages={"invalid_choice": "Choose one of the spreadsheet's columns"},
            )
            if not self.is_bound and tracker_field.name in mapping:
                self.initial[tracker_field.name] = mapping[tracker_field.name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        used: dict[int, str] = {}
        for name, index in list(self.cleaned_data.items()):
            if index is None:
                continue
            if index in used:
                heading = self.upload.headers[index]
                self.add_error(
                    name,
                    f"The column “{heading}” is already chosen for "
                    f"{self.fields[used[index]].label}: choose each column once",
                )
            else:
                used[index] = name
        if not self.errors:
            for what in missing(self.upload.kind, self.mapping()):
                self.add_error(None, f"Choose the column that holds the {what}")
        return self.cleaned_data

    def mapping(self) -> dict[str, int]:
        return {name: index for name, index in self.cleaned_data.items() if index is not None}
