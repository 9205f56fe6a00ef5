"""The impact table: a measure's baseline, latest figure, comparators (England, region,
statistical neighbours), target, milestones against actuals, trend in words and RAG.

A measure linked to a national indicator takes its figures from the imported statistics for
the partnership's local authority; a hand-entered one from its own values and England
average. Either way pages and the pack read the same `Impact`, in a fixed number of
queries (`impacts_for`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from actions.models import Measure
from benchmarks.comparators import AreaSeries, series_for_area
from inspections.models import Partnership
from send_tracker.presentation import measure_value

RAG_RULE = (
    "RAG is given only where there is a target or a benchmark. Green: the latest figure meets "
    "the target (with no target: it is at or better than England). Amber: it misses the "
    "target but meets the latest milestone due (before any milestone is due: it is better "
    "than the baseline); with no target, it is worse than England but at or better than the "
    "statistical neighbours' average. Red: otherwise. A red measure needs its owner's "
    "commentary."
)


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """One period or date: the measure's figure (or why there is none) and comparators."""

    date: dt.date
    label: str  # the period ("2024") for national statistics; empty: show the date
    value: Decimal | None
    missing: str = ""
    england: Decimal | None = None
    region: Decimal | None = None
    neighbours_mean: Decimal | None = None
    neighbours_low: Decimal | None = None
    neighbours_high: Decimal | None = None
    neighbours_with_value: int = 0
    neighbours_total: int = 0


@dataclass(frozen=True, slots=True)
class MilestoneCheck:
    """A milestone against the actual figure for its date (None: not due yet, or no
    figure by then)."""

    date: dt.date
    target: Decimal
    actual: ImpactRow | None
    met: bool | None


@dataclass
class Impact:
    measure: Measure
    rows: list[ImpactRow]  # oldest first
    source: str  # where the figures come from ("" for hand-entered)
    area_name: str = ""
    region_name: str = ""
    baseline_value: Decimal | None = None
    baseline_label: str = ""
    milestones: list[MilestoneCheck] = field(default_factory=list)
    rag: str = ""
    rag_reason: str = ""
    trend: str = ""
    chart: dict = field(default_factory=dict)

    @property
    def linked(self) -> bool:
        return self.measure.indicator_id is not None

    @property
    def latest(self) -> ImpactRow | None:
        with_value = [r for r in self.rows if r.value is not None]
        return with_value[-1] if with_value else None

    @property
    def england(self) -> Decimal | None:
        """The England figure the latest one is judged against."""
        latest = self.latest
        if self.linked:
            return latest.england if latest else None
        return self.measure.england_average

    @property
    def has_comparators(self) -> bool:
        return self.linked

    @property
    def needs_commentary(self) -> bool:
        """Red, and its owner has not explained it since the latest figure."""
        m, latest = self.measure, self.latest
        if self.rag != "red":
            return False
        if not m.commentary or m.commentary_at is None:
            return True
        return latest is not None and m.commentary_at.date() < latest.date


def _fmt(value: Decimal | None, unit: str) -> str:
    return measure_value(value, unit) if value is not None else "no figure"


def _when(row: ImpactRow) -> str:
    return row.label or row.date.strftime("%-d %B %Y")


def _better(value: Decimal, reference: Decimal, higher_is_better: bool) -> bool:
    return value >= reference if higher_is_better else value <= reference


