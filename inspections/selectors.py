"""What the record's pages read: a few selector functions over chainable QuerySets.

Every read starts from the partnership (`for_partnership`) or from a record already read
through it, and takes a fixed number of queries however much data the partnership has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from inspections.models import Deadline, Finding, Inspection, Judgement, Partnership

KIND_ORDER = {"priority_action": 0, "improvement": 1, "weakness": 2}


def deadlines_get(*, partnership: Partnership) -> QuerySet[Deadline]:
    """The partnership's deadlines as the tables list them, soonest first."""
    return Deadline.objects.for_partnership(partnership).for_listing()


@dataclass(frozen=True)
class InspectionPage:
    findings: list[Finding]  # the findings this inspection made, with their record
    judgements_made: list[Judgement]  # the judgements it made, priority action first
    deadlines: list[Deadline]  # the deadlines it set


def inspection_page_get(*, partnership: Partnership, inspection: Inspection) -> InspectionPage:
    """What the inspection page lists besides the inspection itself: 7 queries.
    `inspection` was read through the partnership."""
    findings = Finding.objects.filter(inspection=inspection).priority_first().with_record()
    judgements = (
        Judgement.objects.filter(inspection=inspection)
        .select_related("finding")
        .prefetch_related("finding__focus_points")
    )
    return InspectionPage(
        findings=list(findings),
        judgements_made=sorted(
            judgements, key=lambda j: (KIND_ORDER[j.finding.kind], j.finding.number)
        ),
        deadlines=list(deadlines_get(partnership=partnership).filter(inspection=inspection)),
    )
