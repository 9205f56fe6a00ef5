"""Forms for correcting the record by hand: a finding, a focus point, a judgement, and the
reason for withdrawing any of them (or a whole inspection).

Every choice is read from the partnership's current records, so an id of another
partnership, or of a withdrawn record, is "not one of the choices": a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms

from inspections.corrections import FINDING_KINDS, JUDGED_KIND, OUTCOMES
from inspections.models import Finding, FocusPoint, Inspection, Judgement, Organisation
from inspections.models.finding import MAX_JUDGEMENT, MAX_STATEMENT
from send_tracker.choices import RecordsChoiceField
from send_tracker.withdrawal import MAX_REASON


def clean_text(value: str) -> str:
    """Text as typed, trimmed; a NUL byte (which PostgreSQL refuses) is a form error."""
    if "\x00" in value:
        raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")
    return value.strip()


PLURALS = {
    Finding.Kind.PRIORITY_ACTION: "areas for priority action",
    Finding.Kind.IMPROVEMENT: "areas for improvement",
    Finding.Kind.WEAKNESS: "areas of weakness",
}


class BodiesField(RecordsChoiceField[Organisation]):
    """The partnership's organisations, by name (an impossible id is a form error: see
    RecordsChoiceField)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class FindingForm(forms.Form):
    """A finding as the report states it."""

    kind = forms.ChoiceField(
        label="Kind of finding", error_messages={"required": "Choose the kind of finding"}
    )
    number = forms.IntegerField(
        label="Number",
        help_text="As numbered in the report, e.g. 1 for area for priority action 1.",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Enter the finding's number",
            "invalid": "Enter the number as digits, e.g. 1",
        },
    )
    statement = forms.CharField(
        label="Statement",
        max_length=MAX_STATEMENT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the report says"},
    )
    focus_points_intro = forms.CharField(
        label="Sentence before the focus points (optional)",
        help_text="e.g. “In particular, they should urgently improve:”",
        max_length=300,
        required=False,
    )
    responsible_bodies = BodiesField(
        label="Responsible bodies",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The organisations the report names as responsible, if any.",
    )

    def __init__(self, *args: Any, inspection: Inspection, finding: Finding | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.inspection, self.finding = inspection, finding
        kinds = FINDING_KINDS.get(inspection.kind, [])
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, k.label) for k in kinds]
        bodies = self.fields["responsible_bodies"]
        assert isinstance(bodies, forms.ModelMultipleChoiceField)
        bodies.queryset = Organisation.objects.for_partnership(inspection.partnership).order_by(
            "kind", "name"
        )
        if finding is not None and not self.is_bound:
            self.initial = {
                "kind": finding.kind,
                "number": finding.number,
                "statement": finding.statement,
                "focus_points_intro": finding.focus_points_intro,
                "responsible_bodies": [org.pk for org in finding.responsible_bodies.all()],
            }

    def clean_statement(self) -> str:
        statement = clean_text(self.cleaned_data["statement"])
        if not statement:
            raise forms.ValidationError("Enter what the report says")
        return statement

    def clean_focus_points_intro(self) -> str:
        return clean_text(self.cleaned_data["focus_points_intro"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind and number:
            same = Finding.objects.filter(inspection=self.inspection, kind=kind, number=number)
            if self.finding is not None:
                same = same.exclude(pk=self.finding.pk)
            if same.exists():
                label = Finding.Kind(kind).label.lower()
                self.add_error(
                    "number", f"This inspection already has {label} {number}: choose another number"
                )
        if (
            self.finding is not None
            and kind
            and kind != self.finding.kind
            and Judgement.objects.filter(finding=self.finding).exists()
        ):
            self.add_error("kind", "A finding that has been judged keeps its kind")
        return cleaned

    def details(self) -> dict[str, Any]:
        """The finding's own fields, for `corrections.finding_save`."""
        names = ("kind", "number", "statement", "focus_points_intro")
        return {name: self.cleaned_data[name] for name in names}


class FocusPointForm(forms.Form):
    """One “in particular…” bullet point of a finding."""

    order = forms.IntegerField(
        label="Position",
        help_text="Where it comes in the list: 1 for the first bullet point.",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Enter the bullet point's position",
            "invalid": "Enter the position as digits, e.g. 1",
        },
    )
    text = forms.CharField(
        label="Text",
        max_length=MAX_STATEMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the bullet point's text"},
    )

    def __init__(self, *args: Any, finding: Finding, point: FocusPoint | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.finding, self.point = finding, point
        if not self.is_bound:
            if point is not None:
                self.initial = {"order": point.order, "text": point.text}
            else:
                last = FocusPoint.objects.filter(finding=finding).order_by("-order").first()
                self.initial = {"order": (last.order + 1) if last else 1}

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError("Enter the bullet point's text")
        return text

    def clean_order(self) -> int:
        order: int = self.cleaned_data["order"]
        same = FocusPoint.objects.filter(finding=self.finding, order=order)
        if self.point is not None:
            same = same.exclude(pk=self.point.pk)
        if same.exists():
            raise forms.ValidationError(
                f"Bullet point {order} of this finding is already recorded: choose another position"
            )
        return order


class InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}, {obj.date_range}"


class JudgementForm(forms.Form):
    """How a follow-up inspection of the finding's inspection judged it."""

    inspection = InspectionChoiceField(
        label="Inspection that made the judgement",
        queryset=Inspection.objects.none(),
        error_messages={
            "required": "Choose the inspection that made the judgement",
            "invalid_choice": "Choose one of the inspections listed",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Judgement.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    narrative = forms.CharField(
        label="What the inspectors found (optional)",
        max_length=MAX_JUDGEMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, finding: Finding, judgement: Judgement | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.finding, self.judgement = finding, judgement
        field = self.fields["inspection"]
        assert isinstance(field, forms.ModelChoiceField)
        # Only follow-ups of the finding's own inspection, in the same partnership.
        field.queryset = (
            Inspection.objects.for_partnership(finding.inspection.partnership)
            .filter(follows=finding.inspection, kind__in=list(JUDGED_KIND))
            .order_by("start_date")
        )
        if judgement is not None and not self.is_bound:
            self.initial = {
                "inspection": judgement.inspection_id,
                "outcome": judgement.outcome,
                "narrative": judgement.narrative,
            }

    def clean_narrative(self) -> str:
        return clean_text(self.cleaned_data["narrative"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        inspection: Inspection | None = cleaned.get("inspection")
        if inspection is None:
            return cleaned
        kind = inspection.kind
        if JUDGED_KIND[kind] != self.finding.kind:
            self.add_error(
                "inspection",
                f"A {inspection.short_kind} judges {PLURALS[JUDGED_KIND[kind]]}, "
                f"not {PLURALS[Finding.Kind(self.finding.kind)]}",
            )
        outcome = cleaned.get("outcome")
        if outcome and outcome not in OUTCOMES[kind]:
            allowed = " or ".join(Judgement.Outcome(o).label.lower() for o in OUTCOMES[kind])
            self.add_error("outcome", f"A {inspection.short_kind} finds {allowed}")
        same = Judgement.objects.filter(finding=self.finding, inspection=inspection)
        if self.judgement is not None:
            same = same.exclude(pk=self.judgement.pk)
        if same.exists():
            self.add_error(
                "inspection", "That inspection's judgement of this finding is already recorded"
            )
        return cleaned


class WithdrawForm(forms.Form):
    """Why a record is withdrawn: kept in its history."""

    reason = forms.CharField(
        label="Why is it being withdrawn?",
        help_text="For example: “Hertfordshire’s report, imported into Suffolk by mistake”.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why it is being withdrawn",
            "max_length": f"The reason must be {MAX_REASON} characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Enter why it is being withdrawn")
        return reason
