"""Monitoring letters in the Ofsted/CQC form, built from the recorded data.

`monitoring_letter` reproduces the published letter of a recorded monitoring inspection.
The readiness letter (the same form, with the partnership's own recorded self-evaluation)
is the response's: `actions.readiness`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from inspections.models import Addressee, Finding, Inspection, InspectionTeamMember, Judgement
from send_tracker.presentation import format_date, format_date_range

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
    narrative: list[str] = field(default_factory=list)


@dataclass
class Letter:
    partnership_name: str
    letter_date: dt.date
    title: str
    addressees: list[Addressee]
    opening: list[str]
    areas: Sequence[LetterArea]
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


def outcome_summary(areas: Sequence[LetterArea]) -> str:
    """'The local area partnership has taken effective action to address one of …'."""
    sentences = []
    for outcome in ("effective", "ineffective"):
        count = sum(1 for a in areas if a.outcome == outcome)
        if count:
            sentences.append(
                f"The local area partnership has taken {outcome} action to address "
                f"{number_word(count)} of the areas for priority action identified at the "
                "initial inspection."
            )
    ending = "This letter outlines our findings from the monitoring inspection."
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


def priority_findings(original: Inspection) -> QuerySet[Finding]:
    """The areas for priority action of a full inspection, by number, with focus points."""
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
    for finding in priority_findings(original):
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
        outcome_summary(areas),
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
