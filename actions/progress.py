"""Where a partnership stands: the figures the dashboard and the board pack share.

Computed here once, so a page and a PDF never disagree. Every function's query count is
fixed: it does not grow with the number of findings, actions, updates or values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from actions import reads
from actions.models import Measure
from inspections import display
from inspections.models import Inspection, Partnership
from send_tracker.prepared import hydrate, json_objects, json_rows
from send_tracker.templating import url_pattern


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


@dataclass
class JudgementSummary:
    outcome: str
    label: str


@dataclass
class FindingProgress:
    """A finding with the progress figures of its actions."""

    pk: int
    kind: str
    number: int
    statement: str
    inspection: Inspection
    latest_judgement: JudgementSummary | None = None
    total: int = 0
    complete: int = 0
    in_progress: int = 0
    not_started: int = 0
    on_hold: int = 0
    overdue: int = 0
    red: int = 0
    amber: int = 0
    next_due: dt.date | None = None
    overall_rag: str = ""
    url: str = ""  # the finding's page, where a page links to it

    @property
    def title(self) -> str:
        return display.finding_title(self.kind, self.number)

    @property
    def short_code(self) -> str:
        return display.finding_code(self.kind, self.number)


def findings_with_progress(partnership: Partnership, today: dt.date) -> list[FindingProgress]:
    """Findings (newest inspection, then priority action first) with their actions'
    figures and latest judgement: 1 query.

    Each has `total`, `complete`, `in_progress`, `not_started`, `on_hold`, `overdue`,
    `red`, `amber`, `next_due` and a derived `overall_rag`.
    """
    return findings_from_rows(
        partnership, reads.finding_rows(partnership_id=partnership.pk, today=today)
    )


def finding_rows_from_json(value: str | None) -> list[SimpleNamespace]:
    """`reads.finding_rows` read as a JSON list: typed as that query gives them, and in its
    order (newest inspection, priority action first, by number)."""
    return json_objects(value, dates=("inspection__start_date", "judged_on", "next_due"))


def findings_from_rows(partnership: Partnership, rows) -> list[FindingProgress]:
    """FindingProgress from rows of `reads.finding_rows` (or `finding_rows_from_json`)."""
    findings = []
    inspections: dict[int, Inspection] = {}
    for row in rows:
        inspection = inspections.get(row.inspection_id)
        if inspection is None:
            inspection = inspections[row.inspection_id] = hydrate(
                Inspection,
                id=row.inspection_id,
                partnership_id=partnership.pk,
                kind=row.inspection__kind,
                start_date=row.inspection__start_date,
            )
        findings.append(
            FindingProgress(
                pk=row.id,
                kind=row.kind,
                number=row.number,
                statement=row.statement,
                inspection=inspection,
                latest_judgement=(
                    JudgementSummary(row.judged, display.judgement_label(row.judged, row.judged_on))
                    if row.judged
                    else None
                ),
                total=row.total,
                complete=row.complete,
                in_progress=row.in_progress,
                not_started=row.not_started,
                on_hold=row.on_hold,
                overdue=row.overdue,
                red=row.red,
                amber=row.amber,
                next_due=row.next_due,
                overall_rag=derive_rag(
                    total=row.total,
                    complete=row.complete,
                    red=row.red,
                    amber=row.amber,
                    overdue=row.overdue,
                ),
            )
        )
    return findings


@dataclass(slots=True)
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
    more: bool = False  # earlier values exist than `points` shows (see the Measures page)
    count: int = 0  # values the trend is drawn from (`points` may keep only the ends)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3
# A line drawn in data units (see `sparkline`) needs values that are not huge beside their
# range: browsers draw in single precision, so beyond this the line would come out jagged.
DATA_UNITS_LIMIT = 10_000


def sparkline(
    values: list[Decimal] | list[str],
    references: list[Decimal | None],
    *,
    width: int = SPARK_WIDTH,
    height: int = SPARK_HEIGHT,
    pad: int = SPARK_PAD,
) -> dict[str, object]:
    """Polyline points for an SVG trend, scaled to include the reference lines.

    Used small and inline on pages, and larger in the board pack. Values given as decimal
    text (as read from the database) are drawn in data units, the value's index across and
    the value itself up, and `transform` scales the line into the box: no number is
    formatted per point. Pages draw it with a non-scaling stroke; the pack's charts, drawn
    by WeasyPrint, pass decimals and get coordinates in the box.
    """
    if not values:
        return {}
    floats = [float(v) for v in values]
    refs = [float(r) if r is not None else None for r in references]
    scale = floats + [r for r in refs if r is not None]
    low, high = min(scale), max(scale)
    usable = height - 2 * pad
    span = (high - low) or 1.0
    factor = usable / span
    top = pad + usable
    step = (width - 2 * pad) / max(len(floats) - 1, 1)
    spark: dict[str, object] = {
        "last": (
            f"{pad + (len(floats) - 1) * step:.1f}",
            f"{top - (floats[-1] - low) * factor:.1f}",
        ),
        "refs": [round(top - (r - low) * factor, 1) if r is not None else None for r in refs],
        "width": width,
        "height": height,
    }
    in_data_units = isinstance(values[0], str)
    if in_data_units and max(abs(low), abs(high)) <= DATA_UNITS_LIMIT * span:
        spark["points"] = " ".join([f"{i},{text}" for i, text in enumerate(values)])
        # x = pad + i * step; y = top - (v - low) * factor = -factor * v + (top + low * factor)
        spark["transform"] = f"matrix({step!r} 0 0 {-factor!r} {pad} {top + low * factor!r})"
    else:
        # Coordinates to one decimal place, written straight into the SVG attribute.
        spark["points"] = " ".join(
            [f"{pad + i * step:.1f},{top - (v - low) * factor:.1f}" for i, v in enumerate(floats)]
        )
    return spark


def summarise_measure(measure: Measure) -> MeasureSummary:
    """Uses the measure's prefetched, date-ordered values."""
    return summarise_points(measure, [MeasurePoint(v.date, v.value) for v in measure.values.all()])


