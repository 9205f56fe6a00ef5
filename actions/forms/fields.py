"""Choice fields that name a partnership's findings and focus points the way the pages do."""

from __future__ import annotations

from typing import Any

from django import forms

from inspections.models import Finding, FocusPoint


def finding_label(finding: Finding) -> str:
    return f"{finding.short_code} ({finding.inspection.short_title})"


class FindingChoiceField(forms.ModelChoiceField[Finding]):
    """A finding, by its short code and its inspection (select_related("inspection"))."""

    def label_from_instance(self, obj: Finding) -> str:
        return finding_label(obj)


_BIGGEST_ID = 2**63 - 1  # a BigAutoField's largest value, on every database


class FindingsChoiceField(forms.ModelMultipleChoiceField[Finding]):
    """Several findings, labelled as FindingChoiceField labels one.

    An id no row can have is refused before the query: SQLite cannot even bind a number
    past 64 bits (OverflowError), where a single choice's lookup already answers "not found".
    """

    def clean(self, value: Any) -> Any:
        for item in value or []:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and not 0 < int(text) <= _BIGGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)

    def label_from_instance(self, obj: Finding) -> str:
        return finding_label(obj)


class FocusPointChoiceField(forms.ModelChoiceField[FocusPoint]):
    """A focus point, by its finding's short code and the start of its text
    (select_related("finding"))."""

    def label_from_instance(self, obj: FocusPoint) -> str:
        return f"{obj.finding.short_code}: {obj.text[:80]}"
