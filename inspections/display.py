"""Display helpers for templates: GOV.UK dates, and tags that never rely on colour alone.

Registered as Jinja2 filters and globals in `send_tracker.templating`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from inspections.dates import format_date, format_date_range

RAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
    "blue": "govuk-tag--blue",
}
OUTCOME_CLASSES = {
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
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}


def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """'29 January 2026'."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value)


def date_range(start: dt.date, end: dt.date) -> str:
    """'13 to 17 November 2023'."""
    return format_date_range(start, end)


@lru_cache(maxsize=64)
def rag_tag(rag: str) -> str:
    """A RAG tag that carries its word: colour is never the only signal (remembered: a
    handful of ratings appear in every row of a long table)."""
    if not rag:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "No rating")
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        RAG_CLASSES.get(rag, "govuk-tag--grey"),
        RAG_WORDS.get(rag, rag.title()),
    )


@lru_cache(maxsize=256)
def status_tag(code: str, label: str) -> str:
    """A tag for an outcome, judgement or status code, showing its label (remembered)."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        OUTCOME_CLASSES.get(code, "govuk-tag--grey"),
        label,
    )


UNIT_SUFFIXES = {"percent": "%", "weeks": " weeks", "days": " days", "rate": " per 10,000"}


@lru_cache(maxsize=8192)
def measure_value(value, unit: str) -> str:
    """'58%', '64 weeks', '119': trailing zeros dropped (remembered: equal values print
    alike, so 58.50 and 58.5 share an entry)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + UNIT_SUFFIXES.get(unit, "")


def deadline_form(deadline):
    """An unbound outcome form for one deadline row (its own prefix keeps ids unique)."""
    from inspections.forms import DeadlineStatusForm

    return DeadlineStatusForm(
        prefix=f"deadline-{deadline.pk}",
        initial={
            "status": deadline.status if deadline.status in ("met", "missed") else None,
            "met_date": deadline.met_date,
            "evidence": deadline.evidence,
            "version": deadline.version,
        },
    )


def rag_word(rag: str) -> str:
    """'Red', 'Amber', 'Green', 'Complete' (blue); '' when there is no rating."""
    return RAG_WORDS.get(rag, "")


HISTORY_PAGES = {
    "actions.Action": "actions:action-history",
    "inspections.Finding": "actions:finding-history",
    "inspections.Deadline": "inspections:deadline-history",
}


def history_link(entry, partnership) -> str:
    """The History page of an activity entry's record, where it has one (and still exists)."""
    from django.urls import reverse

    if entry.link is None or entry.link[0] not in HISTORY_PAGES or entry.action == "Deleted":
        return ""
    return reverse(
        HISTORY_PAGES[entry.link[0]], kwargs={"slug": partnership.slug, "pk": entry.link[1]}
    )


def measure_value_form(measure):
    """An unbound 'add a value' form for one measure (its own prefix keeps ids unique)."""
    from actions.forms import MeasureValueForm

    return MeasureValueForm(measure=measure, prefix=f"measure-{measure.pk}")


# Names and labels from plain values, shared by the models' properties and the rows of
# prepared reads (which carry values, not model instances).

FINDING_KINDS = {
    "priority_action": "Area for priority action",
    "improvement": "Area for improvement",
    "weakness": "Area of weakness",
}
FINDING_CODES = {"priority_action": "APA", "improvement": "AFI", "weakness": "AOW"}
INSPECTION_SHORT_KINDS = {
    "full_2023": "full inspection",
    "monitoring_2023": "monitoring inspection",
    "inspection_2016": "inspection (2016 framework)",
    "revisit_2016": "revisit (2016 framework)",
}
JUDGEMENT_OUTCOMES = {
    "effective": "Effective action",
    "ineffective": "Ineffective action",
    "sufficient": "Sufficient progress",
    "insufficient": "Insufficient progress",
}


def finding_title(kind: str, number: int) -> str:
    """'Area for priority action 1'."""
    return f"{FINDING_KINDS[kind]} {number}"


def finding_code(kind: str, number: int) -> str:
    """'APA 1', 'AFI 2', 'AOW 3'."""
    return f"{FINDING_CODES[kind]} {number}"


@lru_cache(maxsize=1024)
def inspection_short_title(kind: str, start: dt.date) -> str:
    """'Full inspection, November 2023'."""
    return f"{INSPECTION_SHORT_KINDS[kind].capitalize()}, {start:%B %Y}"


@lru_cache(maxsize=1024)
def inspection_in_sentence(kind: str, start: dt.date) -> str:
    """'the full inspection of November 2023'."""
    return f"the {INSPECTION_SHORT_KINDS[kind]} of {start:%B %Y}"


@lru_cache(maxsize=1024)
def judgement_label(outcome: str, inspection_start: dt.date) -> str:
    """'Ineffective action, March 2026'."""
    return f"{JUDGEMENT_OUTCOMES[outcome]}, {inspection_start:%B %Y}"


def person_name(first: str | None, last: str | None, username: str | None, fallback: str) -> str:
    """A user's full name, else username; `fallback` when there is no account."""
    if username is None:
        return fallback or "Unknown"
    return f"{first or ''} {last or ''}".strip() or username


def sparkline_svg(spark: dict, css_class: str = "app-sparkline") -> str:
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
    transform = spark.get("transform")
    scaled = f' transform="{transform}"' if transform else ""
    return mark_safe(  # noqa: S308 (numbers and a fixed class name)
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" aria-hidden="true" '
        f'focusable="false">{lines}<polyline points="{spark["points"]}"{scaled}/>'
        f'<circle cx="{x}" cy="{y}" r="2.5"/></svg>'
    )
