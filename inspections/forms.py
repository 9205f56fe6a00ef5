"""Forms for recording what happened to a deadline."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from inspections.models import Deadline


class DeadlineStatusForm(forms.Form):
    """Mark a deadline met (with a date and evidence) or missed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    status = forms.ChoiceField(
        label="What happened?",
        choices=[(Deadline.Status.MET, "Met"), (Deadline.Status.MISSED, "Missed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the deadline was met or missed"},
    )
    met_date = forms.DateField(
        label="Date met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date"},
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What shows it was met, or why it was missed.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_evidence(self) -> str:
        evidence = self.cleaned_data["evidence"]
        if "\x00" in evidence:
            raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")
        return evidence.strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Deadline.Status.MET:
            met: dt.date | None = cleaned.get("met_date")
            if met is None and "met_date" not in self.errors:
                self.add_error("met_date", "Enter the date the deadline was met")
            elif met and met > timezone.localdate():
                self.add_error("met_date", "The date met must be today or in the past")
            elif met and met.year < 2000:
                self.add_error("met_date", "Enter a date after 2000")
            if not cleaned.get("evidence") and "evidence" not in self.errors:
                self.add_error("evidence", "Enter the evidence that the deadline was met")
        return cleaned
