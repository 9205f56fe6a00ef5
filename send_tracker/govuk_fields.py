"""The one form-field helper: a Django bound field as the parameters of its
govuk-frontend-jinja macro (govukInput, govukSelect, govukRadios, govukDateInput …).

The Jinja macro `field` (templates/includes/govuk.html) calls `govuk_field` and hands the
parameters to the macro it names. Deciding here, in typed Python, keeps the template a
dispatch table and makes the mapping testable: ids stay Django's (`id_<name>`, which labels,
error-summary links and the browser tests rely on), errors are the product's own words
(`own_errors`), a password is never written back, and Django's empty choice reads
"Choose <label>".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from send_tracker.date_input import PARTS, DateInputWidget, date_problem, parts_of
from send_tracker.form_words import own_errors

# The labels Django gives a choice list's empty choice when a form names none of its own.
DJANGO_BLANK_LABELS = {"---------", str(BLANK_CHOICE_LABEL)}


def choice_label(label: object, field_label: object) -> str:
    """A choice's label, or for Django's own empty choice "Choose lead organisation"."""
    text = str(label)
    if text not in DJANGO_BLANK_LABELS:
        return text
    name = str(field_label)
    if name[1:2].islower():  # "Lead organisation" -> "lead organisation"; "RAG rating" stays
        name = name[:1].lower() + name[1:]
    return f"Choose {name}"


DATE_WIDTHS = {
    "day": "govuk-input--width-2",
    "month": "govuk-input--width-2",
    "year": "govuk-input--width-4",
}
DATE_HINT = "For example, 27 3 2027"


def _error_message(errors: list[str]) -> dict[str, Any] | None:
    """govukErrorMessage's parameter: one message, or several on their own lines."""
    if not errors:
        return None
    html: SafeString = mark_safe("<br>".join(escape(e) for e in errors))  # noqa: S308 (escaped)
    return {"html": html}


def _common(bound: forms.BoundField, errors: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {"name": bound.html_name}
    if bound.help_text:
        params["hint"] = {"text": bound.help_text}
    message = _error_message(errors)
    if message:
        params["errorMessage"] = message
    return params


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _date_input(bound: forms.BoundField, errors: list[str], bold: bool) -> dict[str, Any]:
    parts = parts_of(bound.value())
    wrong: tuple[str, ...] = ()
    if errors:
        problem = date_problem(parts["day"], parts["month"], parts["year"], label=bound.label)
        wrong = problem.parts if problem else PARTS  # "Enter the date", or the form's own rule
    params = _common(bound, errors)
    params.update(
        id=bound.auto_id,
        namePrefix=bound.html_name,
        fieldset={
            "legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s" if bold else ""}
        },
        items=[
            {
                "name": part,
                "value": parts[part],
                "classes": DATE_WIDTHS[part] + (" govuk-input--error" if part in wrong else ""),
            }
            for part in PARTS
        ],
    )
    params.setdefault("hint", {"text": DATE_HINT})
    return params


