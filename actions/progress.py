"""Where a partnership stands: the figures the dashboard, the finding page and the board
pack share, so a page and a PDF never disagree.

Each read is a fixed number of queries, whatever the number of findings, actions or values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When

from actions.models import Action, Measure
from inspections.models import Deadline, Finding, Partnership

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a development dependency: types only

# The finding's current actions: a join (unlike a reverse relation or a prefetch) does not
# go through the default manager, so the aggregates below leave withdrawn actions out here.
CURRENT = Q(actions__withdrawn_at__isnull=True)
# Current actions not yet complete: the ones that can be overdue, red or amber.
OPEN = CURRENT & ~Q(actions__status=Action.Status.COMPLETE)


class Progress(TypedDict):
    """The figures `findings_with_progress` annotates on each finding."""

    total: int
    withdrawn: int
    complete: int
    in_progress: int
    not_started: int
    on_hold: int
    overdue: int
    red: int
    amber: int
    red_or_overdue: int
    next_due: dt.date | None
    overall_rag: str


# A finding as `findings_with_progress` reads it, for type checking.
type FindingWithProgress = WithAnnotations[Finding, Progress]


@dataclass(frozen=True)
class RagRule:
    """One step of the overall RAG: the first rule whose condition holds gives the rating.

    `condition` is tested by the database on the annotated counts; `reason` says, from the
    same counts, why a finding got the rating; `summary` is the rule in words."""

    rag: str
    condition: Q
    summary: str
    reason: Callable[[Progress], str]


def _actions(n: int) -> str:
    return f"{n} action{'' if n == 1 else 's'}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


RAG_RULES = (
    RagRule(
        "blue",
        Q(complete=F("total")),
        "Complete: every action answering the finding is complete.",
        lambda f: f"Complete: all {_actions(f['total'])} are complete.",
    ),
    RagRule(
        "red",
        Q(red_or_overdue__gt=0),
        "Red: at least one open action is rated red or is past its due date.",
        lambda f: (
            f"Red: {f['red_or_overdue']} of {_actions(f['total'])} "
            f"{_are(f['red_or_overdue'])} red or overdue."
        ),
    ),
    RagRule(
        "amber",
        Q(amber__gt=0),
        "Amber: no open action is red or overdue, and at least one is rated amber.",
        lambda f: (
            f"Amber: {f['amber']} of {_actions(f['total'])} {_are(f['amber'])} amber; "
            "none is red or overdue."
        ),
    ),
    RagRule(
        "green",
        Q(),
        "Green: every open action is rated green and none is overdue.",
        lambda f: (
            f"Green: {f['total'] - f['complete']} of {_actions(f['total'])} "
            f"{_are(f['total'] - f['complete'])} open; none is red, amber or overdue."
        ),
    ),
)
NO_ACTIONS = "No rating: no actions answer the finding."


def rag_reason(finding: FindingWithProgress) -> str:
    """Why the finding has its overall RAG, in a sentence from its annotated counts (no
    query): the reason of the rule that gave the rating."""
    figures = cast(Progress, {name: getattr(finding, name) for name in Progress.__annotations__})
    for rule in RAG_RULES:
        if rule.rag == finding.overall_rag:
            return rule.reason(figures)
    return NO_ACTIONS


def findings_with_progress(
    *, partnership: Partnership, today: dt.date, owner_id: int | None = None
) -> QuerySet[FindingWithProgress]:
    """The partnership's findings (newest inspection, priority action first), each with its
    inspection, its judgements and the figures of the current actions answering it:
    `total`, `complete`, `in_progress`, `not_started`, `on_hold`, `overdue` (as of
    `today`), `red`, `amber`, `red_or_overdue`, `next_due` (the earliest due date of an open
    action from `today` on: never a past date, those are `overdue`), `withdrawn` (actions
    taken back) and `overall_rag`. 2 queries.

    The overall RAG: no actions, no rating; otherwise the first of `RAG_RULES` that holds.

    With `owner_id`, only the actions that person owns are counted (every finding is still
    listed, so a finding none of their actions answers shows as having none).
    """
    status = "actions__status"

    def counted(condition: Q) -> Q:
        """The actions a figure counts: those meeting `condition`, of the owner if given."""
        return condition if owner_id is None else condition & Q(actions__owner_id=owner_id)

    figures = (
        Finding.objects.for_partnership(partnership)
        .priority_first()
        .with_judgements()
        .annotate(
            total=Count("actions", filter=counted(CURRENT)),
            withdrawn=Count("actions", filter=counted(Q(actions__withdrawn_at__isnull=False))),
            complete=Count(
                "actions", filter=counted(CURRENT & Q(**{status: Action.Status.COMPLETE}))
            ),
            in_progress=Count(
                "actions", filter=counted(CURRENT & Q(**{status: Action.Status.IN_PROGRESS}))
            ),
            not_started=Count(
                "actions", filter=counted(CURRENT & Q(**{status: Action.Status.NOT_STARTED}))
            ),
            on_hold=Count(
                "actions", filter=counted(CURRENT & Q(**{status: Action.Status.ON_HOLD}))
            ),
            overdue=Count("actions", filter=counted(OPEN & Q(actions__due_date__lt=today))),
            red=Count("actions", filter=counted(OPEN & Q(actions__rag="red"))),
            amber=Count("actions", filter=counted(OPEN & Q(actions__rag="amber"))),
            red_or_overdue=Count(
                "actions",
                filter=counted(OPEN & (Q(actions__rag="red") | Q(actions__due_date__lt=today))),
            ),
            next_due=Min(
                "actions__due_date", filter=counted(OPEN & Q(actions__due_date__gte=today))
            ),
        )
    )
    with_rag = figures.annotate(
        overall_rag=Case(
            When(total=0, then=Value("")),
            *(When(rule.condition, then=Value(rule.rag)) for rule in RAG_RULES[:-1]),
            default=Value(RAG_RULES[-1].rag),
            output_field=CharField(),
        )
    )
    # FindingQuerySet fixes its model type to Finding, so its rows lose the annotations'
    # types that the django-stubs plugin infers; the rows are findings with `Progress`.
    return cast("QuerySet[FindingWithProgress]", with_rag)


@dataclass(frozen=True)
class DeadlineSummary:
    """Deadlines as the dashboard and the board pack list them.

    Requirements (what the partnership must meet: DfE's, the priority action plan) are
    overdue, missed (and stay listed), due soon or met; the inspectorate's own visits that
    the framework implies are `expected`, with approximate dates, and are never overdue or
    missed."""

    overdue: list[Deadline]
    missed: list[Deadline]
    upcoming: list[Deadline]  # open, due from today to the end of the upcoming window
    met: list[Deadline]  # met from `met_since` to today
    expected: list[Deadline]  # soonest first, those that took place included


def deadlines_to_summarise(
    *, partnership: Partnership, today: dt.date, upcoming_days: int, met_since: dt.date
) -> QuerySet[Deadline]:
    """The deadlines a `DeadlineSummary` can list, and no others: 1 query."""
    shown = (
        Q(status=Deadline.Status.OPEN, due_date__lte=today + dt.timedelta(days=upcoming_days))
        | Q(status=Deadline.Status.MISSED)
        | Q(status=Deadline.Status.MET, met_date__gte=met_since)
        | Q(source=Deadline.Source.FRAMEWORK)
    )
    return Deadline.objects.for_partnership(partnership).filter(shown).order_by("due_date", "pk")


def summarise_deadlines(
    deadlines: Iterable[Deadline], *, today: dt.date, upcoming_days: int, met_since: dt.date
) -> DeadlineSummary:
    """Sort deadlines (read soonest first) into the summary's lists, as of `today`."""
    summary = DeadlineSummary([], [], [], [], [])
    upcoming_end = today + dt.timedelta(days=upcoming_days)
    for deadline in deadlines:
        due, met = deadline.due_date, deadline.met_date
        if deadline.is_expected_event:
            summary.expected.append(deadline)
        elif deadline.is_overdue_on(today):
            summary.overdue.append(deadline)
        elif deadline.status == Deadline.Status.MISSED:
            summary.missed.append(deadline)
        elif deadline.status == Deadline.Status.OPEN and due and today <= due <= upcoming_end:
            summary.upcoming.append(deadline)
        elif deadline.status == Deadline.Status.MET and met and met_since <= met <= today:
            summary.met.append(deadline)
    return summary


class Sparkline(TypedDict, total=False):
    """An SVG trend's geometry (empty when there are no values): the polyline's `points`,
    the `last` point, the reference lines' y (`refs`, None when a reference is not set)."""

    points: str
    last: tuple[str, str]
    refs: list[float | None]
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class MeasurePoint:
    date: dt.date
    value: Decimal


@dataclass
class MeasureSummary:
    """A measure with its latest value against target and England average, and a trend."""

    measure: Measure
    points: list[MeasurePoint]  # oldest first
    more: bool = False  # earlier values exist than `points` holds (see the Measures page)
    spark: Sparkline = field(default_factory=Sparkline)
    chart: Sparkline = field(default_factory=Sparkline)
    # National statistics: England's figure for the latest period (hand-entered measures
    # have their own `england_average`).
    england_value: Decimal | None = None

    @property
    def england(self) -> Decimal | None:
        if self.measure.indicator_id is not None:
            return self.england_value
        return self.measure.england_average

    @property
    def latest(self) -> MeasurePoint | None:
        return self.points[-1] if self.points else None

    def _better(self, reference: Decimal | None) -> bool | None:
        latest = self.latest
        if latest is None or reference is None:
            return None
        if self.measure.higher_is_better:
            return latest.value >= reference
        return latest.value <= reference

    @property
    def meets_target(self) -> bool | None:
        return self._better(self.measure.target_value)

    @property
    def better_than_england(self) -> bool | None:
        return self._better(self.england)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def sparkline(
    values: Sequence[Decimal],
    references: Sequence[Decimal | None],
    *,
    width: int = SPARK_WIDTH,
    height: int = SPARK_HEIGHT,
    pad: int = SPARK_PAD,
) -> Sparkline:
    """Polyline points for an SVG trend, scaled so the reference lines (target, England
    average) fit in the box too. Small and inline on pages, larger in the board pack."""
    if not values:
        return {}
    floats = [float(v) for v in values]
    refs = [float(r) if r is not None else None for r in references]
    scale = floats + [r for r in refs if r is not None]
    low, high = min(scale), max(scale)
    usable = height - 2 * pad
    factor = usable / ((high - low) or 1.0)
    top = pad + usable
    step = (width - 2 * pad) / max(len(floats) - 1, 1)

    def y(value: float) -> float:
        return round(top - (value - low) * factor, 1)

    return {
        "points": " ".join(f"{pad + i * step:.1f},{y(v):.1f}" for i, v in enumerate(floats)),
        "last": (f"{pad + (len(floats) - 1) * step:.1f}", f"{y(floats[-1]):.1f}"),
        "refs": [y(r) if r is not None else None for r in refs],
        "width": width,
        "height": height,
    }


def summarise(
    measure: Measure, points: list[MeasurePoint], *, more: bool = False
) -> MeasureSummary:
    """A measure's summary from its points, oldest first."""
    summary = MeasureSummary(measure=measure, points=points, more=more)
    summary.spark = sparkline(
        [p.value for p in points], [measure.target_value, measure.england_average]
    )
    return summary


def summarise_all_values(measure: Measure) -> MeasureSummary:
    """From `MeasureQuerySet.with_values()`: every value."""
    return summarise(measure, [MeasurePoint(v.date, v.value) for v in measure.all_values])


def summarise_recent_values(measure: Measure, keep: int) -> MeasureSummary:
    """From `MeasureQuerySet.with_recent_values(keep + 1)`: the latest `keep` values (the
    extra one read says only that earlier values exist)."""
    newest_first = measure.recent_values
    points = [MeasurePoint(v.date, v.value) for v in reversed(newest_first[:keep])]
    return summarise(measure, points, more=len(newest_first) > keep)
