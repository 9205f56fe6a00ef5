"""Choice fields that name a partnership's findings and focus points the way the pages do."""

from __future__ import annotations

from django import forms

from inspections.models import Finding, FocusPoint
from send_tracker.choices import RecordsChoiceField


def finding_label(finding: Finding) -> str:
    return f"{finding.short_code} ({finding.inspection.short_title})"


class FindingChoiceField(forms.ModelChoiceField[Finding]):
    """A finding, by its short code and its inspection (select_related("inspection"))."""

    def label_from_instance(self, obj: Finding) -> str:
        return finding_label(obj)


class FindingsChoiceField(RecordsChoiceField[Finding]):
    """Several findings, labelled as FindingChoiceField labels one (an impossible id is a
    form error: see RecordsChoiceField)."""

    def label_from_instance(self, obj: Finding) -> str:
        return finding_label(obj)


class FocusPointChoiceField(forms.ModelChoiceField[FocusPoint]):
    """A focus point, by its finding's short code and the start of its text
    (select_related("finding"))."""

    def label_from_instance(self, obj: FocusPoint) -> str:
        return f"{obj.finding.short_code}: {obj.text[:80]}"