def _choices(
    bound: forms.BoundField, inline: bool, kind: str, errors: list[str], empty: str
) -> dict[str, Any]:
    """Radios, or a list of checkboxes: a fieldset whose legend is the label; each item
    keeps Django's id (`id_<name>_<n>`)."""
    params = _common(bound, errors)
    params.update(
        idPrefix=bound.auto_id,
        fieldset={"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}},
        classes=f"govuk-{kind}--small" + (f" govuk-{kind}--inline" if inline else ""),
        items=[
            {
                "value": _text(choice.data["value"]),
                "text": choice_label(choice.choice_label, bound.label),
                "id": choice.id_for_label,
                "checked": bool(choice.data["selected"]),
            }
            for choice in bound
        ],
    )
    if empty and not params["items"]:
        params["formGroup"] = {
            "afterInputs": {"html": format_html('<p class="govuk-body">{}</p>', empty)}
        }
    return params


def _single_checkbox(bound: forms.BoundField, errors: list[str], text: str) -> dict[str, Any]:
    """A yes/no field: one checkbox whose label is the field's label."""
    params = _common(bound, errors)
    params.update(
        idPrefix=bound.auto_id,
        classes="govuk-checkboxes--small",
        items=[
            {
                "value": "on",
                "text": bound.label,
                "id": bound.auto_id,
                "checked": bool(bound.value()),
            }
        ],
    )
    return params


def _select(bound: forms.BoundField, errors: list[str], label: dict[str, Any]) -> dict[str, Any]:
    current = _text(bound.value())
    params = _common(bound, errors)
    params.update(
        id=bound.auto_id,
        label=label,
        items=[
            {
                "value": _text(value),
                "text": choice_label(text, bound.label),
                "selected": _text(value) == current,
            }
            for value, text in bound.field.choices  # type: ignore[attr-defined]
        ],
    )
    return params


def govuk_field(
    bound: forms.BoundField,
    *,
    width: str = "",
    inline: bool = False,
    bold: bool = False,
    label: str = "",
    empty: str = "",
) -> dict[str, Any]:
    """`{"macro": <component>, "params": <its parameters>}` for one bound field.
    `width` is an input width class; `inline` lays radios side by side; `bold` makes the
    label (or legend) bold; `label` replaces the field's label on the page (a checkbox's
    sentence); `empty` is said when a list of choices has none."""
    widget = bound.field.widget
    errors = own_errors(bound)
    text = label or str(bound.label)
    label_params = {"text": text, "classes": "govuk-label--s" if bold else ""}
    input_type = getattr(widget, "input_type", "")
    if isinstance(widget, DateInputWidget):
        return {"macro": "date", "params": _date_input(bound, errors, bold)}
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return {
            "macro": "checkboxes",
            "params": _choices(bound, inline, "checkboxes", errors, empty),
        }
    if isinstance(widget, forms.RadioSelect):
        return {"macro": "radios", "params": _choices(bound, inline, "radios", errors, empty)}
    if isinstance(widget, forms.CheckboxInput):
        return {"macro": "checkboxes", "params": _single_checkbox(bound, errors, text)}
    if isinstance(widget, forms.Select):
        return {"macro": "select", "params": _select(bound, errors, label_params)}
    params = _common(bound, errors)
    params.update(id=bound.auto_id, label=label_params)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        accept = widget.attrs.get("accept")
        if accept:
            params["attributes"] = {"accept": accept}
        return {"macro": "file", "params": params}
    if isinstance(widget, forms.Textarea):
        params.update(value=_text(bound.value()), rows=widget.attrs.get("rows", 5))
        return {"macro": "textarea", "params": params}
    if width:
        params["classes"] = width
    autocomplete = widget.attrs.get("autocomplete")
    if autocomplete:
        params["autocomplete"] = autocomplete
    if input_type == "password":  # never written back into the page
        return {"macro": "password", "params": params}
    params.update(type=input_type or "text", value=_text(bound.value()))
    if input_type == "email":
        params["spellcheck"] = False
    return {"macro": "input", "params": params}


def _target(bound: forms.BoundField) -> str:
    """The id an error links to: the input, a list's first choice (Django ids the list
    itself with none), a date's first box in error."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    if isinstance(widget, DateInputWidget):
        parts = parts_of(bound.value())
        problem = date_problem(parts["day"], parts["month"], parts["year"], label=bound.label)
        return f"{bound.auto_id}-{problem.parts[0] if problem else 'day'}"
    return str(bound.id_for_label)


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """govukErrorSummary's `errorList`: each error links to its field; a form-wide error
    links to the first field."""
    items: list[dict[str, str]] = []
    visible = form.visible_fields()
    for error in form.non_field_errors():
        items.append({"text": str(error), "href": f"#{_target(visible[0])}" if visible else ""})
    for bound in form:
        items.extend({"text": error, "href": f"#{_target(bound)}"} for error in own_errors(bound))
    return items
