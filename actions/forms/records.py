"""Forms of the partnership's records: plans, measures and their values, and the request
for a briefing pack. Every write is validated here."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from actions.forms.fields import FindingsChoiceField
from actions.models import Measure, MeasureValue, Plan
from inspections.models import Finding, Partnership


class PackRequestForm(forms.Form):
    """As of a date (default today), covering a period (default since the last pack)."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_id"] = uuid.uuid4()

    as_of = forms.DateField(
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the pack is as of",
            "invalid": "Enter a real date",
        },
    )
    since = forms.DateField(
        label="Covering the period from",
        help_text="Leave empty for the period since the last pack (or the last 3 months).",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and as_of > timezone.localdate():
            self.add_error("as_of", "The pack can only be as of today or an earlier date")
        if as_of and as_of.year < 2000:
            self.add_error("as_of", "Enter a date after 2000")
        if as_of and since and since > as_of:
            self.add_error("since", "The period must start on or before the ‘as of’ date")
        return cleaned


class MeasureValueForm(forms.ModelForm):
    """A new dated value of a measure (officers and above)."""

    class Meta:
        model = MeasureValue
        fields = ["date", "value", "note"]
        labels = {"date": "Date the value is for", "note": "Note (optional)"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "date": {"required": "Enter the date the value is for", "invalid": "Enter a real date"},
            "value": {"required": "Enter the value", "invalid": "Enter a number"},
        }

    def __init__(self, *args, measure: Measure, **kwargs) -> None:
        kwargs.setdefault("prefix", f"measure-{measure.pk}")  # one form per measure on a page
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        if date.year < 2000:
            raise forms.ValidationError("Enter a date after 2000")
        if MeasureValue.objects.filter(measure=self.measure, date=date).exists():
            raise forms.ValidationError("This measure already has a value for that date")
        return date

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        if self.measure.unit == Measure.Unit.PERCENT and not (0 <= value <= 100):
            raise forms.ValidationError("A percentage must be between 0 and 100")
        if value < 0:
            raise forms.ValidationError("The value cannot be negative")
        return value


class PlanForm(forms.ModelForm):
    """Record or correct a plan (officers and above)."""

    class Meta:
        model = Plan
        fields = ["title", "kind", "status", "start_date", "end_date", "supersedes", "summary"]
        labels = {"supersedes": "Replaces (optional)", "summary": "Summary (optional)"}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        others = Plan.objects.for_partnership(partnership)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        supersedes = self.fields["supersedes"]
        assert isinstance(supersedes, forms.ModelChoiceField)
        supersedes.queryset = others

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        same = Plan.objects.for_partnership(self.partnership).filter(title=title)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("This partnership already has a plan with this title")
        return title

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        replaced = cleaned.get("supersedes")
        if replaced is not None and self.instance.pk and self._replaces_itself(replaced.pk):
            self.add_error(
                "supersedes",
                f"{replaced.title} already replaces this plan, directly or through others: "
                "a plan cannot replace one that replaces it",
            )
        return cleaned

    def _replaces_itself(self, replaced_pk: int) -> bool:
        """Whether the chain of plans `replaced_pk` replaces leads back to this plan
        (one query: the partnership's plans and what each replaces)."""
        replaces = dict(
            Plan.objects.for_partnership(self.partnership).values_list("pk", "supersedes_id")
        )
        seen: set[int] = set()
        current: int | None = replaced_pk
        while current is not None and current not in seen:
            if current == self.instance.pk:
                return True
            seen.add(current)
            current = replaces.get(current)
        return False


class MeasureForm(forms.ModelForm):
    """Record or correct a measure's definition (officers and above)."""

    class Meta:
        model = Measure
        fields = [
            "name",
            "definition",
            "unit",
            "higher_is_better",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "england_average",
            "england_average_note",
            "findings",
        ]
        labels = {
            "higher_is_better": "Higher values are better",
            "findings": "Findings it shows the impact of",
        }
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.CheckboxSelectMultiple,
        }
        field_classes = {"findings": FindingsChoiceField}

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        findings = self.fields["findings"]
        assert isinstance(findings, FindingsChoiceField)
        findings.queryset = (
            Finding.objects.for_partnership(partnership)
            .priority_first()
            .select_related("inspection")
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        same = Measure.objects.for_partnership(self.partnership).filter(name=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("This partnership already has a measure with this name")
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("unit") == Measure.Unit.PERCENT:
            for name in ("baseline_value", "target_value", "england_average"):
                value = cleaned.get(name)
                if value is not None and not (0 <= value <= 100):
                    self.add_error(name, "A percentage must be between 0 and 100")
        for name in ("baseline_value", "target_value", "england_average"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, "The value cannot be negative")
        return cleaned
