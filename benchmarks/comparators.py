"""An authority's figures for some indicators with its comparators: England, its region and
the average (and range) of its statistical neighbours that have a figure that period.

Four queries, whatever the number of indicators or periods: the area, its neighbours, the
indicators and every figure needed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from benchmarks.models import ENGLAND, Area, Indicator, Neighbour, Observation


@dataclass(frozen=True, slots=True)
class Comparison:
    """One period: the authority's figure (or why it has none) and its comparators."""

    period: str
    period_end: dt.date
    value: Decimal | None
    missing: str  # the EES reason, e.g. "suppressed to protect confidentiality"
    england: Decimal | None
    region: Decimal | None
    neighbours_mean: Decimal | None
    neighbours_low: Decimal | None
    neighbours_high: Decimal | None
    neighbours_with_value: int
    neighbours_total: int


@dataclass
class AreaSeries:
    """An indicator's figures for one authority with its comparators, oldest first."""

    indicator: Indicator
    area: Area
    region: Area | None
    rows: list[Comparison] = field(default_factory=list)

    @property
    def latest(self) -> Comparison | None:
        """The latest period with a figure for the authority."""
        with_value = [r for r in self.rows if r.value is not None]
        return with_value[-1] if with_value else None


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def series_for_area(*, code: str, indicator_ids: Iterable[int]) -> dict[int, AreaSeries]:
    """Indicator id -> its series for the authority with this ONS code (empty when the
    authority or the indicators have no imported figures)."""
    ids = set(indicator_ids)
    if not ids or not code:
        return {}
    area = Area.objects.select_related("region").filter(code=code).first()
    if area is None:
        return {}
    neighbour_ids = list(
        Neighbour.objects.filter(area=area).order_by("rank").values_list("neighbour_id", flat=True)
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=ids)}
    comparators = {area.pk, *neighbour_ids}
    if area.region_id:
        comparators.add(area.region_id)
    # England by code, not id: one query for everything.
    observations = Observation.objects.filter(indicator_id__in=indicators).filter(
        Q(area_id__in=comparators) | Q(area__code=ENGLAND)
    )
    table: dict[tuple[int, str], dict[int | str, Observation]] = defaultdict(dict)
    ends: dict[str, dt.date] = {}
    for obs in observations.select_related("area").only(
        "indicator_id", "area__code", "period", "period_end", "value", "missing"
    ):
        key: int | str = ENGLAND if obs.area.code == ENGLAND else obs.area_id
        table[(obs.indicator_id, obs.period)][key] = obs
        ends[obs.period] = obs.period_end
    result: dict[int, AreaSeries] = {}
    for pk, indicator in indicators.items():
        series = AreaSeries(indicator=indicator, area=area, region=area.region)
        periods = sorted({p for (i, p) in table if i == pk}, key=lambda p: ends[p])
        for period in periods:
            figures = table[(pk, period)]
            own = figures.get(area.pk)
            if own is None:
                continue  # the authority did not exist (or had another code) that period
            values = [
                figures[n].value
                for n in neighbour_ids
                if n in figures and figures[n].value is not None
            ]
            england = figures.get(ENGLAND)
            region = figures.get(area.region_id) if area.region_id else None
            series.rows.append(
                Comparison(
                    period=period,
                    period_end=ends[period],
                    value=own.value,
                    missing=own.get_missing_display() if own.missing else "",
                    england=england.value if england else None,
                    region=region.value if region else None,
                    neighbours_mean=_mean(values),  # type: ignore[arg-type]
                    neighbours_low=min(values) if values else None,  # type: ignore[type-var]
                    neighbours_high=max(values) if values else None,  # type: ignore[type-var]
                    neighbours_with_value=len(values),
                    neighbours_total=len(neighbour_ids),
                )
            )
        result[pk] = series
    return result
