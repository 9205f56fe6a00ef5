"""How values are shown: GOV.UK dates, tags that never rely on colour alone, measure values.

Plain functions of plain values, used by models' display properties, templates (registered
as Jinja2 filters in `send_tracker.templating`) and PDFs. This module imports no domain app:
the inspection record and the partnership's response both use it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

RAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
    "blue": "govuk-tag--blue",
}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}
STATUS_CLASSES = {
    "systemic": "govuk-tag--red",
    "inconsistent": "govuk-tag--orange",
    "positive": "govuk-tag--green",
    "effective": "govuk-tag--green",
    "sufficient": "govuk-tag--green",
    "ineffective": "govuk-tag--red",
    "insufficient": "govuk-tag--red",
    "open": "govuk-tag--grey",
    "met": "govuk-tag--green",
    "missed": "govuk-tag--red",
    "superseded": "govuk-tag--grey",
}
UNIT_SUFFIXES = {"percent": "%", "weeks": " weeks", "days": " days", "rate": " per 10,000"}

# Marks demo data made up to illustrate the product (a govukTag's parameters).
DEMO_TAG = {"text": "Illustrative", "classes": "govuk-tag--purple app-demo-tag"}


def format_date(value: dt.date | dt.datetime | None) -> str:
    """'29 January 2026' (no leading zero); '' for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {value:%B %Y}"


def format_date_range(start: dt.date, end: dt.date) -> str:
    """'13 to 17 November 2023', '30 September to 4 October 2024', across years in full."""
    if start == end:
        return format_date(start)
    if start.year != end.year:
        return f"{format_date(start)} to {format_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {format_date(end)}"
    return f"{start.day} to {format_date(end)}"


def month_year(value: dt.date | None) -> str:
    """'March 2027': how an approximate date is said."""
    return f"{value:%B %Y}" if value is not None else ""


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from `start` to `end` (negative when `end` is earlier)."""
    return (end.year - start.year) * 12 + end.month - start.month


def countdown(value: dt.date | None, today: dt.date) -> str:
    """'in about 4 months', 'about 2 months ago', 'about now': a rough distance in time,
    for dates that are only approximate (an expected inspection)."""
    if value is None:
        return ""
    months = months_between(today, value)
    if months == 0:
        return "about now"
    count = abs(months)
    span = "a month" if count == 1 else f"{count} months"
    return f"in about {span}" if months > 0 else f"about {span} ago"


def rag_word(rag: str) -> str:
    """'Red', 'Amber', 'Green', 'Complete' (blue); '' when there is no rating."""
    return RAG_WORDS.get(rag, "")


def rag_tag(rag: str) -> dict[str, str]:
    """A RAG tag's govukTag parameters: the tag carries its word, so colour is never the
    only signal."""
    if not rag:
        return {"text": "No rating", "classes": "govuk-tag--grey"}
    return {
        "text": RAG_WORDS.get(rag, rag.title()),
        "classes": RAG_CLASSES.get(rag, "govuk-tag--grey"),
    }


def status_tag(code: str, label: str) -> dict[str, str]:
    """An outcome, judgement or status code's govukTag parameters, showing its label."""
    return {"text": label, "classes": STATUS_CLASSES.get(code, "govuk-tag--grey")}


def measure_value(value: Decimal | int | None, unit: str) -> str:
    """'58%', '64 weeks', '119': trailing zeros dropped."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + UNIT_SUFFIXES.get(unit, "")


def sparkline_svg(spark: dict, css_class: str = "app-sparkline") -> SafeString | str:
    """A measure's trend as inline SVG, from `actions.progress.sparkline` (numbers only).
    Hidden from assistive technology: pages give the figures as text beside it."""
    if not spark:
        return ""
    width, height = spark["width"], spark["height"]
    lines = "".join(
        f'<line class="app-sparkline__{kind}" x1="0" x2="{width}" y1="{y}" y2="{y}"/>'
        for kind, y in zip(("target", "england"), spark["refs"], strict=True)
        if y is not None
    )
    x, y = spark["last"]
    return mark_safe(  # noqa: S308 (numbers and a fixed class name)
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" aria-hidden="true" '
        f'focusable="false">{lines}<polyline points="{spark["points"]}"/>'
        f'<circle cx="{x}" cy="{y}" r="2.5"/></svg>'
    )
