"""The readiness letter: the partnership's draft self-evaluation in the form of an Area SEND
monitoring letter, for a partnership awaiting its monitoring inspection.

Each area for priority action carries the assessment the partnership's officers recorded
(`SelfEvaluation`), or "Not yet assessed". Nothing here is worked out as if it were a
judgement: the actions and measures are listed as facts from the record, beside the
partnership's own view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action, Measure, SelfEvaluation
from actions.progress import MeasureSummary, summarise_all_values
from inspections.letters import Letter, LetterArea, LetterError, number_word, priority_findings
from inspections.models import Inspection
from send_tracker.presentation import format_date, format_date_range

NOT_RECORDED = "not_recorded"
ASSESSMENT_WORDS = {
    SelfEvaluation.Assessment.EFFECTIVE: "effective",
    SelfEvaluation.Assessment.NOT_YET_EFFECTIVE: "not yet effective",
}


@dataclass
class ReadinessArea(LetterArea):
    """An area for priority action with the partnership's own assessment and, as facts,
    the actions and measures answering it."""

    evaluation: SelfEvaluation | None = None
    actions_done: list[Action] = field(default_factory=list)
    actions_outstanding: list[Action] = field(default_factory=list)
    measures: list[MeasureSummary] = field(default_factory=list)
    today: dt.date | None = None  # the letter's date: what is overdue on it

    @property
    def overdue(self) -> int:
        """Outstanding actions past their due date on the letter's date (a fact)."""
        return sum(1 for a in self.actions_outstanding if self.today and a.due_date < self.today)


def assessed_area(area: ReadinessArea) -> None:
    """The area's outcome as the partnership recorded it ("Not yet assessed" if it has not);
    the evidence summary is its narrative."""
    evaluation = area.evaluation
    if evaluation is None:
        area.outcome, area.outcome_label = NOT_RECORDED, "Not yet assessed"
        return
    area.outcome = evaluation.assessment
    area.outcome_label = (
        f"{evaluation.get_assessment_display()} (the partnership's own assessment, "
        f"{format_date(evaluation.assessed_on)})"
    )
    area.narrative = [p.strip() for p in evaluation.evidence.split("\n\n") if p.strip()]


def assessment_summary(areas: list[ReadinessArea]) -> str:
    """What the partnership's recorded assessments say, counted: 'The partnership assesses
    its action as effective for one area for priority action …'."""
    parts = []
    for code, words in ASSESSMENT_WORDS.items():
        count = sum(1 for a in areas if a.outcome == code)
        if count:
            parts.append(f"{words} for {number_word(count)}")
    unassessed = sum(1 for a in areas if a.outcome in (NOT_RECORDED, "not_assessed"))
    sentences = []
    if parts:
        sentences.append(
            "The partnership assesses its action as "
            + " and ".join(parts)
            + f" of the {number_word(len(areas))} areas for priority action."
        )
    if unassessed:
        sentences.append(
            f"{number_word(unassessed).capitalize()} of the areas "
            f"{'is' if unassessed == 1 else 'are'} not yet assessed."
        )
    return " ".join(sentences)


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
        .select_related("self_evaluation")
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
            evaluation=getattr(finding, "self_evaluation", None),
            actions_done=[a for a in actions if a.status == Action.Status.COMPLETE],
            actions_outstanding=[a for a in actions if a.status != Action.Status.COMPLETE],
            measures=[summarise_all_values(m) for m in finding.measures.all()],
            today=today,
        )
        assessed_area(area)
        areas.append(area)
    area_name = original.partnership.name
    opening = [
        "This is a draft self-evaluation prepared by the local area partnership, in the form "
        "of an Area SEND monitoring letter. It has not been written or checked by Ofsted or "
        "CQC, and nothing in it is a judgement: only inspectors judge action effective or "
        "ineffective.",
        "It sets out, for each area for priority action identified at the inspection that took "
        f"place on {format_date_range(original.start_date, original.end_date)}, the "
        "partnership's own assessment as its officers recorded it, with their summary of the "
        "evidence; then, as facts from the partnership's records on "
        f"{format_date(today)}, the actions answering the area and its measures against their "
        "targets.",
        assessment_summary(areas),
    ]
    return Letter(
        partnership_name=area_name,
        letter_date=today,
        title=f"Area SEND monitoring inspection to {area_name} Local Area Partnership",
        addressees=[],  # a draft for the partnership itself, not a letter to its directors
        opening=[p for p in opening if p],
        areas=areas,
        next_steps=[
            "Record the partnership's self-evaluation of any area not yet assessed on that "
            "area's page in SEND Tracker before the monitoring inspection.",
            "Inspectors look for impact, not activity: the evidence should say what has changed "
            "for children, young people and families, and each measure should have a recent "
            "value and a target.",
        ],
        signatories=[(prepared_by, "Prepared with SEND Tracker")],
        is_readiness=True,
        today=today,
    )
