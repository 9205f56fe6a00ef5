"""What the finding, action list and action pages show, assembled from prepared reads.

Each page reads a fixed number of narrow rows (actions/reads.py) and builds light rows
for its template; only the few records whose model behaviour a page needs (the finding,
the action a form edits) become model instances.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from actions import reads
from actions.models import Action, Plan
from actions.progress import MeasureSummary, card_summaries, measure_cards
from inspections import display
from inspections.models import Finding, FocusPoint, Inspection, Organisation, Partnership
from send_tracker.prepared import hydrate, json_objects, json_rows
from send_tracker.templating import url_pattern

STATUS_LABELS = dict(Action.Status.choices)


@dataclass
class JudgementRow:
    pk: int
    outcome: str
    label: str
    narrative: str
    inspection_id: int
    inspection_title: str


@dataclass
class UpdateRow:
    pk: int
    date: dt.date
    rag: str
    narrative: str
    author: str
    action_id: int
    action_title: str
    action_url: str


@dataclass
class ActionRow:
    pk: int
    url: str
    title: str
    is_illustrative: bool
    status: str
    status_label: str
    rag: str
    due_date: dt.date
    lead: str
    lead_name: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class PointRow:
    """A focus point of the finding page."""

    id: int
    order: int
    text: str


@dataclass(frozen=True, slots=True)
class BodyRow:
    """A responsible body named in the finding."""

    id: int
    name: str


@dataclass
class FocusGroup:
    """The finding page's actions for one focus point (None: the finding as a whole)."""

    point: object | None
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class FindingPage:
    finding: Finding
    focus_points: list[PointRow]
    bodies: list[BodyRow]
    judgements: list[JudgementRow]
    groups: list[FocusGroup]
    measures: list[MeasureSummary]
    updates: list[UpdateRow]
    older: tuple[dt.date, int] | None  # where the next, older page of updates starts


def update_rows(rows, slug: str) -> list[UpdateRow]:
    action_url = url_pattern("actions:action", slug=slug)
    return [
        UpdateRow(
            pk=row.id,
            date=row.date,
            rag=row.rag,
            narrative=row.narrative,
            author=display.person_name(
                row.author__first_name,
                row.author__last_name,
                row.author__username,
                row.author_name,
            ),
            action_id=row.action_id,
            action_title=row.action__title,
            action_url=action_url(row.action_id),
        )
        for row in rows
    ]


def finding_page(
    partnership: Partnership,
    finding_id: int,
    today: dt.date,
    before: tuple[dt.date, int] | None = None,
) -> FindingPage | None:
    """The finding page, or None if the partnership has no such finding: 1 query."""
    before_date, before_id = before or (None, None)
    rows = reads.finding_row(
        partnership_id=partnership.pk,
        finding_id=finding_id,
        before_date=before_date,
        before_id=before_id,
    )
    if not rows:
        return None
    (row,) = rows
    finding = hydrate(
        Finding,
        id=row.id,
        inspection_id=row.inspection_id,
        kind=row.kind,
        number=row.number,
        statement=row.statement,
        focus_points_intro=row.focus_points_intro,
    )
    finding.inspection = hydrate(
        Inspection,
        id=row.inspection_id,
        partnership_id=partnership.pk,
        kind=row.inspection__kind,
        start_date=row.inspection__start_date,
    )
    points = [PointRow(p["id"], p["order"], p["text"]) for p in json_rows(row.point_list)]
    action_url = url_pattern("actions:action", slug=partnership.slug)
    # The finding as a whole first, then each focus point in order; by due date within.
    groups: dict[int | None, FocusGroup] = {None: FocusGroup(None)}
    groups.update((point.id, FocusGroup(point)) for point in points)
    actions = json_objects(row.action_list, dates=("due_date",), flags=("is_illustrative",))
    for action in actions:
        group = groups.get(action.focus_point_id) or groups[None]
        group.actions.append(
            ActionRow(
                pk=action.id,
                url=action_url(action.id),
                title=action.title,
                is_illustrative=action.is_illustrative,
                status=action.status,
                status_label=STATUS_LABELS.get(action.status, action.status),
                rag=action.rag,
                due_date=action.due_date,
                lead=action.lead_organisation__name,
                lead_name=action.lead_name,
                overdue=action.status != Action.Status.COMPLETE and action.due_date < today,
            )
        )
    newest_first = json_objects(row.update_list, dates=("date",))
    updates = update_rows(newest_first, partnership.slug)
    older = None
    if len(updates) > reads.UPDATES_SHOWN:
        updates = updates[: reads.UPDATES_SHOWN]
        older = (updates[-1].date, updates[-1].pk)
    return FindingPage(
        finding=finding,
        focus_points=points,
        bodies=[BodyRow(b["id"], b["name"]) for b in json_rows(row.body_list)],
        judgements=[
            JudgementRow(
                pk=j["id"],
                outcome=j["outcome"],
                label=display.judgement_label(j["outcome"], j["inspection_start"]),
                narrative=j["narrative"],
                inspection_id=j["inspection_id"],
                inspection_title=display.inspection_short_title(
                    j["inspection_kind"], j["inspection_start"]
                ),
            )
            for j in json_rows(row.judgement_list, dates=("inspection_start",))
        ],
        groups=[group for group in groups.values() if group.actions],
        measures=card_summaries(measure_cards(row.measure_list)),
        updates=updates,
        older=older,
    )