def _rag(impact: Impact) -> tuple[str, str]:
    m, latest = impact.measure, impact.latest
    unit, higher = m.unit, m.higher_is_better
    target, england = m.target_value, impact.england
    if target is None and england is None:
        return "", "No rating: there is no target and no benchmark to judge it against."
    if latest is None or latest.value is None:
        return "", "No rating: there is no figure yet."
    value = latest.value
    shown = f"{_fmt(value, unit)} ({_when(latest)})"
    if target is not None:
        if _better(value, target, higher):
            return "green", f"Green: {shown} meets the target of {_fmt(target, unit)}."
        due = [c for c in impact.milestones if c.date <= latest.date]
        if due:
            last = due[-1]
            if _better(value, last.target, higher):
                return "amber", (
                    f"Amber: {shown} misses the target of {_fmt(target, unit)} but meets the "
                    f"milestone of {_fmt(last.target, unit)} due by {last.date:%-d %B %Y}."
                )
            return "red", (
                f"Red: {shown} misses the milestone of {_fmt(last.target, unit)} due by "
                f"{last.date:%-d %B %Y} and the target of {_fmt(target, unit)}."
            )
        base = impact.baseline_value
        if base is not None and value != base and _better(value, base, higher):
            return "amber", (
                f"Amber: {shown} misses the target of {_fmt(target, unit)} but is better than "
                f"the baseline of {_fmt(base, unit)}; no milestone is due yet."
            )
        return "red", (
            f"Red: {shown} misses the target of {_fmt(target, unit)} and is no better than "
            f"the baseline{'' if base is None else ' of ' + _fmt(base, unit)}."
        )
    assert england is not None
    if _better(value, england, higher):
        return "green", f"Green: {shown} is at or better than England ({_fmt(england, unit)})."
    neighbours = latest.neighbours_mean
    if neighbours is not None and _better(value, neighbours, higher):
        return "amber", (
            f"Amber: {shown} is worse than England ({_fmt(england, unit)}) but at or better "
            f"than the statistical neighbours' average ({_fmt(neighbours, unit)})."
        )
    return "red", (
        f"Red: {shown} is worse than England ({_fmt(england, unit)})"
        + (
            f" and than the statistical neighbours' average ({_fmt(neighbours, unit)})."
            if neighbours is not None
            else "."
        )
    )


def _trend(impact: Impact) -> str:
    """The change in words: from the previous figure to the latest, and since the baseline."""
    m = impact.measure
    figures = [r for r in impact.rows if r.value is not None]
    if not figures:
        return "No figures yet."
    latest = figures[-1]
    assert latest.value is not None
    if len(figures) == 1:
        return f"One figure so far: {_fmt(latest.value, m.unit)} ({_when(latest)})."
    previous = figures[-2]
    assert previous.value is not None
    change = latest.value - previous.value
    steps = {"percent": ("point", "points"), "weeks": ("week", "weeks"), "days": ("day", "days")}
    one, many = steps.get(m.unit, ("", ""))

    def step(amount: Decimal) -> str:
        words = one if abs(amount) == 1 else many
        return f"{measure_value(abs(amount), '')}{' ' + words if words else ''}"

    if change == 0:
        words = (
            f"Unchanged at {_fmt(latest.value, m.unit)} from {_when(previous)} to {_when(latest)}"
        )
    else:
        direction = "Up" if change > 0 else "Down"
        better = (change > 0) == m.higher_is_better
        words = (
            f"{direction} {step(change)} from {_fmt(previous.value, m.unit)} ({_when(previous)}) "
            f"to {_fmt(latest.value, m.unit)} ({_when(latest)}): "
            f"{'improving' if better else 'getting worse'}"
        )
    if impact.baseline_value is not None:
        since = latest.value - impact.baseline_value
        if since:
            better = (since > 0) == m.higher_is_better
            words += f"; {step(since)} {'better' if better else 'worse'} than the baseline"
        else:
            words += "; the same as the baseline"
    return words + "."


CHART_WIDTH, CHART_HEIGHT, CHART_PAD_X, CHART_PAD_Y = 560, 220, 44, 16
SERIES = (
    ("value", "the measure", "#1d70b8", "", 3),
    ("england", "England", "#0b0c0c", "6 4", 2),
    ("region", "region", "#505a5f", "2 3", 2),
    ("neighbours_mean", "statistical neighbours' average", "#d4351c", "8 3 2 3", 2),
)


def _nice_step(raw: float) -> float:
    """A round step for the axis (1, 2 or 5 times a power of ten) at least `raw`."""
    power = 10 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 5, 10) if f * power >= raw)


