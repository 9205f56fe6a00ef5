"""Importing national statistics and statistical neighbours: plan (nothing written), then
save the plan in one transaction with bulk writes. Re-importing a file changes nothing; a
newer release revises figures, and each revision is kept in the figure's history."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from benchmarks.aliases import code_for
from benchmarks.ees import EesFile, Figure, StatisticsRefused, extract, read_ees
from benchmarks.models import Area, Indicator, Neighbour, Observation, StatisticsImport
from inspections.models import Partnership

BATCH = 2000
# bulk_update writes one CASE per field per batch: smaller batches keep each statement cheap.
UPDATE_BATCH = 250
NEIGHBOURS = 10


@dataclass(frozen=True)
class IndicatorChoice:
    """What the officer picked: the column, the breakdown, and how to name and read it."""

    column: str
    breakdown: tuple[str, str]
    name: str
    unit: str
    higher_is_better: bool
    source: str
    release: str


@dataclass
class ImportPlan:
    """What an import would store, worked out without writing anything."""

    choice: IndicatorChoice
    figures: list[Figure]
    indicator: Indicator | None
    new: list[Figure] = field(default_factory=list)
    revised: list[tuple[Observation, Figure]] = field(default_factory=list)
    unchanged: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    partnership_codes: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.revised) or self._indicator_changes()

    def _indicator_changes(self) -> bool:
        i, c = self.indicator, self.choice
        if i is None:
            return True
        return (i.name, i.unit, i.higher_is_better, i.source, i.release) != (
            c.name,
            c.unit,
            c.higher_is_better,
            c.source,
            c.release,
        )

    @property
    def summary(self) -> str:
        missing = sum(self.missing.values())
        return (
            f"{len(self.new):,} new figures, {len(self.revised):,} revised, "
            f"{self.unchanged:,} unchanged ({missing:,} missing with their reason)"
        )

    def sample(self, codes: list[str]) -> list[Figure]:
        """The figures for these areas, oldest first: what the preview shows."""
        wanted = set(codes)
        return sorted(
            (f for f in self.figures if f.code in wanted),
            key=lambda f: (codes.index(f.code), f.period_end),
        )


def _partnership_codes() -> list[str]:
    codes: list[str] = []
    for value in Partnership.objects.exclude(local_authority_codes="").values_list(
        "local_authority_codes", flat=True
    ):
        codes.extend(c for c in value.split(",") if c)
    return codes


def statistics_plan(*, file: EesFile, choice: IndicatorChoice) -> ImportPlan:
    """What importing `choice` from `file` would store (3 queries), or StatisticsRefused."""
    figures = extract(file, column=choice.column, breakdown=choice.breakdown)
    ours = _partnership_codes()
    present = {f.code for f in figures}
    if ours and not present.intersection(ours):
        raise StatisticsRefused(
            "The file has no figures for any partnership's local authority "
            f"({', '.join(ours)}): check it is the right file and breakdown"
        )
    topic, breakdown = choice.breakdown
    indicator = Indicator.objects.filter(
        column__iexact=choice.column, breakdown_topic=topic, breakdown=breakdown
    ).first()
    clash = Indicator.objects.filter(name=choice.name)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise StatisticsRefused(
            f"Another indicator is already called ‘{choice.name}’: give this one another name"
        )
    plan = ImportPlan(
        choice=choice,
        figures=figures,
        indicator=indicator,
        missing=Counter(f.missing for f in figures if f.missing),
        partnership_codes=[c for c in ours if c in present],
    )
    existing: dict[tuple[str, str], Observation] = {}
    if indicator is not None:
        for obs in Observation.objects.filter(indicator=indicator).annotate(code=F("area__code")):
            existing[(obs.code, obs.period)] = obs
    for figure in figures:
        current = existing.get((figure.code, figure.period))
        if current is None:
            plan.new.append(figure)
        elif current.figure != (figure.value, figure.missing):
            plan.revised.append((current, figure))
        else:
            plan.unchanged += 1
    return plan


def _save_areas(figures: list[Figure]) -> dict[str, Area]:
    """Every area the figures name, added or renamed as the latest period names it
    (regions before the authorities that point at them): a few queries, whatever the size."""
    latest: dict[str, Figure] = {}
    for figure in sorted(figures, key=lambda f: f.period_end):
        latest[figure.code] = figure
    areas = {a.code: a for a in Area.objects.filter(code__in=latest)}
    new = [
        Area(code=code, name=f.name, level=f.level, last_period=f.period)
        for code, f in latest.items()
        if code not in areas
    ]
    Area.objects.bulk_create(new, batch_size=BATCH)
    areas = {a.code: a for a in Area.objects.filter(code__in=latest)}
    regions = {a.code: a for a in Area.objects.filter(level=Area.Level.REGIONAL)}
    changed: list[Area] = []
    for code, f in latest.items():
        area = areas[code]
        region = regions.get(f.region_code)
        region_id = region.pk if region is not None else area.region_id
        newer = not area.last_period or f.period >= area.last_period
        wanted = (f.name, f.level, region_id, f.period) if newer else None
        if wanted and wanted != (area.name, area.level, area.region_id, area.last_period):
            area.name, area.level, area.region_id, area.last_period = wanted
            changed.append(area)
    Area.objects.bulk_update(changed, ["name", "level", "region", "last_period"], batch_size=BATCH)
    return areas


@transaction.atomic
def statistics_import(
    *, plan: ImportPlan, file_name: str, sha256: str, user: User | None
) -> StatisticsImport | None:
    """Store the plan: new figures added, revised ones updated (their history says which
    release revised them), the indicator named as chosen. None when nothing changed."""
    if not plan.changes_anything:
        return None
    choice = plan.choice
    topic, breakdown = choice.breakdown
    indicator = plan.indicator or Indicator(
        column=choice.column, breakdown_topic=topic, breakdown=breakdown
    )
    indicator.name, indicator.unit = choice.name, choice.unit
    indicator.higher_is_better = choice.higher_is_better
    indicator.source, indicator.release = choice.source, choice.release
    indicator.save()
    areas = _save_areas(plan.figures)
    new = [
        Observation(
            indicator=indicator,
            area=areas[f.code],
            period=f.period,
            period_end=f.period_end,
            value=f.value,
            missing=f.missing,
            release=choice.release,
        )
        for f in plan.new
    ]
    bulk_create_with_history(
        new,
        Observation,
        batch_size=BATCH,
        default_user=user,
        default_change_reason=f"Published in {choice.release}"[:100],
    )
    revised = []
    for obs, f in plan.revised:
        obs.value, obs.missing, obs.release = f.value, f.missing, choice.release
        revised.append(obs)
    bulk_update_with_history(
        revised,
        Observation,
        ["value", "missing", "release"],
        batch_size=UPDATE_BATCH,
        default_user=user,
        default_change_reason=f"Revised in {choice.release}"[:100],
    )
    record = StatisticsImport.objects.create(
        indicator=indicator,
        file_name=file_name[:200],
        sha256=sha256,
        release=choice.release,
        created=len(new),
        revised=len(revised),
        unchanged=plan.unchanged,
        imported_by=user,
    )
    # Every partnership's pages show the national figures: none may be served from cache.
    Partnership.objects.all().mark_changed()
    return record


@dataclass(frozen=True)
class NeighboursResult:
    authorities: int
    links: int
    changed: int


def read_neighbours(raw: bytes) -> dict[str, list[str]]:
    """The neighbours file: the first row names every authority, the row below the n-th
    nearest neighbour of the authority above it. Authority name -> neighbours' names."""
    try:
        text = raw.decode("utf-8-sig")
        rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    except (UnicodeDecodeError, csv.Error):
        raise StatisticsRefused("The neighbours file is not a readable CSV file in UTF-8") from None
    if len(rows) != NEIGHBOURS + 1 or any(len(r) != len(rows[0]) for r in rows):
        raise StatisticsRefused(
            f"The neighbours file must have a row of authorities and {NEIGHBOURS} rows of "
            "their neighbours, each with a name under every authority"
        )
    return {name.strip(): [row[i].strip() for row in rows[1:]] for i, name in enumerate(rows[0])}