@dataclass
class ListedAction:
    pk: int
    url: str
    title: str
    is_illustrative: bool
    finding_id: int
    finding_url: str
    finding_code: str
    focus_point: int | None
    status_label: str
    rag: str
    lead: str
    due_date: dt.date
    overdue: bool


def listed_actions(partnership: Partnership, criteria: dict, findings, today: dt.date):
    """The action list's rows for the filters in `criteria` (ActionFilterForm.criteria):
    1 query. `findings` are the partnership's finding rows, for each row's short code."""
    codes = {f.id: display.finding_code(f.kind, f.number) for f in findings}
    action_url = url_pattern("actions:action", slug=partnership.slug)
    finding_url = url_pattern("actions:finding", slug=partnership.slug)
    return [
        ListedAction(
            pk=row.id,
            url=action_url(row.id),
            title=row.title,
            is_illustrative=row.is_illustrative,
            finding_id=row.finding_id,
            finding_url=finding_url(row.finding_id),
            finding_code=codes.get(row.finding_id, ""),
            focus_point=row.focus_point__order,
            status_label=STATUS_LABELS.get(row.status, row.status),
            rag=row.rag,
            lead=row.lead_organisation__short_name or row.lead_organisation__name,
            due_date=row.due_date,
            overdue=row.status != Action.Status.COMPLETE and row.due_date < today,
        )
        for row in reads.action_list_rows(partnership_id=partnership.pk, **criteria)
    ]


def action_of(partnership: Partnership, action_id: int) -> Action | None:
    """The partnership's action with its finding, inspection, focus point, plan and lead
    organisation attached (as `for_listing()` gives them), or None: 1 query."""
    rows = reads.action_row(partnership_id=partnership.pk, action_id=action_id)
    if not rows:
        return None
    (row,) = rows
    action = hydrate(Action, **{name: getattr(row, name) for name in reads.ACTION_FIELDS})
    action.plan = hydrate(
        Plan, id=row.plan_id, partnership_id=partnership.pk, title=row.plan__title
    )
    action.finding = hydrate(
        Finding,
        id=row.finding_id,
        inspection_id=row.finding__inspection_id,
        kind=row.finding__kind,
        number=row.finding__number,
    )
    action.finding.inspection = hydrate(
        Inspection,
        id=row.finding__inspection_id,
        partnership_id=partnership.pk,
        kind=row.finding__inspection__kind,
        start_date=row.finding__inspection__start_date,
    )
    action.focus_point = (
        hydrate(
            FocusPoint,
            id=row.focus_point_id,
            finding_id=row.finding_id,
            order=row.focus_point__order,
            text=row.focus_point__text,
        )
        if row.focus_point_id
        else None
    )
    action.lead_organisation = hydrate(
        Organisation,
        id=row.lead_organisation_id,
        partnership_id=partnership.pk,
        name=row.lead_organisation__name,
        short_name=row.lead_organisation__short_name,
    )
    return action


def action_updates(action: Action, slug: str) -> list[UpdateRow]:
    """An action's whole progress history, newest first: 1 query."""
    return update_rows(reads.action_update_rows(action_id=action.pk), slug)
