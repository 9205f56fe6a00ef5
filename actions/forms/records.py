"""Forms of the partnership's records: plans, measures and their values, and the request
for a briefing pack. Every write is validated here."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from actions.forms.fields import FindingsChoiceField
from actions.models import Measure, MeasureValue, Plan
from benchmarks.models import Indicator
from inspections.models import Finding, Partnership
from send_tracker.date_input import DateInputField


class PackRequestForm(forms.Form):
    """As of a date (default today), covering a period (default since the last pack)."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_id"] = uuid.uuid4()

    as_of = DateInputField(
        label="As of",
        error_messages={
            "required": "Enter the date the pack is as of",
            "invalid": "Enter a real date",
        },
    )
    since = DateInputField(
        label="Covering the period from",
        help_text="Leave empty for the period since the last pack (or the last 3 months).",
        required=False,
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
        field_classes = {"date": DateInputField}
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
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"start_date": DateInputField, "end_date": DateInputField}

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


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the partnership, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


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
            "indicator",
            "owner",
            "findings",
        ]
        labels = {
            "higher_is_better": "Higher values are better",
            "findings": "Findings it shows the impact of",
            "indicator": "National statistics (optional)",
            "owner": "Owner (optional)",
        }
        help_texts = {
            "indicator": "Its values, England, region and statistical neighbours then come "
            "from the imported national statistics for the partnership's local authority. "
            "Leave empty for local data entered here, such as a parent carer survey.",
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "findings": FindingsChoiceField,
            "owner": MemberChoiceField,
            "baseline_date": DateInputField,
            "target_date": DateInputField,
        }

    milestones = forms.CharField(
        label="Milestones (optional)",
        required=False,
        max_length=2000,
        help_text="One a line: the date and the value to reach by then, for example 2025-12-31 35",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(memberships__partnership=partnership).order_by(
            "first_name", "last_name", "username"
        )
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ModelChoiceField)
        indicator.queryset = Indicator.objects.order_by("name")
        indicator.empty_label = "None: values entered here"
        if self.instance.pk and not self.is_bound:
            self.initial["milestones"] = "\n".join(
                f"{m.date.isoformat()} {m.value.normalize():f}"
                for m in self.instance.milestones.all()
            )
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

    def clean_milestones(self) -> list[tuple[dt.date, Decimal]]:
        """Each line a date (YYYY-MM-DD) and a value; one milestone per date."""
        milestones: dict[dt.date, Decimal] = {}
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            try:
                if len(parts) != 2:
                    raise ValueError
                date, value = dt.date.fromisoformat(parts[0]), Decimal(parts[1].rstrip("%"))
                if not value.is_finite() or value < 0 or abs(value) >= 10**10:
                    raise ValueError
            except (ValueError, ArithmeticError):
                raise forms.ValidationError(
                    f"Line {number}: write the date as YYYY-MM-DD, then the value, "
                    "for example 2025-12-31 35"
                ) from None
            if date in milestones:
                raise forms.ValidationError(f"Line {number}: {date} has a milestone already")
            milestones[date] = value
        return sorted(milestones.items())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("unit") == Measure.Unit.PERCENT:
            for _, value in cleaned.get("milestones") or []:
                if value > 100:
                    self.add_error("milestones", "A percentage must be between 0 and 100")
                    break
        indicator = cleaned.get("indicator")
        if indicator is not None and cleaned.get("unit") and indicator.unit != cleaned["unit"]:
            self.add_error(
                "unit",
                f"The national statistics are in “{indicator.get_unit_display()}”: "
                "choose the same unit",
            )
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


class MeasureCommentaryForm(forms.Form):
    """The owner's short commentary on a red measure (the owner, officers and above)."""

    commentary = forms.CharField(
        label="Commentary",
        max_length=1000,
        help_text="Why the measure is red and what is being done: shown beside it on the "
        "pages and in the board pack.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the commentary",
            "max_length": "The commentary must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, measure: Measure, **kwargs) -> None:
        kwargs.setdefault("prefix", f"commentary-{measure.pk}")
        kwargs.setdefault("initial", {"commentary": measure.commentary})
        super().__init__(*args, **kwargs)
        self.measure = measure