@transaction.atomic
def neighbours_import(*, raw: bytes) -> NeighboursResult:
    """Replace each named authority's statistical neighbours. Names are matched to the
    local authorities imported from EES files (their latest name and code) or through the
    alias table; any name matching neither refuses the whole file."""
    table = read_neighbours(raw)
    by_name: dict[str, str] = {}
    # Latest period last: an authority that changed code keeps its newest one.
    for code, name in (
        Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)
        .order_by("last_period", "code")
        .values_list("code", "name")
    ):
        by_name[name] = code
    unknown = sorted(
        {n for name, ns in table.items() for n in (name, *ns) if code_for(n, by_name) is None}
    )
    if unknown:
        raise StatisticsRefused(
            "These names match no local authority in the imported statistics, nor an alias: "
            + "; ".join(f"‘{n}’" for n in unknown)
            + ". Import the EES file first, or add the name to the alias table"
        )
    areas = {a.code: a for a in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)}
    wanted: list[Neighbour] = []
    for name, neighbours in table.items():
        area = areas[code_for(name, by_name) or ""]
        for rank, other in enumerate(neighbours, start=1):
            wanted.append(
                Neighbour(area=area, neighbour=areas[code_for(other, by_name) or ""], rank=rank)
            )
    named = {n.area_id for n in wanted}
    current = set(
        Neighbour.objects.filter(area_id__in=named).values_list("area_id", "neighbour_id", "rank")
    )
    desired = {(n.area_id, n.neighbour_id, n.rank) for n in wanted}
    changed = len(current ^ desired)
    if changed:
        Neighbour.objects.filter(area_id__in=named).delete()
        Neighbour.objects.bulk_create(wanted, batch_size=BATCH)
        Partnership.objects.all().mark_changed()
    return NeighboursResult(authorities=len(table), links=len(wanted), changed=changed)


def statistics_import_file(
    *, raw: bytes, file_name: str, choice: IndicatorChoice, user: User | None = None
) -> tuple[ImportPlan, StatisticsImport | None]:
    """Read, plan and save in one go (the command and the demo loader)."""
    plan = statistics_plan(file=read_ees(raw), choice=choice)
    record = statistics_import(
        plan=plan, file_name=file_name, sha256=hashlib.sha256(raw).hexdigest(), user=user
    )
    return plan, record
