"""Forms for drafting, approving and returning items, and for the page's settings."""

from __future__ import annotations

from typing import Any

from django import forms

from actions.models import Measure
from families.models import (
    MAX_BODY,
    MAX_COMMENT,
    MAX_SAID,
    MAX_TITLE,
    READING_AGES,
    FamilyItem,
    FamilyPage,
)
from families.readability import TITLED_NAME
from inspections.models import Finding, Partnership

Kind = FamilyItem.Kind
NO_NAMES = (
    "Never name a child, a young person or a family, nor say anything that would identify "
    "them: the page is public."
)


class FindingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.inspection.start_date.year}): {obj.statement[:70]}"


class ItemForm(forms.Form):
    """An item's words; on a new item, its kind too. `finding` and `measure` choose among the
    partnership's own only."""

    kind = forms.ChoiceField(
        label="What kind of item is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of item it is"},
    )
    title = forms.CharField(
        label="Heading",
        max_length=MAX_TITLE,
        help_text="A short heading in plain words, like “Waiting for an EHC plan”.",
        error_messages={"required": "Enter a heading"},
    )
    said = forms.CharField(
        label="You said",
        required=False,
        max_length=MAX_SAID,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for “You said, we did”: what families told the partnership.",
    )
    body = forms.CharField(
        label="What families will read",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Plain English, short sentences, abbreviations spelt out. {NO_NAMES}",
        error_messages={"required": "Enter the text families will read"},
    )
    finding = FindingChoice(
        label="Finding it is about (optional)",
        required=False,
        queryset=Finding.objects.none(),
    )
    measure = forms.ModelChoiceField(
        label="Measure (for “A measure explained”)",
        required=False,
        queryset=Measure.objects.none(),
        help_text="Its latest figure, trend and England comparison are frozen on the page "
        "when the forum approves the item.",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, item: FamilyItem | None = None, **kwargs: Any
    ) -> None:
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": item.kind,
                    "title": item.title,
                    "said": item.said,
                    "body": item.body,
                    "finding": item.finding_id,
                    "measure": item.measure_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.item = item
        finding_field = self.fields["finding"]
        assert isinstance(finding_field, forms.ModelChoiceField)
        finding_field.queryset = (
            Finding.objects.filter(inspection__partnership=partnership)
            .select_related("inspection")
            .order_by("inspection__start_date", "kind", "number")
        )
        measure_field = self.fields["measure"]
        assert isinstance(measure_field, forms.ModelChoiceField)
        measure_field.queryset = Measure.objects.for_partnership(partnership).order_by("name")
        if item is not None:
            # The kind is chosen once: the item's history reads as one kind of thing.
            del self.fields["kind"]

    @property
    def kind_value(self) -> str:
        if self.item is not None:
            return self.item.kind
        return str(self.data.get("kind") or self.initial.get("kind") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = self.item.kind if self.item is not None else cleaned.get("kind")
        if kind == Kind.YOU_SAID and not cleaned.get("said"):
            self.add_error("said", "Enter what families said")
        if kind != Kind.YOU_SAID and cleaned.get("said"):
            self.add_error("said", "Leave “You said” empty unless the item is “You said, we did”")
        if kind == Kind.MEASURE and not cleaned.get("measure"):
            self.add_error("measure", "Choose the measure the item explains")
        if kind != Kind.MEASURE and cleaned.get("measure"):
            self.add_error("measure", "Choose a measure only for “A measure explained”")
        for name in ("title", "said", "body"):
            names = TITLED_NAME.findall(cleaned.get(name) or "")
            if names:
                self.add_error(
                    name,
                    f"Take out “{names[0]}”: the page is public, so it never names a person",
                )
        return cleaned

    def text(self) -> str:
        """Every part of the item as typed (valid or not), for the plain English help."""
        parts = ("title", "said", "body")
        source = self.data if self.is_bound else self.initial
        return "\n\n".join(str(source.get(p) or "") for p in parts if source.get(p))


class VersionForm(forms.Form):
    """The version of the item the person was shown: a step on a changed item is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label="What needs to change",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The officer who drafted the item sees this.",
        error_messages={"required": "Enter what needs to change before the forum can approve it"},
    )


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label="Why is it being withdrawn? (optional)",
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PageSettingsForm(forms.ModelForm):
    class Meta:
        model = FamilyPage
        fields = ["is_public", "target_reading_age"]
        labels = {
            "is_public": "Show the page to the public",
            "target_reading_age": "Target reading age",
        }
        help_texts = {
            "is_public": "Anyone with the address can read the approved items, without signing in. "
            "Off: the address answers “Page not found”.",
        }

    def clean_target_reading_age(self) -> int:
        age = self.cleaned_data["target_reading_age"]
        low, high = READING_AGES
        if not low <= age <= high:
            raise forms.ValidationError(f"Enter a reading age from {low} to {high}")
        return int(age)
