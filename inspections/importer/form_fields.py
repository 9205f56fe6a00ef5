"""The fields the import review's forms share: text that refuses NUL bytes and keeps "\n"
line endings, and dates entered in the GOV.UK date input (day, month, year)."""

from __future__ import annotations

from typing import Any

from django import forms

from send_tracker.date_input import DateInputField


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")


class TextField(forms.CharField):
    """A CharField that refuses NUL bytes, trims white space and keeps "\n" line endings
    (browsers send a textarea's lines ending "\r\n")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.validators.append(_no_nul)
        if self.label and "required" not in kwargs.get("error_messages", {}):
            self.error_messages["required"] = f"Enter the {str(self.label).lower()}"

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is None:  # only with empty_value=None
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")


def date_field(label: str, required: bool = True) -> DateInputField:
    return DateInputField(
        label=label,
        required=required,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter a real date for the {label.lower()}",
        },
    )
