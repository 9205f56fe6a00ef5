"""Where a partnership stands: the figures the dashboard, the finding page and the board
pack share, so a page and a PDF never disagree.

Each read is a fixed number of queries, whatever the number of findings, actions or values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When

from actions.models import Action, Measure
from inspections.models import Finding, Partnership

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a development dependency: types only

# Actions not yet complete: the ones that can be overdue, red or amber.
OPEN = ~Q(actions__status=Action.Status.COMPLETE)


class Progress(TypedDict):
    """The figures `findings_with_progress` annotates on each finding."""

    total: int
    complete: int
    in_progress: int
    not_started: int
    on_hold: int
    overdue: int
    red: int
    amber: int
    next_due: dt.date | None
    overall_rag: str


# A finding as `findings_with_progress` reads it, for type checking.
type FindingWithProgress = WithAnnotations[Finding, Progress]


def findings_with_progress(
    *, partnership: Partnership, today: dt.date, owner_id: int | None = None
) -> QuerySet[FindingWithProgress]:
    """The partnership's findings (newest inspection, priority action first), each with its
    inspection, its judgements and the figures of the actions answering it: `total`,
    `complete`, `in_progress`, `not_started`, `on_hold`, `overdue` (as of `today`), `red`,
    `amber`, `next_due` and `overall_rag`. 2 queries.

    The overall RAG: no actions, no rating; all complete, blue; any red or overdue, red;
    any amber, amber; otherwise green.

    With `owner_id`, only the actions that person owns are counted (every finding is still
    listed, so a finding none of their actions answers shows as having none).
    """
    status = "actions__status"
    owned = Q(actions__owner_id=owner_id) if owner_id is not None else None

    def counted(condition: Q | None = None) -> Q | None:
        """The actions a figure counts: those meeting `condition`, of the owner if given."""
        parts = [part for part in (condition, owned) if part is not None]
        return Q(*parts) if parts else None

    figures = (
        Finding.objects.for_partnership(partnership)
        .priority_first()
        .with_judgements()
        .annotate(
            total=Count("actions", filter=counted()),
            complete=Count("actions", filter=counted(Q(**{status: Action.Status.COMPLETE}))),
            in_progress=Count("actions", filter=counted(Q(**{status: Action.Status.IN_PROGRESS}))),
            not_started=Count("actions", filter=counted(Q(**{status: Action.Status.NOT_STARTED}))),
            on_hold=Count("actions", filter=counted(Q(**{status: Action.Status.ON_HOLD}))),
            overdue=Count("actions", filter=counted(OPEN & Q(actions__due_date__lt=today))),
            red=Count("actions", filter=counted(OPEN & Q(actions__rag="red"))),
            amber=Count("actions", filter=counted(OPEN & Q(actions__rag="amber"))),
            next_due=Min("actions__due_date", filter=counted(OPEN)),
        )
    )
    with_rag = figures.annotate(
        overall_rag=Case(
            When(total=0, then=Value("")),
            When(complete=F("total"), then=Value("blue")),
            When(Q(red__gt=0) | Q(overdue__gt=0), then=Value("red")),
            When(amber__gt=0, then=Value("amber")),
            default=Value("green"),
            output_field=CharField(),
        )
    )
    # FindingQuerySet fixes its model type to Finding, so its rows lose the annotations'
    # types that the django-stubs plugin infers; the rows are findings with `Progress`.
    return cast("QuerySet[FindingWithProgress]", with_rag)


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
        return self._better(self.measure.england_average)


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
