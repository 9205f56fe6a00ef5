"""The rows the import review repeats: areas for priority action and for improvement,
a letter's judgements, the inspection team and a letter's addressees, each as a formset.

Each formset accepts at most its `max_num` rows (`validate_max`; more are refused with a
message, not cut short), and each field a length that fits a real report with room to
spare: the largest published so far has 5 areas for improvement, 3 for priority action, a
team of 6, statements of 518 characters and a letter's findings of 5,311. So a saved
inspection can never make a letter too long to print in good time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME

from inspections.importer.form_fields import TextField


class AreaForm(forms.Form):
    """One area for priority action or for improvement."""

    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=99,
        error_messages={"required": "Enter the area’s number"},
    )
    responsible_body = TextField(label="Responsible body", max_length=500)
    statement = TextField(
        label="Statement", max_length=3_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    focus_points_intro = TextField(label="Words before the bullet points", max_length=300)
    focus_points = TextField(
        label="Focus points (the bullet points), one per line",
        max_length=6_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("statement") and "statement" not in self.errors:
            self.add_error("statement", "Enter the area’s statement, or remove the area")
        return cleaned


class JudgementForm(forms.Form):
    """A monitoring inspection's judgement of one area for priority action."""

    area_number = forms.IntegerField(label="Area for priority action", min_value=1, max_value=99)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("effective", "Effective action"), ("ineffective", "Ineffective action")],
        error_messages={"required": "Choose effective or ineffective action"},
    )
    narrative = TextField(
        label="Findings", max_length=15_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class PersonForm(forms.Form):
    """An inspector (or signatory), in the order printed."""

    name = TextField(label="Name", required=True, max_length=120)
    role = TextField(label="Role", required=True, max_length=200)
    inspectorate = forms.ChoiceField(
        label="Inspectorate", choices=[("ofsted", "Ofsted"), ("cqc", "CQC")]
    )


class AddresseeForm(forms.Form):
    name = TextField(label="Name", required=True, max_length=120)
    role = TextField(label="Role", max_length=200)
    organisation = TextField(label="Organisation", max_length=200)


class BaseReviewFormSet(forms.BaseFormSet[forms.Form]):
    """Says in words what was over the limit, as the error summary shows it."""

    default_error_messages = {
        "too_many_forms": "Enter at most %(num)d rows here: remove the rest",
        "too_few_forms": "Enter at least %(num)d rows here",
        "missing_management_form": (
            "Part of the review form was missing: upload the report again to review it"
        ),
    }


class BaseUniqueNumberFormSet(BaseReviewFormSet):
    """Each area's number once; removed rows (DELETE) do not count."""

    number_field = "number"

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            if not form.has_changed() or form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            number: int = form.cleaned_data[self.number_field]  # required, and the form is valid
            if number in seen:
                raise forms.ValidationError(f"Two areas have the number {number}: number each once")
            seen.add(number)


class JudgementFormSet(BaseUniqueNumberFormSet):
    number_field = "area_number"


MAX_AREAS = 12
"""Areas for priority action, or for improvement (a report has had at most 5)."""
MAX_JUDGEMENTS = MAX_AREAS
MAX_TEAM = 20
MAX_ADDRESSEES = 10


def _formset(form: type[forms.Form], base: type[Any], most: int, extra: int = 0) -> Any:
    return forms.formset_factory(
        form,
        formset=base,
        extra=extra,
        can_delete=True,
        max_num=most,
        absolute_max=most,
        validate_max=True,
    )


AreaFormSet = _formset(AreaForm, BaseUniqueNumberFormSet, MAX_AREAS, extra=1)
JudgementFormSetClass = _formset(JudgementForm, JudgementFormSet, MAX_JUDGEMENTS)
PersonFormSet = _formset(PersonForm, BaseReviewFormSet, MAX_TEAM)
AddresseeFormSet = _formset(AddresseeForm, BaseReviewFormSet, MAX_ADDRESSEES)
