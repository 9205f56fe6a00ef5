"""Monitoring letters in the Ofsted/CQC form, built from the recorded data.

`monitoring_letter` reproduces the published letter of a recorded monitoring inspection.
`readiness_letter` is the same form for a partnership still awaiting monitoring: a draft
self-evaluation, each area for priority action self-assessed from its actions and measures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action, Measure
from actions.progress import MeasureSummary, summarise_measure
from inspections.dates import format_date, format_date_range
from inspections.models import Addressee, Finding, Inspection, InspectionTeamMember, Judgement

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


class LetterError(ValueError):
    """The inspection cannot have this kind of letter."""


@dataclass
class LetterArea:
    """One area for priority action as the letter restates and judges it."""

    finding: Finding
    outcome: str  # "effective" / "ineffective"
    outcome_label: str  # "Effective action"
    narrative: list[str]
    actions_done: list[Action] = field(default_factory=list)
    actions_outstanding: list[Action] = field(default_factory=list)
    measures: list[MeasureSummary] = field(default_factory=list)


@dataclass
class Letter:
    partnership_name: str
    letter_date: dt.date
    title: str
    addressees: list[Addressee]
    opening: list[str]
    areas: list[LetterArea]
    next_steps: list[str]
    signatories: list[tuple[str, str]]
    is_readiness: bool = False
    today: dt.date | None = None

    @property
    def document_title(self) -> str:
        prefix = "Draft self-evaluation: " if self.is_readiness else ""
        return f"{prefix}{self.title}, {format_date(self.letter_date)}"


LEGAL_BASIS = "The inspection was conducted under section 20 of the Children Act 2004."
ON_BEHALF = (
    "I write on behalf of His Majesty's Chief Inspector (HMCI) of Education, Children's "
    "Services and Skills, the Chief Inspector of Primary Medical Services and the Chief "
    "Inspector of Primary Care and Community Services of CQC."
)
METHOD = (
    "During the inspection, we spoke to local area leaders, parents and carers of children "
    "and young people with special educational needs and/or disabilities (SEND), and "
    "education, health and social care professionals. We also met with representatives of "
    "the parent carer forum (PCF), the Department for Education (DfE) and regional NHS "
    "England. We examined relevant documents and correspondence about the performance of the "
    "area in addressing the areas for priority action identified at the initial inspection, "
    "including the area's priority action plan and self-evaluation."
)
NEXT_STEPS = [
    "Inspectors will reach an effective action outcome if, having gathered and evaluated "
    "evidence, they find that the partnership has taken reasonable steps to address the area "
    "for priority action since the full inspection, based on the relevant evaluation criteria.",
    "Effective action does not mean that the area for priority action is no longer a concern "
    "or that the partnership can stop taking action to address it. Inspections are a "
    "point-in-time evaluation. Areas for priority action that receive an effective action "
    "outcome may still be identified as areas for priority action in future inspections. This "
    "can happen if the partnership does not continue to take action and/or the action has not "
    "continued to have a positive impact on the experiences and outcomes for children and "
    "young people with SEND.",
    "Ofsted and CQC ask the partnership to update their priority action plan (area SEND) as a "
    "result of this inspection.",
    "I am copying this letter to DfE and regional NHS England.",
]


def _outcome_summary(areas: list[LetterArea], self_assessed: bool) -> str:
    """'The local area partnership has taken effective action to address one of …'."""
    verb = "has, in its own assessment, taken" if self_assessed else "has taken"
    sentences = []
    for outcome in ("effective", "ineffective"):
        count = sum(1 for a in areas if a.outcome == outcome)
        if count:
            sentences.append(
                f"The local area partnership {verb} {outcome} action to address "
                f"{number_word(count)} of the areas for priority action identified at the "
                "initial inspection."
            )
    ending = (
        "This draft sets out the evidence behind each self-assessment."
        if self_assessed
        else "This letter outlines our findings from the monitoring inspection."
    )
    return " ".join([*sentences, ending])


def _team_sentence(team: list[InspectionTeamMember]) -> str:
    """Who inspected, from the recorded team: lead first, then the others by inspectorate."""
    if not team:
        return ""
    lead = next((m for m in team if "lead" in m.role.lower()), team[0])
    others = [m for m in team if m is not lead]
    lead_text = (
        "one of His Majesty's Inspectors (HMI) from Ofsted"
        if lead.inspectorate == "ofsted"
        else f"a {lead.role} from CQC"
    )
    groups: list[str] = []
    ofsted = [m for m in others if m.inspectorate == "ofsted"]
    cqc = [m for m in others if m.inspectorate == "cqc"]
    if ofsted:
        groups.append(
            f"{'an' if len(ofsted) == 1 else number_word(len(ofsted))} "
            f"{'HMI' if len(ofsted) == 1 else 'HMIs'} from Ofsted"
        )
    if cqc:
        role = "Children's Services Inspector"
        groups.append(
            f"{'a' if len(cqc) == 1 else number_word(len(cqc))} "
            f"{role if len(cqc) == 1 else role + 's'} from CQC"
        )
    sentence = f"The inspection was led by {lead_text}"
    if groups:
        sentence += ", accompanied by " + " and ".join(groups)
    return sentence + "."


def _priority_findings(original: Inspection):
    return (
        Finding.objects.filter(inspection=original, kind=Finding.Kind.PRIORITY_ACTION)
        .order_by("number")
        .prefetch_related("focus_points")
    )


def monitoring_letter(inspection: Inspection) -> Letter:
    """The letter of a recorded monitoring inspection, from its data."""
    if inspection.kind != Inspection.Kind.MONITORING or inspection.follows is None:
        raise LetterError("Only a recorded monitoring inspection has a monitoring letter.")
    original = inspection.follows
    judgements = {j.finding_id: j for j in Judgement.objects.filter(inspection=inspection)}
    areas = []
    for finding in _priority_findings(original):
        judgement = judgements.get(finding.pk)
        if judgement is None:
            raise LetterError(f"{finding.title} has no judgement recorded for this inspection.")
        areas.append(
            LetterArea(
                finding=finding,
                outcome=judgement.outcome,
                outcome_label=judgement.get_outcome_display(),
                narrative=[p for p in judgement.narrative.split("\n\n") if p.strip()],
            )
        )
    team = list(inspection.team.all())
    area_name = inspection.partnership.name
    opening = [
        f"Between {format_date(inspection.start_date)} and {format_date(inspection.end_date)}, "
        "Ofsted and the Care Quality Commission (CQC) revisited "
        f"{area_name}, to decide whether effective action has been made in relation to each of "
        "the areas for priority action detailed in the inspection report published following "
        f"the inspection that took place on {format_date_range(original.start_date, original.end_date)}. "
        + LEGAL_BASIS,
        ON_BEHALF,
        "As a result of the findings of the initial inspection and in accordance with the "
        "Children Act 2004 (Joint Area Reviews) Regulations 2015, HMCI required the local area "
        "partnership to prepare and submit a priority action plan (area SEND) to address the "
        f"{number_word(len(areas))} identified areas for priority action.",
        _outcome_summary(areas, self_assessed=False),
        _team_sentence(team),
        METHOD,
    ]
    return Letter(
        partnership_name=area_name,
        letter_date=inspection.published_date or inspection.end_date,
        title=f"Area SEND monitoring inspection to {area_name} Local Area Partnership",
        addressees=list(inspection.addressees.all()),
        opening=[p for p in opening if p],
        areas=areas,
        next_steps=NEXT_STEPS,
        signatories=[(m.name, m.role) for m in team if m.is_signatory]
        or [(m.name, m.role) for m in team],
    )


def self_assess(area: LetterArea, today: dt.date) -> None:
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
    findings = list(
        _priority_findings(original).prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("lead_organisation").order_by("due_date"),
            ),
            Prefetch("measures", queryset=Measure.objects.with_values()),
        )
    )
    if not findings:
        raise LetterError("This inspection has no areas for priority action to self-assess.")
    areas = []
    for finding in findings:
        actions = list(finding.actions.all())
        area = LetterArea(
            finding=finding,
            outcome="",
            outcome_label="",
            narrative=[],
            actions_done=[a for a in actions if a.status == Action.Status.COMPLETE],
            actions_outstanding=[a for a in actions if a.status != Action.Status.COMPLETE],
            measures=[summarise_measure(m) for m in finding.measures.all()],
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
        _outcome_summary(areas, self_assessed=True),
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
