"""Forms for importing a report: the upload, and the review of what was read (the report
itself here; the areas, judgements, team and addressees it repeats are in formsets.py).

The review round-trips the whole structure as ordinary form fields (never a pickled or
signed blob), so every value the officer saves is validated again here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from inspections.importer.extract import MAX_UPLOAD_BYTES
from inspections.importer.form_fields import TextField, date_field
from inspections.importer.formsets import (
    AddresseeFormSet,
    AreaFormSet,
    JudgementFormSetClass,
    PersonFormSet,
)
from inspections.importer.result import (
    AddresseeRead,
    ImprovementArea,
    JudgementRead,
    ParsedReport,
    PriorityArea,
    TeamMemberRead,
)
from send_tracker.form_words import own_errors

MAX_SOURCE_CHARS = 300_000  # the extracted text shown beside the form (reports: ~30,000)
_MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)

# --- Upload --------------------------------------------------------------------------------


class UploadForm(forms.Form):
    """A PDF as published, or the text of a report or letter."""

    report = forms.FileField(
        label="Upload the report or letter (PDF)",
        help_text=f"The PDF as published by Ofsted: up to {_MEGABYTES} MB.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    text = TextField(
        label="Or paste its text",
        help_text="For a letter you have as text, or a report copied from its PDF.",
        max_length=MAX_UPLOAD_BYTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_report(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("report")
        # Checked before anything reads the file, whatever Django's upload limits are.
        if upload is not None and (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is too big: the largest file you can upload is {_MEGABYTES} MB"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        has_file = bool(cleaned.get("report"))
        has_text = bool((cleaned.get("text") or "").strip())
        if not self.errors:
            if has_file and has_text:
                self.add_error("report", "Upload a file or paste text, not both")
            elif not has_file and not has_text:
                self.add_error("report", "Choose the report’s PDF, or paste its text")
        return cleaned


# --- Review --------------------------------------------------------------------------------


class ReportForm(forms.Form):
    """The inspection itself."""

    kind = forms.ChoiceField(
        choices=[("full", "Full inspection report"), ("monitoring", "Monitoring letter")],
        widget=forms.HiddenInput,
    )
    local_area = TextField(label="Local area", required=True, max_length=120)
    start_date = date_field("First day of the inspection")
    end_date = date_field("Last day of the inspection")
    published_date = date_field("Date published (or of the letter)", required=False)
    previous_inspection = TextField(
        label="Previous inspection (for a letter: the inspection it follows)",
        help_text="As printed, e.g. 13 to 17 November 2023.",
        max_length=200,
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[
            ("", "Not a full inspection"),
            ("positive", "Positive experiences and outcomes"),
            ("inconsistent", "Inconsistent experiences and outcomes"),
            ("systemic", "Widespread and/or systemic failings"),
        ],
    )
    outcome_text = TextField(
        label="Outcome as published", max_length=5_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    source_text = TextField(max_length=MAX_SOURCE_CHARS, strip=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start: dt.date | None = cleaned.get("start_date")
        end: dt.date | None = cleaned.get("end_date")
        published: dt.date | None = cleaned.get("published_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day")
        for name, value in (
            ("start_date", start),
            ("end_date", end),
            ("published_date", published),
        ):
            if value and not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
                self.add_error(name, "Enter a date between 2000 and 2100")
        if published and end and published < end:
            self.add_error(
                "published_date", "The report cannot be published before the inspection ends"
            )
        kind = cleaned.get("kind")
        if kind == "monitoring" and cleaned.get("outcome"):
            self.add_error(
                "outcome",
                "A monitoring letter has no overall outcome: choose “Not a full inspection”",
            )
        if kind == "full" and not cleaned.get("outcome"):
            self.add_error("outcome", "Choose the inspection’s outcome")
        if kind == "monitoring" and not cleaned.get("previous_inspection"):
            self.add_error(
                "previous_inspection", "Enter the dates of the inspection the letter follows"
            )
        return cleaned


def _lines(value: str) -> list[str]:
    return [line.strip().lstrip("•▪-* ").strip() for line in value.splitlines() if line.strip()]


class ReviewForms:
    """Every form and formset of the review page, bound or filled in from a report."""

    def __init__(
        self, data: Any = None, parsed: ParsedReport | None = None, source_text: str = ""
    ) -> None:
        initial = _initial(parsed, source_text) if parsed is not None else {}
        self.report = ReportForm(data, prefix="report", initial=initial.get("report"))
        self.priority = AreaFormSet(data, prefix="apa", initial=initial.get("apa"))
        self.improvement = AreaFormSet(data, prefix="afi", initial=initial.get("afi"))
        self.judgements = JudgementFormSetClass(
            data, prefix="judgement", initial=initial.get("judgement")
        )
        self.team = PersonFormSet(data, prefix="team", initial=initial.get("team"))
        self.addressees = AddresseeFormSet(
            data, prefix="addressee", initial=initial.get("addressee")
        )

    @property
    def all(self) -> list[Any]:
        return [
            self.report,
            self.priority,
            self.improvement,
            self.judgements,
            self.team,
            self.addressees,
        ]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all])  # validate every one, for errors

    @property
    def kind(self) -> str:
        return self.report["kind"].value() or "full"

    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        found: list[tuple[str, str]] = []
        for error in self.report.non_field_errors():
            found.append(("report-main", str(error)))
        for field in self.report:
            found.extend((field.id_for_label, e) for e in own_errors(field))
        for formset in self.all[1:]:
            for error in formset.non_form_errors():
                found.append((f"{formset.prefix}-section", str(error)))
            for form in formset.forms:
                for field in form:
                    found.extend((field.id_for_label, e) for e in own_errors(field))
        return found

    def parsed(self) -> ParsedReport:
        """The reviewed report, from the cleaned data (call after is_valid())."""
        report = self.report.cleaned_data
        return ParsedReport(
            kind=report["kind"],
            local_area=report["local_area"],
            start_date=report["start_date"],
            end_date=report["end_date"],
            published_date=report.get("published_date"),
            previous_inspection=report.get("previous_inspection") or None,
            outcome=report.get("outcome") or None,
            outcome_text=report.get("outcome_text", ""),
            priority_areas=[
                PriorityArea(
                    number=d["number"],
                    responsible_body=d.get("responsible_body", ""),
                    statement=d["statement"],
                    focus_points=_lines(d.get("focus_points", "")),
                    focus_points_intro=d.get("focus_points_intro", ""),
                )
                for d in _kept(self.priority)
            ],
            improvement_areas=[
                ImprovementArea(
                    number=d["number"],
                    responsible_body=d.get("responsible_body") or None,
                    statement=d["statement"],
                    focus_points=_lines(d.get("focus_points", "")),
                    focus_points_intro=d.get("focus_points_intro", ""),
                )
                for d in _kept(self.improvement)
            ],
            judgements=[
                JudgementRead(d["area_number"], d["outcome"], d.get("narrative", ""))
                for d in _kept(self.judgements)
            ],
            team=[
                TeamMemberRead(d["name"], d["role"], d["inspectorate"]) for d in _kept(self.team)
            ],
            addressees=[
                AddresseeRead(d["name"], d.get("role", ""), d.get("organisation", ""))
                for d in _kept(self.addressees)
            ],
        )


def _kept(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """Cleaned data of the rows filled in and not marked for removal, in page order."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _initial(parsed: ParsedReport, source_text: str) -> dict[str, Any]:
    def area(a: PriorityArea | ImprovementArea) -> dict[str, Any]:
        return {
            "number": a.number,
            "responsible_body": a.responsible_body or "",
            "statement": a.statement,
            "focus_points_intro": a.focus_points_intro,
            "focus_points": "\n".join(a.focus_points),
        }

    return {
        "report": {
            "kind": parsed.kind,
            "local_area": parsed.local_area,
            "start_date": parsed.start_date,
            "end_date": parsed.end_date,
            "published_date": parsed.published_date,
            "previous_inspection": parsed.previous_inspection or "",
            "outcome": parsed.outcome or "",
            "outcome_text": parsed.outcome_text,
            "source_text": source_text[:MAX_SOURCE_CHARS],
        },
        # A letter restates the areas it judges; they are not saved again (the judgements
        # attach to the recorded inspection's findings), so the review shows judgements only.
        "apa": [area(a) for a in parsed.priority_areas] if parsed.kind == "full" else [],
        "afi": [area(a) for a in parsed.improvement_areas],
        "judgement": [
            {"area_number": j.area_number, "outcome": j.outcome, "narrative": j.narrative}
            for j in parsed.judgements
        ],
        "team": [
            {"name": m.name, "role": m.role, "inspectorate": m.inspectorate} for m in parsed.team
        ],
        "addressee": [
            {"name": a.name, "role": a.role, "organisation": a.organisation}
            for a in parsed.addressees
        ],
    }
