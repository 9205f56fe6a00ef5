"""Display helpers for templates: GOV.UK dates, and tags that never rely on colour alone.

Registered as Jinja2 filters and globals in `send_tracker.templating`.
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import format_html

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


def rag_tag(rag: str) -> str:
    """A RAG tag that carries its word: colour is never the only signal."""
    if not rag:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "No rating")
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        RAG_CLASSES.get(rag, "govuk-tag--grey"),
        RAG_WORDS.get(rag, rag.title()),
    )


def status_tag(code: str, label: str) -> str:
    """A tag for an outcome, judgement or status code, showing its label."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        OUTCOME_CLASSES.get(code, "govuk-tag--grey"),
        label,
    )


def measure_value(value, unit: str) -> str:
    """'58%', '64 weeks', '119' — trailing zeros dropped."""
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value}"
    suffix = {"percent": "%", "weeks": " weeks", "days": " days", "rate": " per 10,000"}.get(
        unit, ""
    )
    return f"{text}{suffix}"


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
