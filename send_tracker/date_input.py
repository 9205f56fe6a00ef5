"""The GOV.UK date input: a date entered as day, month and year, with the Design System's
error messages ("Due date must include a month", "Due date must be a real date").

`DateInputField` is a `forms.DateField` whose widget reads three boxes, `<name>-day`,
`<name>-month` and `<name>-year` (govukDateInput's `namePrefix` naming); its cleaned value
is a `datetime.date`. A request that sends the whole date as one ISO value (`<name>=2027-01-31`,
as a link to a filtered page may) still works: the widget reads it when no box was sent.
The form-field helper (send_tracker/govuk_fields.py) renders it with govukDateInput and
marks the boxes `date_problem` names as the ones in error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django import forms

PARTS: tuple[str, ...] = ("day", "month", "year")
NUMBER = re.compile(r"^[0-9]+$")
YEAR = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class DateProblem:
    """Why three boxes do not make a date, and which boxes to mark (all three when it is
    not clear which one is wrong)."""

    message: str
    parts: tuple[str, ...]
    code: str


def subject(label: object) -> str:
    """The field's label as the subject of an error sentence: "Due date must …".
    A question ("When did it happen?") reads badly there, so it becomes "The date"."""
    text = str(label or "").strip().rstrip(":").removesuffix(" (optional)").strip()
    if not text or text.endswith("?"):
        return "The date"
    return text[:1].upper() + text[1:]


def _joined(parts: list[str]) -> str:
    return " and ".join(parts)


def date_problem(day: str, month: str, year: str, *, label: object) -> DateProblem | None:
    """None when the three boxes are all empty (the field's `required` decides) or make a
    real date; otherwise the GOV.UK message for the first thing wrong."""
    values = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    name = subject(label)
    missing = [p for p in PARTS if not values[p]]
    if len(missing) == len(PARTS):
        return None
    if missing:
        return DateProblem(
            f"{name} must include a {_joined(missing)}", tuple(missing), "incomplete"
        )
    not_numbers = [p for p in PARTS if not NUMBER.match(values[p])]
    if not_numbers:
        return DateProblem(f"{name} must be a real date", tuple(not_numbers), "invalid_date")
    if not YEAR.match(values["year"]):
        return DateProblem("Year must include 4 numbers", ("year",), "year_digits")
    day_n, month_n, year_n = (int(values[p]) for p in PARTS)
    if not 1 <= month_n <= 12:
        return DateProblem(f"{name} must be a real date", ("month",), "invalid_date")
    try:
        datetime.date(year_n, month_n, day_n)
    except ValueError:  # a day the month does not have (31 April, 0, 32)
        return DateProblem(f"{name} must be a real date", ("day",), "invalid_date")
    return None


def parts_of(value: object) -> dict[str, str]:
    """The three boxes' text for any value the widget may hold: a date (the initial
    value), the boxes as sent, or a whole ISO date (a link's query string)."""
    if isinstance(value, dict):
        return {p: str(value.get(p) or "") for p in PARTS}
    if isinstance(value, datetime.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, str) and value:
        try:
            found = datetime.date.fromisoformat(value.strip())
        except ValueError:
            return {"day": "", "month": "", "year": ""}
        return parts_of(found)
    return {p: "" for p in PARTS}


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named `<name>-day`, `<name>-month`, `<name>-year`. Rendered by
    govukDateInput through the form-field helper, never by Django's widget templates."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({f"-{part}": forms.TextInput() for part in PARTS}, attrs)

    def decompress(self, value: Any) -> list[str]:
        parts = parts_of(value)
        return [parts[p] for p in PARTS]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        sent = {p: data.get(f"{name}-{p}") for p in PARTS}
        if all(v is None for v in sent.values()):
            return data.get(name)  # the whole date as one value, or None
        return {p: str(v or "") for p, v in sent.items()}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and all(f"{name}-{p}" not in data for p in PARTS)

    def id_for_label(self, id_: str) -> str:
        """A label or an error summary link goes to the day box, as govukDateInput ids it."""
        return f"{id_}-day" if id_ else ""


class DateInputField(forms.DateField):
    """A date entered in the GOV.UK date input; `clean` gives a `datetime.date` or None."""

    widget = DateInputWidget

    def to_python(self, value: Any) -> datetime.date | None:
        if not isinstance(value, dict):
            return super().to_python(value)  # a date, an ISO string or nothing
        parts = parts_of(value)
        problem = date_problem(parts["day"], parts["month"], parts["year"], label=self.label)
        if problem is not None:
            raise forms.ValidationError(problem.message, code=problem.code)
        if not any(parts.values()):
            return None
        return datetime.date(*(int(parts[p]) for p in ("year", "month", "day")))

    def prepare_value(self, value: Any) -> Any:
        return value
