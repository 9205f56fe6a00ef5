"""Where a partnership stands: the figures the dashboard and the board pack share.

Computed here once, so a page and a PDF never disagree. Every function's query count is
fixed: it does not grow with the number of findings, actions, updates or values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q

from actions.models import Action, Measure, ProgressUpdate
from inspections.models import Deadline, Finding, Partnership


def derive_rag(*, total: int, complete: int, red: int, amber: int, overdue: int) -> str:
    """A finding's overall RAG from its actions.

    No actions: no rating. All complete: blue. Any red or overdue action: red. Any amber:
    amber. Otherwise green.
    """
    if total == 0:
        return ""
    if complete == total:
        return "blue"
    if red or overdue:
        return "red"
    if amber:
        return "amber"
    return "green"


def findings_with_progress(partnership: Partnership, today: dt.date):
    """Findings (priority action first) annotated with action counts: 2 queries.

    Each finding gets `total`, `complete`, `in_progress`, `not_started`, `on_hold`,
    `overdue`, `red`, `amber`, `next_due` and a derived `overall_rag`.
    """
    open_q = ~Q(actions__status=Action.Status.COMPLETE)
    findings = list(
        Finding.objects.for_partnership(partnership)
        .priority_first()
        .select_related("inspection")
        .prefetch_related("judgements__inspection")
        .annotate(
            total=Count("actions"),
            complete=Count("actions", filter=Q(actions__status=Action.Status.COMPLETE)),
            in_progress=Count("actions", filter=Q(actions__status=Action.Status.IN_PROGRESS)),
            not_started=Count("actions", filter=Q(actions__status=Action.Status.NOT_STARTED)),
            on_hold=Count("actions", filter=Q(actions__status=Action.Status.ON_HOLD)),
            overdue=Count("actions", filter=open_q & Q(actions__due_date__lt=today)),
            red=Count("actions", filter=open_q & Q(actions__rag="red")),
            amber=Count("actions", filter=open_q & Q(actions__rag="amber")),
            next_due=Min("actions__due_date", filter=open_q),
        )
    )
    for finding in findings:
        finding.overall_rag = derive_rag(
            total=finding.total,
            complete=finding.complete,
            red=finding.red,
            amber=finding.amber,
            overdue=finding.overdue,
        )
    return findings


@dataclass
class MeasurePoint:
    date: dt.date
    value: Decimal


@dataclass
class MeasureSummary:
    """A measure with its latest value against target and England average, and a trend."""

    measure: Measure
    points: list[MeasurePoint]
    latest: MeasurePoint | None = None
    meets_target: bool | None = None
    better_than_england: bool | None = None
    spark: dict[str, object] = field(default_factory=dict)
    chart: dict[str, object] = field(default_factory=dict)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def sparkline(
    values: list[Decimal],
    references: list[Decimal | None],
    *,
    width: int = SPARK_WIDTH,
    height: int = SPARK_HEIGHT,
    pad: int = SPARK_PAD,
) -> dict[str, object]:
    """Polyline points for an SVG trend, scaled to include the reference lines.

    Used small and inline on pages, and larger in the board pack.
    """
    if not values:
        return {}
    scale = [float(v) for v in values] + [float(r) for r in references if r is not None]
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0

    def y(value: float) -> float:
        usable = height - 2 * pad
        return round(pad + usable - (value - low) / span * usable, 1)

    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = [(round(pad + i * step, 1), y(float(v))) for i, v in enumerate(values)]
    return {
        "points": " ".join(f"{x},{yy}" for x, yy in coords),
        "last": coords[-1],
        "refs": [y(float(r)) if r is not None else None for r in references],
        "width": width,
        "height": height,
    }


def summarise_measure(measure: Measure) -> MeasureSummary:
    """Uses the measure's prefetched, date-ordered values."""
    points = [MeasurePoint(v.date, v.value) for v in measure.values.all()]
    summary = MeasureSummary(measure=measure, points=points)
    if points:
        latest = summary.latest = points[-1]

        def better(a: Decimal, b: Decimal) -> bool:
            return a >= b if measure.higher_is_better else a <= b

        if measure.target_value is not None:
            summary.meets_target = better(latest.value, measure.target_value)
        if measure.england_average is not None:
            summary.better_than_england = better(latest.value, measure.england_average)
    summary.spark = sparkline(
        [p.value for p in points], [measure.target_value, measure.england_average]
    )
    return summary


def measure_summaries(measures) -> list[MeasureSummary]:
    """Summaries of measures fetched `with_values()` (3 queries in all)."""
    return [summarise_measure(m) for m in measures]


@dataclass
class Dashboard:
    findings: list
    overdue_deadlines: list[Deadline]
    upcoming_deadlines: list[Deadline]
    measures: list[MeasureSummary]
    recent_updates: list[ProgressUpdate]
    overdue_actions: int


UPCOMING_DAYS = 60


def dashboard_for(partnership: Partnership, today: dt.date, recent: int = 8) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries (8)."""
    findings = findings_with_progress(partnership, today)
    deadlines = Deadline.objects.for_partnership(partnership).for_listing(today)
    return Dashboard(
        findings=findings,
        overdue_deadlines=list(deadlines.overdue(today).order_by("due_date")),
        upcoming_deadlines=list(deadlines.due_within(today, UPCOMING_DAYS).order_by("due_date")),
        measures=measure_summaries(Measure.objects.for_partnership(partnership).with_values()),
        recent_updates=list(
            ProgressUpdate.objects.for_partnership(partnership)
            .for_listing()
            .order_by("-date", "-pk")[:recent]
        ),
        overdue_actions=sum(f.overdue for f in findings),
    )