def impact_chart(impact: Impact) -> dict:
    """Lines for an SVG chart: the measure, and for national statistics England, its region
    and its neighbours' average; the target as a horizontal line. Numbers only."""
    rows, m = impact.rows, impact.measure
    if not [r for r in rows if r.value is not None]:
        return {}
    kinds = SERIES if impact.linked else SERIES[:1]
    numbers = [
        float(getattr(r, kind)) for r in rows for kind, *_ in kinds if getattr(r, kind) is not None
    ]
    refs = [
        float(v) for v in (m.target_value, *(c.target for c in impact.milestones)) if v is not None
    ]
    if not impact.linked and m.england_average is not None:
        refs.append(float(m.england_average))
    low, high = min(0.0, *numbers, *refs), max(numbers + refs)
    tick = _nice_step((high - low) / 4 or 1.0)
    low, high = math.floor(low / tick) * tick, math.ceil(high / tick) * tick
    if m.unit == Measure.Unit.PERCENT:
        high = min(high, 100.0) if max(numbers + refs) <= 100 else high
    width, height = CHART_WIDTH, CHART_HEIGHT
    usable_y = height - 2 * CHART_PAD_Y
    span = (high - low) or 1.0
    step = (width - 2 * CHART_PAD_X) / max(len(rows) - 1, 1)

    def x(i: int) -> float:
        return round(CHART_PAD_X + i * step, 1)

    def y(v: float) -> float:
        return round(CHART_PAD_Y + usable_y - (v - low) / span * usable_y, 1)

    lines = []
    for kind, label, colour, dash, stroke in kinds:
        points = [
            f"{x(i)},{y(float(getattr(r, kind)))}"
            for i, r in enumerate(rows)
            if getattr(r, kind) is not None
        ]
        if points:
            lines.append(
                {
                    "label": label,
                    "colour": colour,
                    "dash": dash,
                    "width": stroke,
                    "points": " ".join(points),
                }
            )
    references = []
    if m.target_value is not None:
        references.append({"label": "target", "y": y(float(m.target_value))})
    if not impact.linked and m.england_average is not None:
        references.append({"label": "England average", "y": y(float(m.england_average))})
    ticks = [low + tick * k for k in range(int(round(span / tick)) + 1)]
    return {
        "width": width,
        "height": height,
        "lines": lines,
        "references": references,
        "x_labels": [(x(i), r.label or r.date.strftime("%b %Y")) for i, r in enumerate(rows)],
        "y_ticks": [(y(t), measure_value(Decimal(str(round(t, 1))), m.unit)) for t in ticks],
        "left": CHART_PAD_X,
        "right": width - CHART_PAD_X,
        "bottom": height - CHART_PAD_Y,
    }


def _rows_for(measure: Measure, series: AreaSeries | None) -> list[ImpactRow]:
    if measure.indicator_id is None:
        return [ImpactRow(date=v.date, label="", value=v.value) for v in measure.all_values]
    if series is None:
        return []
    return [
        ImpactRow(
            date=c.period_end,
            label=c.period,
            value=c.value,
            missing=c.missing,
            england=c.england,
            region=c.region,
            neighbours_mean=c.neighbours_mean,
            neighbours_low=c.neighbours_low,
            neighbours_high=c.neighbours_high,
            neighbours_with_value=c.neighbours_with_value,
            neighbours_total=c.neighbours_total,
        )
        for c in series.rows
    ]


def impact_of(measure: Measure, series: AreaSeries | None) -> Impact:
    """A measure read `with_values()` (and, if linked, its series): no query."""
    rows = _rows_for(measure, series)
    impact = Impact(
        measure=measure,
        rows=rows,
        source=measure.indicator.citation if measure.indicator is not None else "",
        area_name=series.area.name if series is not None else "",
        region_name=series.region.name if series is not None and series.region else "",
    )
    if measure.baseline_value is not None:
        impact.baseline_value = measure.baseline_value
        impact.baseline_label = (
            measure.baseline_date.strftime("%-d %B %Y") if measure.baseline_date else ""
        )
    else:
        first = next((r for r in rows if r.value is not None), None)
        if first is not None and measure.indicator_id is not None:
            impact.baseline_value, impact.baseline_label = first.value, _when(first)
    latest = impact.latest
    for milestone in measure.all_milestones:
        due = latest is not None and milestone.date <= latest.date
        actual = None
        if due:
            actual = next(
                (r for r in reversed(rows) if r.value is not None and r.date <= milestone.date),
                None,
            )
        met = (
            _better(actual.value, milestone.value, measure.higher_is_better)
            if actual is not None and actual.value is not None
            else None
        )
        impact.milestones.append(MilestoneCheck(milestone.date, milestone.value, actual, met))
    impact.rag, impact.rag_reason = _rag(impact)
    impact.trend = _trend(impact)
    impact.chart = impact_chart(impact)
    return impact


def impacts_for(partnership: Partnership, measures: Sequence[Measure]) -> list[Impact]:
    """Each measure's impact; the linked ones read their national figures for the
    partnership's (first) local authority: 4 queries at most, whatever the number."""
    indicator_ids = {m.indicator_id for m in measures if m.indicator_id is not None}
    codes = partnership.ons_codes
    series = series_for_area(code=codes[0], indicator_ids=indicator_ids) if codes else {}
    return [
        impact_of(m, series.get(m.indicator_id) if m.indicator_id is not None else None)
        for m in measures
    ]
