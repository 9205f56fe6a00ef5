"""What the inspection page shows, assembled from prepared reads (inspections/reads.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from inspections import display, reads
from inspections.models import Inspection, Partnership
from send_tracker.prepared import hydrate, json_rows


@dataclass(frozen=True, slots=True)
class TeamRow:
    name: str
    role: str
    inspectorate: str


@dataclass(frozen=True, slots=True)
class AddresseeRow:
    name: str
    role: str
    organisation: str


@dataclass
class JudgementBlock:
    pk: int
    inspection_id: int
    outcome: str
    outcome_label: str
    label: str
    narrative: str
    finding: FindingBlock | None = None


@dataclass
class FindingBlock:
    pk: int
    inspection_id: int
    title: str
    statement: str
    focus_points_intro: str
    focus_points: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    judgements: list[JudgementBlock] = field(default_factory=list)


@dataclass
class InspectionPage:
    inspection: Inspection
    team: list
    addressees: list
    findings: list[FindingBlock]  # the findings this inspection made
    judgements_made: list[JudgementBlock]  # the judgements this inspection made
    deadlines: list[reads.DeadlineRow]


def inspection_page(
    partnership: Partnership, inspection_id: int, today: dt.date
) -> InspectionPage | None:
    """Everything recorded about one inspection, or None if the partnership has no such
    inspection: 5 queries."""
    rows = reads.inspection_row(partnership_id=partnership.pk, inspection_id=inspection_id)
    if not rows:
        return None
    (row,) = rows
    inspection = hydrate(
        Inspection, **{name: getattr(row, name) for name in reads.INSPECTION_FIELDS}
    )
    inspection.partnership = partnership
    inspection.follows = (
        hydrate(
            Inspection,
            id=row.follows_id,
            partnership_id=partnership.pk,
            kind=row.follows__kind,
            start_date=row.follows__start_date,
            end_date=row.follows__end_date,
        )
        if row.follows_id
        else None
    )
    findings = {
        f.id: FindingBlock(
            pk=f.id,
            inspection_id=f.inspection_id,
            title=display.finding_title(f.kind, f.number),
            statement=f.statement,
            focus_points_intro=f.focus_points_intro,
            focus_points=[p["text"] for p in json_rows(f.point_list)],
            bodies=[b["name"] for b in json_rows(f.body_list)],
        )
        for f in reads.inspection_finding_rows(inspection_id=inspection.pk)
    }
    judgements_made = []
    for j in reads.inspection_judgement_rows(inspection_id=inspection.pk):
        judgement = JudgementBlock(
            pk=j.id,
            inspection_id=j.inspection_id,
            outcome=j.outcome,
            outcome_label=display.JUDGEMENT_OUTCOMES[j.outcome],
            label=display.judgement_label(j.outcome, j.inspection__start_date),
            narrative=j.narrative,
            finding=findings[j.finding_id],
        )
        findings[j.finding_id].judgements.append(judgement)
        if j.inspection_id == inspection.pk:
            judgements_made.append(judgement)
    order = {pk: n for n, pk in enumerate(findings)}  # priority action first, by number
    judgements_made.sort(key=lambda j: order[j.finding.pk])
    return InspectionPage(
        inspection=inspection,
        team=[TeamRow(r["name"], r["role"], r["inspectorate"]) for r in json_rows(row.team_list)],
        addressees=[
            AddresseeRow(r["name"], r["role"], r["organisation"])
            for r in json_rows(row.addressee_list)
        ],
        findings=[f for f in findings.values() if f.inspection_id == inspection.pk],
        judgements_made=judgements_made,
        deadlines=reads.deadline_table_rows(
            reads.inspection_deadline_rows(
                partnership_id=partnership.pk, inspection_id=inspection.pk
            ),
            today,
        ),
    )
