"""The partnership's own assessment of an area for priority action (officers record it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from actions.models import SelfEvaluation
from actions.models.evaluation import MAX_EVIDENCE
from send_tracker.date_input import DateInputField

Assessment = SelfEvaluation.Assessment


class SelfEvaluationForm(forms.Form):
    """Assessment, evidence and date. `version` is the self-evaluation's version the form
    was shown with (empty for the first), so a save after someone else's is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    assessment = forms.ChoiceField(
        label="The partnership's own assessment of its action",
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose effective, not yet effective or not assessed",
            "invalid_choice": "Choose effective, not yet effective or not assessed",
        },
    )
    evidence = forms.CharField(
        label="Summary of the evidence",
        help_text=(
            "What has changed for children, young people and families, and what shows it. "
            f"At most {MAX_EVIDENCE:,} characters."
        ),
        required=False,
        max_length=MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    assessed_on = DateInputField(
        label="Date of the assessment",
        error_messages={
            "required": "Enter the date of the assessment",
            "invalid": "Enter a real date",
        },
    )

    @classmethod
    def for_evaluation(cls, evaluation: SelfEvaluation | None) -> SelfEvaluationForm:
        """The form as the current self-evaluation stands (today's date for a first one)."""
        if evaluation is None:
            return cls(initial={"version": 0, "assessed_on": timezone.localdate()})
        return cls(
            initial={
                "version": evaluation.version,
                "assessment": evaluation.assessment,
                "evidence": evaluation.evidence,
                "assessed_on": evaluation.assessed_on,
            }
        )

    def rebound_to(self, version: int) -> SelfEvaluationForm:
        """The user's values again, now based on `version`, to save again if they still want."""
        data = dict(self.data.items())
        data["version"] = str(version)
        return SelfEvaluationForm(data)

    def clean_evidence(self) -> str:
        evidence = self.cleaned_data["evidence"]
        if "\x00" in evidence:
            raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")
        return evidence.strip()

    def clean_assessed_on(self) -> dt.date:
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > timezone.localdate():
            raise forms.ValidationError("The date of the assessment must be today or in the past")
        if assessed_on.year < 2000:
            raise forms.ValidationError("Enter a date after 2000")
        return assessed_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        assessed = cleaned.get("assessment") in (Assessment.EFFECTIVE, Assessment.NOT_YET_EFFECTIVE)
        if assessed and not cleaned.get("evidence") and "evidence" not in self.errors:
            self.add_error("evidence", "Enter a summary of the evidence behind the assessment")
        return cleaned
