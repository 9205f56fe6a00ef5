"""What the progress pages read: a few selector functions over chainable QuerySets.

Every read starts from the partnership (`for_partnership`), never from a child's id alone,
and takes a fixed number of queries however much data the partnership has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Max, OuterRef, Q

from actions.impact import Impact, impacts_for
from actions.models import Action, Measure, ProgressUpdate
from actions.models.action import ActionQuerySet
from actions.progress import (
    DeadlineSummary,
    FindingWithProgress,
    MeasurePoint,
    MeasureSummary,
    deadlines_to_summarise,
    findings_with_progress,
    sparkline,
    summarise,
    summarise_deadlines,
    summarise_recent_values,
)
from benchmarks.comparators import series_for_area
from inspections.models import Finding, FocusPoint, Membership, Partnership

# A measure card or trend shows its latest values; the Measures page shows them all.
CARD_VALUES = 12
UPCOMING_DAYS = 60  # deadlines due soon, and those met recently
RECENT_UPDATES = 8
UPDATES_SHOWN = 20


def measure_cards(partnership: Partnership, measures: list[Measure]) -> list[MeasureSummary]:
    """Summaries of measures read `with_recent_values(CARD_VALUES + 1)`; those linked to
    national statistics take their latest figures from them (4 queries more at most)."""
    linked = {m.indicator_id for m in measures if m.indicator_id is not None}
    codes = partnership.ons_codes
    series = series_for_area(code=codes[0], indicator_ids=linked) if linked and codes else {}
    cards = []
    for measure in measures:
        if measure.indicator_id is None:
            cards.append(summarise_recent_values(measure, CARD_VALUES))
            continue
        rows = series[measure.indicator_id].rows if measure.indicator_id in series else []
        shown = [r for r in rows if r.value is not None]
        points = [MeasurePoint(r.period_end, r.value) for r in shown[-CARD_VALUES:]]  # type: ignore[arg-type]
        card = summarise(measure, points, more=len(shown) > CARD_VALUES)
        card.england_value = shown[-1].england if shown else None
        card.spark = sparkline(
            [p.value for p in points], [measure.target_value, card.england_value]
        )
        cards.append(card)
    return cards


def owner_choices(*, partnership: Partnership) -> list[tuple[int, str]]:
    """The people an "owned by" filter offers, as (user id, name), by name: the members who
    may own actions (leaders, officers, admins) and any other member who owns one (made
    owner before their role changed). 1 query."""
    owns_one = Exists(Action.objects.for_partnership(partnership).filter(owner=OuterRef("user")))
    members = (
        Membership.objects.for_partnership(partnership)
        .filter(Q(role__in=Membership.OWNER_ROLES) | Q(owns_one))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [(m.user_id, m.user.get_full_name() or m.user.get_username()) for m in members]


@dataclass(frozen=True)
class Dashboard:
    findings: list[FindingWithProgress]
    deadlines: DeadlineSummary
    measures: list[MeasureSummary]
    recent_updates: list[ProgressUpdate]

    @property
    def overdue_actions(self) -> int:
        return sum(finding.overdue for finding in self.findings)


def dashboard_get(
    *, partnership: Partnership, today: dt.date, owner_id: int | None = None
) -> Dashboard:
    """Everything the dashboard shows: 6 queries. With `owner_id`, the action figures and
    recent updates are those of the actions that person owns."""
    findings = list(findings_with_progress(partnership=partnership, today=today, owner_id=owner_id))
    met_since = today - dt.timedelta(days=UPCOMING_DAYS)
    deadlines = deadlines_to_summarise(
        partnership=partnership, today=today, upcoming_days=UPCOMING_DAYS, met_since=met_since
    )
    measures = list(
        Measure.objects.for_partnership(partnership)
        .order_by("name", "pk")
        .with_recent_values(CARD_VALUES + 1)
    )
    updates = ProgressUpdate.objects.for_partnership(partnership)
    if owner_id is not None:
        updates = updates.filter(action__owner_id=owner_id)
    updates = updates.select_related("action__finding", "action__owner").newest(RECENT_UPDATES)
    return Dashboard(
        findings=findings,
        deadlines=summarise_deadlines(
            deadlines, today=today, upcoming_days=UPCOMING_DAYS, met_since=met_since
        ),
        measures=measure_cards(partnership, measures),
        recent_updates=list(updates),
    )


@dataclass
class FocusGroup:
    """The finding page's actions for one focus point (None: the finding as a whole)."""

    point: FocusPoint | None
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class FindingPage:
    groups: list[FocusGroup]
    measures: list[Impact]
    updates: list[ProgressUpdate]  # newest first, at most UPDATES_SHOWN
    older: tuple[dt.date, int] | None  # where the next, older page of updates starts