def summarise_points(
    measure: Measure, points: list[MeasurePoint], texts: list[str] | None = None
) -> MeasureSummary:
    """A measure's summary from its date-ordered points. `texts`, the values the trend
    line covers as decimal text (as read from the database), make that line cheaper to
    draw (see `sparkline`); without them it covers `points`."""
    summary = MeasureSummary(measure=measure, points=points, count=len(points))
    if points:
        latest = summary.latest = points[-1]

        def better(a: Decimal, b: Decimal) -> bool:
            return a >= b if measure.higher_is_better else a <= b

        if measure.target_value is not None:
            summary.meets_target = better(latest.value, measure.target_value)
        if measure.england_average is not None:
            summary.better_than_england = better(latest.value, measure.england_average)
    summary.spark = sparkline(
        texts if texts is not None else [p.value for p in points],
        [measure.target_value, measure.england_average],
    )
    return summary


def measure_summaries(measure_rows, value_rows) -> list[MeasureSummary]:
    """Summaries from prepared rows of measures and of all their values, date-ordered
    (values as text, see `reads.VALUE_TEXT`)."""
    points: dict[int, list[MeasurePoint]] = {}
    texts: dict[int, list[str]] = {}
    for measure_id, date, value in value_rows:
        points.setdefault(measure_id, []).append(MeasurePoint(date, Decimal(value)))
        texts.setdefault(measure_id, []).append(value)
    return [
        summarise_points(
            hydrate(Measure, **row._asdict()), points.get(row.id, []), texts.get(row.id)
        )
        for row in measure_rows
    ]


def card_summaries(measure_card_rows, *, figures: bool = True) -> list[MeasureSummary]:
    """Summaries from rows of `reads.measure_card_rows` (or the finding's): each keeps its
    latest CARD_VALUES values and says whether earlier ones exist. Without `figures`
    (the dashboard prints no table of them) `points` keeps only the first and the latest,
    while the trend line and `count` still cover them all."""
    summaries = []
    for row in measure_card_rows:
        values = dict(row) if isinstance(row, dict) else row._asdict()
        recent = values.pop("recent") or ""
        # ISO dates sort as text: order the pairs first, build only the points kept.
        pairs = sorted(pair.split("=", 1) for pair in recent.split(";") if pair)
        more = len(pairs) > reads.CARD_VALUES
        if more:
            pairs = pairs[-reads.CARD_VALUES :]
        kept = pairs if figures or len(pairs) < 3 else [pairs[0], pairs[-1]]
        points = [MeasurePoint(dt.date.fromisoformat(date), Decimal(value)) for date, value in kept]
        # Cards only print the measure, so its values will do (no model instance).
        measure = SimpleNamespace(pk=values["id"], **values)
        summary = summarise_points(measure, points, [value for _, value in pairs])
        summary.count = len(pairs)
        summary.more = more
        summaries.append(summary)
    return summaries


@dataclass
class Dashboard:
    findings: list[FindingProgress]
    overdue_deadlines: list
    upcoming_deadlines: list
    measures: list[MeasureSummary]
    recent_updates: list[RecentUpdate]
    overdue_actions: int


UPCOMING_DAYS = 60


@dataclass
class RecentUpdate:
    action_id: int
    action_url: str
    action_title: str
    finding_code: str
    date: dt.date
    rag: str
    narrative: str


def dashboard_for(partnership: Partnership, today: dt.date) -> Dashboard:
    """Everything the dashboard shows, in one prepared query: a row of JSON lists."""
    soon = today + dt.timedelta(days=UPCOMING_DAYS)
    (lists,) = reads.dashboard_lists(partnership_id=partnership.pk, today=today, until=soon)
    findings = findings_from_rows(partnership, finding_rows_from_json(lists.finding_list))
    finding_url = url_pattern("actions:finding", slug=partnership.slug)
    action_url = url_pattern("actions:action", slug=partnership.slug)
    for finding in findings:
        finding.url = finding_url(finding.pk)
    deadlines = [
        DeadlineItem(**d)
        for d in json_rows(lists.deadline_list, dates=("due_date",), flags=("is_approximate",))
    ]
    return Dashboard(
        findings=findings,
        overdue_deadlines=[d for d in deadlines if d.due_date < today],
        upcoming_deadlines=[d for d in deadlines if d.due_date >= today],
        measures=card_summaries(measure_cards(lists.measure_list), figures=False),
        recent_updates=[
            RecentUpdate(
                action_id=u["action_id"],
                action_url=action_url(u["action_id"]),
                action_title=u["action__title"],
                finding_code=display.finding_code(
                    u["action__finding__kind"], u["action__finding__number"]
                ),
                date=u["date"],
                rag=u["rag"],
                narrative=u["narrative"],
            )
            for u in json_rows(lists.update_list, dates=("date",))
        ],
        overdue_actions=sum(f.overdue for f in findings),
    )


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    """An open deadline on the dashboard."""

    id: int
    title: str
    due_date: dt.date
    is_approximate: bool


def measure_cards(value: str | None) -> list[dict[str, Any]]:
    """Rows of `reads.measure_card_rows` read as a JSON list, with the types that query
    gives (for `card_summaries`)."""
    return json_rows(
        value,
        dates=("target_date",),
        decimals=("target_value", "england_average"),
        flags=("higher_is_better", "is_illustrative"),
    )
