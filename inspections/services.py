"""Writes to inspections and deadlines. Every write marks its partnership changed in the
same transaction, so its cached pages are read afresh (`send_tracker.page_cache`)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from inspections.models import Deadline, Inspection, Partnership
from send_tracker.audit import save_if_current
from send_tracker.presentation import format_date, format_date_range


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ImpliedDeadline:
    title: str
    due_date: dt.date
    due_text: str


def implied_deadlines(inspection: Inspection) -> list[ImpliedDeadline]:
    """Dates the 2023 framework implies after a full inspection, counted from publication.

    systemic: monitoring inspection within about 18 months, full reinspection within about
    3 years; inconsistent: next full inspection within about 3 years; positive: about 5 years.
    """
    if inspection.kind != Inspection.Kind.FULL or not inspection.outcome:
        return []
    base = inspection.published_date or inspection.end_date
    when = f"the {inspection.start_date:%B %Y} inspection"
    result: list[ImpliedDeadline] = []
    if inspection.outcome == Inspection.Outcome.SYSTEMIC:
        due = add_months(base, 18)
        result.append(
            ImpliedDeadline(
                f"Monitoring inspection (about 18 months after {when})",
                due,
                f"About {due:%B %Y}",
            )
        )
    years = 5 if inspection.outcome == Inspection.Outcome.POSITIVE else 3
    due = add_months(base, 12 * years)
    label = "Full reinspection" if inspection.outcome == "systemic" else "Next full inspection"
    result.append(
        ImpliedDeadline(f"{label} (about {years} years after {when})", due, f"About {due:%B %Y}")
    )
    return result


@transaction.atomic
def inspection_record_implied_deadlines(*, inspection: Inspection) -> list[Deadline]:
    """Create or refresh the framework's implied deadlines for a full inspection.

    A monitoring deadline is marked met once a monitoring inspection following this one is
    recorded; a deadline someone already closed by hand is left as it is.
    """
    deadlines: list[Deadline] = []
    changed = False
    monitoring = (
        inspection.follow_ups.filter(kind=Inspection.Kind.MONITORING).order_by("start_date").first()
    )
    for implied in implied_deadlines(inspection):
        deadline, created = Deadline.objects.get_or_create(
            partnership=inspection.partnership,
            inspection=inspection,
            source=Deadline.Source.FRAMEWORK,
            title=implied.title,
            defaults={
                "due_date": implied.due_date,
                "due_text": implied.due_text,
                "is_approximate": True,
            },
        )
        changed = changed or created
        is_monitoring = implied.title.startswith("Monitoring inspection")
        if is_monitoring and monitoring and deadline.status == Deadline.Status.OPEN:
            changed = True
            deadline.status = Deadline.Status.MET
            deadline.met_date = monitoring.end_date
            deadline.evidence = (
                "Monitoring inspection held "
                f"{format_date_range(monitoring.start_date, monitoring.end_date)}"
                + (
                    f"; letter published {format_date(monitoring.published_date)}."
                    if monitoring.published_date
                    else "."
                )
            )
            deadline.version += 1
            deadline.save(update_fields=["status", "met_date", "evidence", "version"])
        deadlines.append(deadline)
    if changed:
        Partnership.objects.filter(pk=inspection.partnership_id).mark_changed()
    return deadlines


def deadline_record_outcome(
    *,
    deadline: Deadline,
    expected_version: int,
    status: str,
    met_date: dt.date | None,
    evidence: str,
    outcome_note: str = "",
) -> Deadline:
    """Mark a deadline met (on a date, with evidence) or missed, or an expected inspection
    as having taken place; refuses a stale form.

    Met changed to missed clears the evidence of meeting it (the history keeps it);
    `outcome_note`, when given, says why the outcome changed and replaces the last one.
    An expected inspection is never missed: the inspectorate's visit is not the
    partnership's to meet.
    """
    if deadline.is_expected_event and status == Deadline.Status.MISSED:
        raise ValueError("An expected inspection cannot be missed.")
    unmet = deadline.status == Deadline.Status.MET and status == Deadline.Status.MISSED
    changes = {
        "status": status,
        "met_date": met_date if status == Deadline.Status.MET else None,
        "evidence": "" if unmet else evidence,
    }
    if outcome_note:
        changes["outcome_note"] = outcome_note
    with transaction.atomic():
        save_if_current(
            Deadline.objects.all(), deadline, expected_version=expected_version, changes=changes
        )
        Partnership.objects.filter(pk=deadline.partnership_id).mark_changed()
    return deadline


def deadline_save(
    *,
    partnership: Partnership,
    deadline: Deadline | None,
    expected_version: int,
    details: dict[str, Any],
) -> Deadline:
    """Record a new deadline (`deadline` None) or correct one; refuses a stale form."""
    with transaction.atomic():
        if deadline is None:
            deadline = Deadline.objects.create(partnership=partnership, **details)
        else:
            save_if_current(
                Deadline.objects.all(), deadline, expected_version=expected_version, changes=details
            )
        Partnership.objects.filter(pk=partnership.pk).mark_changed()
    return deadline
