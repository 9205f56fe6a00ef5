"""The real national statistics files (fixtures/statistics, Open Government Licence) and
how the tests read them: straight from the CSV, independently of the importer."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from benchmarks.services import IndicatorChoice, statistics_import_file

STATISTICS = Path(settings.BASE_DIR) / "fixtures" / "statistics"
TIMELINESS_FILE = STATISTICS / "ehcp_timeliness_20_week.csv"
NEIGHBOURS_FILE = STATISTICS / "statistical_neighbours.csv"
ALL_PLANS = ("All EHC plans issued", "All EHC plans issued")
COLUMN = "pc_plans_issued_within_20_weeks"
SUFFOLK, BEXLEY, ENGLAND, EAST = "E10000029", "E09000004", "E92000001", "E12000006"
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def choice(**overrides: object) -> IndicatorChoice:
    values: dict = {
        "column": COLUMN,
        "breakdown": ALL_PLANS,
        "name": "New EHC plans issued within 20 weeks (%)",
        "unit": "percent",
        "higher_is_better": True,
        "source": "DfE, Education, health and care plans",
        "release": "June 2025",
    }
    values.update(overrides)
    return IndicatorChoice(**values)


def import_timeliness(**overrides: object):
    return statistics_import_file(
        raw=TIMELINESS_FILE.read_bytes(), file_name=TIMELINESS_FILE.name, choice=choice(**overrides)
    )


def csv_rows() -> list[dict[str, str]]:
    with TIMELINESS_FILE.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if (r["breakdown_topic"], r["breakdown"]) == ALL_PLANS]


def csv_series(rows: list[dict[str, str]], level: str, code_column: str, code: str) -> dict:
    """period -> the CSV's cell for the column, for one area."""
    return {
        r["time_period"]: r[COLUMN]
        for r in rows
        if r["geographic_level"] == level and r[code_column] == code
    }


def neighbour_names(authority: str) -> list[str]:
    with NEIGHBOURS_FILE.open(encoding="utf-8-sig", newline="") as f:
        table = [r for r in csv.reader(f) if any(r)]
    column = table[0].index(authority)
    return [row[column] for row in table[1:]]


def as_decimal(cell: str) -> Decimal | None:
    return None if cell in ("x", "z", "c", "low", "u") else Decimal(cell)
