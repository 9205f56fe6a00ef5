"""The readiness letter: a draft self-evaluation in the form of an Area SEND monitoring
letter, for a partnership awaiting its monitoring inspection. Each area for priority action
is self-assessed from the actions and measures answering it (the response), in the letter
form of the inspection record (`inspections.letters`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action, Measure
from actions.progress import MeasureSummary, summarise_all_values
from inspections.letters import Letter, LetterArea, LetterError, outcome_summary, priority_findings
from inspections.models import Inspection
from send_tracker.presentation import format_date, format_date_range


@dataclass
class ReadinessArea(LetterArea):
    """An area for priority action with the evidence behind its self-assessment."""

    actions_done: list[Action] = field(default_factory=list)
    actions_outstanding: list[Action] = field(default_factory=list)
    measures: list[MeasureSummary] = field(default_factory=list)


def self_assess(area: ReadinessArea, today: dt.date) -> None:
    """Self-assessed outcome from the evidence.

    Effective when the area has actions, none is overdue or rated red, and every linked
    measure with a target has moved from its baseline towards that target. Otherwise
    ineffective: the draft says plainly where the evidence falls short.
    """
    outstanding = area.actions_outstanding
    concerns = [a for a in outstanding if a.rag == "red" or a.due_date < today]
    measures_moving = all(
        _moving_towards_target(summary)
        for summary in area.measures
        if summary.measure.target_value is not None
    )
    has_actions = bool(area.actions_done or outstanding)
    area.outcome = (
        "effective" if has_actions and not concerns and measures_moving else "ineffective"
    )
    area.outcome_label = (
        "Effective action (self-assessed)"
        if area.outcome == "effective"
        else "Ineffective action (self-assessed)"
    )


def _moving_towards_target(summary: MeasureSummary) -> bool:
    m = summary.measure
    if summary.latest is None or m.baseline_value is None:
        return False
    if m.higher_is_better:
        return summary.latest.value > m.baseline_value
    return summary.latest.value < m.baseline_value


def readiness_letter(inspection: Inspection, today: dt.date, prepared_by: str) -> Letter:
    """A draft self-evaluation in the monitoring letter's form, before inspectors arrive."""
    original = inspection.follows if inspection.kind == Inspection.Kind.MONITORING else inspection
    if original is None or original.kind != Inspection.Kind.FULL:
        raise LetterError(
            "A readiness letter needs a full inspection with areas for priority action."
        )
    by_due_date = Action.objects.select_related("lead_organisation").order_by("due_date", "pk")
    findings = list(
        priority_findings(original)
        .prefetch_related(Prefetch("actions", queryset=by_due_date))
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.with_values()))
    )
    if not findings:
        raise LetterError("This inspection has no areas for priority action to self-assess.")
    areas = []
    for finding in findings:
        actions = list(finding.actions.all())
        area = ReadinessArea(
            finding=finding,
            outcome="",
            outcome_label="",
            actions_done=[a for a in actions if a.status == Action.Status.COMPLETE],
            actions_outstanding=[a for a in actions if a.status != Action.Status.COMPLETE],
            measures=[summarise_all_values(m) for m in finding.measures.all()],
        )
        self_assess(area, today)
        areas.append(area)
    area_name = original.partnership.name
    latest_monitoring = (
        original.follow_ups.filter(kind=Inspection.Kind.MONITORING).order_by("-start_date").first()
    )
    opening = [
        "This is a draft self-evaluation prepared by the local area partnership, in the form "
        "of an Area SEND monitoring letter. It has not been written or checked by Ofsted or "
        "CQC.",
        "It sets out, for each area for priority action identified at the inspection that took "
        f"place on {format_date_range(original.start_date, original.end_date)}, whether the "
        "partnership judges its action effective, and the evidence behind that judgement: "
        "actions done and outstanding, and measures against their targets, as recorded on "
        f"{format_date(today)}.",
        outcome_summary(areas, self_assessed=True),
    ]
    return Letter(
        partnership_name=area_name,
        letter_date=today,
        title=f"Area SEND monitoring inspection to {area_name} Local Area Partnership",
        addressees=list(latest_monitoring.addressees.all()) if latest_monitoring else [],
        opening=opening,
        areas=areas,
        next_steps=[
            "Areas self-assessed as ineffective need the outstanding and overdue actions listed "
            "above completed, and measures that show impact for children, young people and "
            "families, before inspectors arrive.",
            "Inspectors look for impact, not activity: check that each measure has a recent "
            "value and a target.",
        ],
        signatories=[(prepared_by, "Prepared with SEND Tracker")],
        is_readiness=True,
        today=today,
    )
