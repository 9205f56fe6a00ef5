"""The figures an item carries to the public page, read once, when the forum approves it.

Strings only, as they read that day: the public page shows them as text and never reads a
measure or a deadline itself, so a figure changed after approval does not change the page
until the forum approves the item again.
"""

from __future__ import annotations

from decimal import Decimal

from actions.impact import Impact, impacts_for
from actions.models import Measure
from families.models import FamilyItem
from inspections.models import Deadline
from send_tracker.presentation import format_date, measure_value


def _england_words(impact: Impact) -> str:
    """The latest figure against England's, in words."""
    latest, england, m = impact.latest, impact.england, impact.measure
    if england is None:
        return "There is no England figure to compare it with."
    shown = measure_value(england, m.unit)
    if latest is None or latest.value is None:
        return f"England: {shown}."
    value: Decimal = latest.value
    if value == england:
        return f"The same as England ({shown})."
    better = (value > england) == m.higher_is_better
    return f"{'Better' if better else 'Worse'} than England ({shown})."


def measure_figures(item: FamilyItem) -> dict[str, str | bool]:
    """The measure's name, latest figure, trend and England comparison: 4 to 7 queries."""
    assert item.measure_id is not None  # the database refuses a measure item without one
    measure = Measure.objects.with_values().get(pk=item.measure_id)
    (impact,) = impacts_for(item.partnership, [measure])
    latest = impact.latest
    when = ""
    if latest is not None:
        when = latest.label or format_date(latest.date)
    return {
        "measure": measure.name,
        "latest": (
            f"{measure_value(latest.value, measure.unit)} ({when})"
            if latest is not None and latest.value is not None
            else "No figure yet."
        ),
        "trend": impact.trend,
        "england": _england_words(impact),
        "illustrative": measure.is_illustrative,
    }


def next_event_figures(item: FamilyItem) -> dict[str, str | bool]:
    """The inspectorate's next expected visit from the partnership's deadlines (the earliest
    still open: an expected visit that has not happened is still the next, even when its
    approximate date has passed): 1 query."""
    event = (
        Deadline.objects.for_partnership(item.partnership)
        .expected_events()
        .open()
        .filter(due_date__isnull=False)
        .order_by("due_date", "pk")
        .first()
    )
    if event is None or event.due_date is None:
        return {"event": "", "when": "No date is known yet."}
    when = event.due_text or format_date(event.due_date)
    if event.is_approximate and not event.due_text:
        when = f"Expected around {event.due_date:%B %Y}"
    return {"event": event.title, "when": when}


def figures_for(item: FamilyItem) -> dict[str, str | bool]:
    """What the approval freezes beside the words, by the item's kind."""
    if item.kind == FamilyItem.Kind.MEASURE:
        return measure_figures(item)
    if item.kind == FamilyItem.Kind.NEXT_EVENT:
        return next_event_figures(item)
    return {}
