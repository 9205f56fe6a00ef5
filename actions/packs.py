"""Board briefing packs: the data for one partnership, as of a date, over a period.

The at-a-glance figures come from `actions.progress` (shared with the dashboard). Reads are a
fixed number of queries whatever the size of the partnership.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from actions.impact import RAG_RULE as IMPACT_RAG_RULE
from actions.impact import Impact, impacts_for
from actions.models import Action, BoardPack, Measure, ProgressUpdate
from actions.progress import (
    RAG_RULES,
    DeadlineSummary,
    FindingWithProgress,
    findings_with_progress,
    rag_reason,
    summarise_deadlines,
)
from inspections.models import Deadline, FocusPoint, Partnership
from inspections.services import add_months
from send_tracker.pdf import render_pdf
from send_tracker.presentation import format_date

if TYPE_CHECKING:
    from send_tracker.pdf_fetcher import StaticOnlyFetcher

UPCOMING_DAYS = 60


def default_since(partnership: Partnership, as_of: dt.date) -> dt.date:
    """Since the last finished pack, else three months before `as_of`."""
    last = (
        BoardPack.objects.filter(
            partnership=partnership, status=BoardPack.Status.DONE, as_of__lt=as_of
        )
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    return last or add_months(as_of, -3)


@dataclass
class RagChange:
    action: Action
    date: dt.date
    before: str
    after: str


@dataclass
class RagTrail:
    """One action's RAG changes in the period, oldest first."""

    action: Action
    changes: list[RagChange]


@dataclass
class FindingSection:
    finding: FindingWithProgress
    actions: list[Action]
    updates: list[ProgressUpdate]
    measures: list[Impact]
    focus_points: list[FocusPoint] = field(default_factory=list)


@dataclass
class PackData:
    partnership: Partnership
    as_of: dt.date
    since: dt.date
    prepared_by: str
    glance: list[FindingWithProgress]
    deadlines: DeadlineSummary  # met ones: met in the period
    sections: list[FindingSection]
    rag_changes: list[RagChange]
    all_actions: list[Action] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)  # every measure, by name

    @property
    def rag_trails(self) -> list[RagTrail]:
        """The period's RAG changes grouped by action, actions in appendix order.

        One row per action rather than per change: the same dates and ratings in far
        fewer table cells (a cell costs WeasyPrint about as much as a paragraph).
        """
        by_action: dict[int, list[RagChange]] = defaultdict(list)
        for change in sorted(self.rag_changes, key=lambda c: (c.date, c.action.pk)):
            by_action[change.action.pk].append(change)
        return [RagTrail(a, by_action[a.pk]) for a in self.all_actions if a.pk in by_action]

    @property
    def title(self) -> str:
        return f"Briefing pack: {self.partnership.name} Local Area Partnership, {format_date(self.as_of)}"


def pack_data(
    partnership: Partnership, *, as_of: dt.date, since: dt.date, prepared_by: str
) -> PackData:
    """Everything the pack prints (14 queries at most: 4 of them national statistics)."""
    findings = list(findings_with_progress(partnership=partnership, today=as_of))
    deadlines = list(Deadline.objects.for_partnership(partnership).for_listing())
    actions = list(Action.objects.for_partnership(partnership).for_listing().by_finding())
    updates = list(
        ProgressUpdate.objects.for_partnership(partnership)
        .filter(action__withdrawn_at__isnull=True)  # a withdrawn action's leave with it
        .select_related("author")
        .order_by("action_id", "date", "pk")
    )
    measures = list(
        Measure.objects.for_partnership(partnership).order_by("name", "pk").with_values()
    )
    points_by_finding: dict[int, list[FocusPoint]] = defaultdict(list)
    for point in FocusPoint.objects.filter(finding__in=[f.pk for f in findings]).order_by(
        "finding_id", "order"
    ):
        points_by_finding[point.finding_id].append(point)

    actions_by_finding: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        actions_by_finding[action.finding_id].append(action)
    action_by_id = {a.pk: a for a in actions}

    updates_by_finding: dict[int, list[ProgressUpdate]] = defaultdict(list)
    rag_changes: list[RagChange] = []
    previous_rag: dict[int, str] = {}
    for update in updates:  # ordered by action, then date
        action = action_by_id[update.action_id]
        update.action = action
        before = previous_rag.get(update.action_id)
        if since <= update.date <= as_of:
            updates_by_finding[action.finding_id].append(update)
            if before is not None and before != update.rag:
                rag_changes.append(RagChange(action, update.date, before, update.rag))
        previous_rag[update.action_id] = update.rag
    rag_changes.sort(key=lambda c: (c.date, c.action.pk))

    impacts = impacts_for(partnership, measures)
    summaries_by_finding: dict[int, list[Impact]] = defaultdict(list)
    for impact in impacts:
        for finding in impact.measure.findings.all():
            summaries_by_finding[finding.pk].append(impact)

    sections = [
        FindingSection(
            finding=f,
            actions=actions_by_finding[f.pk],
            updates=sorted(updates_by_finding[f.pk], key=lambda u: (u.date, u.pk), reverse=True),
            measures=summaries_by_finding[f.pk],
            focus_points=points_by_finding[f.pk],
        )
        for f in findings
    ]
    return PackData(
        partnership=partnership,
        as_of=as_of,
        since=since,
        prepared_by=prepared_by,
        glance=findings,
        deadlines=summarise_deadlines(
            deadlines, today=as_of, upcoming_days=UPCOMING_DAYS, met_since=since
        ),
        sections=sections,
        rag_changes=rag_changes,
        all_actions=actions,
        impacts=impacts,
    )


def render_pack(data: PackData, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The pack as a tagged A4 PDF."""
    context = {
        "pack": data,
        "rag_reason": rag_reason,
        "rag_rules": RAG_RULES,
        "impact_rag_rule": IMPACT_RAG_RULE,
    }
    return render_pdf("pdf/pack.html", context, fetcher=fetcher)