def finding_page_get(
    *, partnership: Partnership, finding: Finding, before: tuple[dt.date, int] | None = None
) -> FindingPage:
    """A finding's actions by focus point, its measures, and a page of its progress updates
    (newest first; `before` is where an older page starts): 4 queries. `finding` comes
    from `Finding.objects.for_partnership(partnership).with_record()`."""
    actions = (
        Action.objects.for_partnership(partnership)
        .filter(finding=finding)
        .select_related("lead_organisation", "owner")
        .order_by("due_date", "pk")
    )
    # The finding as a whole first, then each focus point in order.
    groups: dict[int | None, FocusGroup] = {None: FocusGroup(None)}
    groups.update((point.pk, FocusGroup(point)) for point in finding.focus_points.all())
    for action in actions:
        (groups.get(action.focus_point_id) or groups[None]).actions.append(action)

    measures = list(
        Measure.objects.for_partnership(partnership)
        .filter(findings=finding)
        .order_by("name", "pk")
        .with_values()
    )
    updates = ProgressUpdate.objects.for_partnership(partnership).filter(action__finding=finding)
    if before is not None:
        date, pk = before
        updates = updates.filter(Q(date__lt=date) | Q(date=date, pk__lt=pk))
    page = list(updates.select_related("action", "author").newest(UPDATES_SHOWN + 1))
    older = None
    if len(page) > UPDATES_SHOWN:
        page = page[:UPDATES_SHOWN]
        older = (page[-1].date, page[-1].pk)
    return FindingPage(
        groups=[group for group in groups.values() if group.actions],
        measures=impacts_for(partnership, measures),
        updates=page,
        older=older,
    )


def action_list_get(
    *,
    partnership: Partnership,
    finding_id: int | None = None,
    lead_id: int | None = None,
    status: str | None = None,
    rag: str | None = None,
    overdue_on: dt.date | None = None,
    owner_id: int | None = None,
    latest_first: bool = False,
) -> ActionQuerySet:
    """The partnership's actions matching the filters given, by due date, with what a row
    names."""
    actions = Action.objects.for_partnership(partnership).for_listing()
    if finding_id is not None:
        actions = actions.filter(finding_id=finding_id)
    if lead_id is not None:
        actions = actions.filter(lead_organisation_id=lead_id)
    if owner_id is not None:
        actions = actions.owned_by(owner_id)
    if status is not None:
        actions = actions.filter(status=status)
    if rag is not None:
        actions = actions.filter(rag=rag)
    if overdue_on is not None:
        actions = actions.overdue(overdue_on)
    return actions.order_by("-due_date" if latest_first else "due_date", "pk")


def my_open_actions(*, user: AbstractBaseUser) -> ActionQuerySet:
    """The open actions (not complete, not withdrawn) `user` owns in every partnership they
    are still a member of, each with `last_update` (the date of its newest progress update,
    or None), its partnership and finding; by due date, so the overdue come first (an open
    action is overdue exactly when its due date has passed). 1 query."""
    still_member = Exists(
        Membership.objects.filter(user_id=user.pk, partnership=OuterRef("plan__partnership"))
    )
    return (
        Action.objects.owned_by(user.pk)
        .open()
        .filter(still_member)
        .annotate(last_update=Max("updates__date"))
        .select_related("plan__partnership", "finding")
        .order_by("due_date", "plan__partnership__name", "pk")
    )
