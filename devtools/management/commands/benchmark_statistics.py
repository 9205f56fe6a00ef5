"""python manage.py benchmark_statistics [--runs N]

Times importing the real EHC plan timeliness file (fixtures/statistics, 12,212 rows): the
first import of one indicator (every area and year of one breakdown), the same file again
(nothing changes), a newer release revising every figure, and every breakdown of the
column (43 indicators, about 11,000 figures). Each run is rolled back: the database is left
as it was. Reports the median and range of `--runs` runs, in seconds.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from benchmarks.ees import StatisticsRefused, read_ees
from benchmarks.services import IndicatorChoice, statistics_import, statistics_plan
from inspections.models import Partnership

FILE = Path(settings.BASE_DIR) / "fixtures" / "statistics" / "ehcp_timeliness_20_week.csv"
COLUMN = "pc_plans_issued_within_20_weeks"


class Rollback(Exception):
    pass


def _choice(breakdown: tuple[str, str], release: str = "June 2025") -> IndicatorChoice:
    return IndicatorChoice(
        column=COLUMN,
        breakdown=breakdown,
        name=f"Within 20 weeks: {breakdown[0]}: {breakdown[1]}",
        unit="percent",
        higher_is_better=True,
        source="DfE, Education, health and care plans",
        release=release,
    )


def _import(raw: bytes, breakdowns: list[tuple[str, str]], release: str = "June 2025") -> int:
    file = read_ees(raw)
    stored = 0
    for breakdown in breakdowns:
        try:
            plan = statistics_plan(file=file, choice=_choice(breakdown, release))
        except StatisticsRefused:  # a breakdown without the partnerships' authorities
            continue
        statistics_import(plan=plan, file_name=FILE.name, sha256="0" * 64, user=None)
        stored += len(plan.new) + len(plan.revised)
    return stored


def _revised(raw: bytes) -> bytes:
    """Every figure of the column one tenth higher: a release revising everything."""
    lines = raw.decode("utf-8-sig").splitlines()
    index = lines[0].split(",").index(COLUMN)
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        # Rows whose names hold a quoted comma keep their figures (too few to matter).
        if len(cells) == len(lines[0].split(",")):
            with contextlib.suppress(ValueError):
                cells[index] = f"{float(cells[index]) + 0.1:.1f}"
        out.append(",".join(cells))
    return "\n".join(out).encode()


class Command(BaseCommand):
    help = "Time importing the real 12,000-row EHC plan timeliness file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        raw = FILE.read_bytes()
        all_plans = ("All EHC plans issued", "All EHC plans issued")
        every = read_ees(raw).breakdowns()
        revised = _revised(raw)
        times: dict[str, list[float]] = {
            "read and check the file": [],
            "first import (one indicator)": [],
            "same file again": [],
            "revised release (every figure)": [],
            f"every breakdown ({len(every)} indicators)": [],
        }
        counts: dict[str, int] = {}
        for _ in range(options["runs"]):
            try:
                with transaction.atomic():
                    Partnership.objects.create(
                        name="Benchmark",
                        slug="benchmark-statistics",
                        local_authority_codes="E10000029",
                    )
                    steps = [
                        ("read and check the file", lambda: len(read_ees(raw).rows)),
                        ("first import (one indicator)", lambda: _import(raw, [all_plans])),
                        ("same file again", lambda: _import(raw, [all_plans])),
                        (
                            "revised release (every figure)",
                            lambda: _import(revised, [all_plans], "2026"),
                        ),
                        (f"every breakdown ({len(every)} indicators)", lambda: _import(raw, every)),
                    ]
                    for name, step in steps:
                        started = time.perf_counter()
                        counts[name] = step()
                        times[name].append(time.perf_counter() - started)
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write(f"{FILE.name}: {len(raw):,} bytes, {options['runs']} runs (seconds)")
        for name, values in times.items():
            self.stdout.write(
                f"{name:<38} median {statistics.median(values):6.2f}  "
                f"range {min(values):.2f} to {max(values):.2f}  ({counts[name]:,} rows/figures)"
            )
