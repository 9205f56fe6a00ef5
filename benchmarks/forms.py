"""The staff's forms: a file to read, then which of its columns to import and how."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from benchmarks.ees import MAX_UPLOAD_BYTES, EesFile
from benchmarks.models import MAX_INDICATOR_NAME, MAX_RELEASE, MAX_SOURCE, Indicator
from benchmarks.services import IndicatorChoice

_MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)


class StatisticsUploadForm(forms.Form):
    """An EES CSV file (or the neighbours file), as downloaded."""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text=f"As downloaded from Explore Education Statistics: up to {_MEGABYTES} MB.",
        error_messages={"required": "Choose a CSV file"},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        # Checked before anything reads the file, whatever Django's upload limits are.
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is too big: the largest file you can upload is {_MEGABYTES} MB"
            )
        return upload


class IndicatorChoiceForm(forms.Form):
    """Which column, for which breakdown, and how the indicator is named and read."""

    column = forms.ChoiceField(
        label="Column of figures",
        error_messages={"required": "Choose the column", "invalid_choice": "Choose a column"},
    )
    breakdown = forms.ChoiceField(
        label="Breakdown",
        error_messages={"required": "Choose the breakdown", "invalid_choice": "Choose one"},
    )
    name = forms.CharField(
        label="Name of the indicator",
        max_length=MAX_INDICATOR_NAME,
        help_text="As partnerships will see it, e.g. New EHC plans issued within 20 weeks",
        error_messages={"required": "Enter the indicator's name"},
    )
    unit = forms.ChoiceField(label="Unit", choices=Indicator.Unit.choices)
    polarity = forms.ChoiceField(
        label="Which is better",
        choices=[("higher", "Higher is better"), ("lower", "Lower is better")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether higher or lower is better"},
    )
    source = forms.CharField(
        label="Source",
        max_length=MAX_SOURCE,
        help_text="Publisher and publication, e.g. DfE, Education, health and care plans",
        error_messages={"required": "Enter the source"},
    )
    release = forms.CharField(
        label="Release",
        max_length=MAX_RELEASE,
        help_text="Which release the file is from, e.g. June 2025",
        error_messages={"required": "Enter the release"},
    )

    def __init__(self, *args: Any, file: EesFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.file = file
        self.breakdown_options = file.breakdowns()
        column = self.fields["column"]
        assert isinstance(column, forms.ChoiceField)
        column.choices = [("", "Choose a column"), *((c, c) for c in file.figure_columns())]
        breakdown = self.fields["breakdown"]
        assert isinstance(breakdown, forms.ChoiceField)
        breakdown.choices = [
            (str(i), f"{topic}: {name}" if topic and topic != name else (name or "All rows"))
            for i, (topic, name) in enumerate(self.breakdown_options)
        ]

    def choice(self) -> IndicatorChoice:
        data = self.cleaned_data
        return IndicatorChoice(
            column=data["column"],
            breakdown=self.breakdown_options[int(data["breakdown"])],
            name=data["name"].strip(),
            unit=data["unit"],
            higher_is_better=data["polarity"] == "higher",
            source=data["source"].strip(),
            release=data["release"].strip(),
        )
