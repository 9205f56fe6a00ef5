"""Read an Explore Education Statistics (EES) CSV: the shared conventions every DfE file on
EES follows, checked before anything is stored.

`read_ees` checks the shape; `extract` turns one column for one breakdown into figures, one
per area and period, refusing what it cannot read rather than guessing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
ONS_CODE = re.compile(r"^[EWSN][0-9]{8}$")
# The conventions' own columns: everything else in a file is a figure one may import.
REQUIRED = ("time_period", "time_identifier", "geographic_level", "country_code")
META = {
    *REQUIRED,
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "breakdown_topic",
    "breakdown",
}
# EES missing-value codes: stored as missing with the reason, never as zero.
MISSING_CODES = ("x", "z", "c", "low", "u")
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
# Where each level's ONS code and name are.
CODE_COLUMN = {"national": "country_code", "regional": "region_code", "la": "new_la_code"}
NAME_COLUMN = {"national": "country_name", "regional": "region_name", "la": "la_name"}


class StatisticsRefused(Exception):
    """The file or the choice cannot be imported; `message` says why, for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EesFile:
    """A file that follows the EES conventions: its columns (as written) and its rows,
    keyed by lower-case column name (column names vary in case between files)."""

    columns: list[str]
    rows: list[dict[str, str]]

    def figure_columns(self) -> list[str]:
        """The columns one may import: all but the conventions' own."""
        return [c for c in self.columns if c.lower() not in META]

    def breakdowns(self) -> list[tuple[str, str]]:
        """Each (breakdown_topic, breakdown) in the file, in the order first seen; one
        empty pair when the file has no breakdowns."""
        seen = dict.fromkeys(
            (r.get("breakdown_topic", ""), r.get("breakdown", "")) for r in self.rows
        )
        return list(seen)


@dataclass(frozen=True, slots=True)
class Figure:
    """One area's figure for one period, or the EES code saying why there is none."""

    line: int
    code: str
    level: str
    name: str
    region_code: str
    period: str
    period_end: dt.date
    value: Decimal | None
    missing: str


def read_ees(raw: bytes) -> EesFile:
    """The file's columns and rows, or StatisticsRefused if it is not an EES CSV."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise StatisticsRefused(
            f"The file is too big: the largest you can import is {MAX_UPLOAD_BYTES // 2**20} MB"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatisticsRefused(
            "The file is not a CSV file in UTF-8: export it again as CSV"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        columns = [c.strip() for c in header]
        lowered = [c.lower() for c in columns]
        missing = [c for c in REQUIRED if c not in lowered]
        if missing:
            raise StatisticsRefused(
                "The file is not in the Explore Education Statistics shape: it has no "
                + ", ".join(f"‘{c}’" for c in missing)
                + " column"
                + ("s" if len(missing) > 1 else "")
            )
        if len(set(lowered)) != len(lowered):
            raise StatisticsRefused("The file names a column twice")
        rows: list[dict[str, str]] = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                raise StatisticsRefused(
                    f"Line {number} has {len(cells)} values for {len(columns)} columns"
                )
            if len(rows) >= MAX_ROWS:
                raise StatisticsRefused(f"The file has more than {MAX_ROWS:,} rows")
            row = {name: cell.strip() for name, cell in zip(lowered, cells, strict=True)}
            row["_line"] = str(number)
            rows.append(row)
    except csv.Error as error:
        raise StatisticsRefused(f"The file is not a readable CSV file: {error}") from None
    if not rows:
        raise StatisticsRefused("The file has no rows of figures")
    return EesFile(columns=columns, rows=rows)


def period_of(time_period: str, time_identifier: str) -> tuple[str, dt.date]:
    """The period as pages show it and the day it ends: "2024" (a calendar year) ends on
    31 December; "202324" (an academic or financial year) is "2023/24"."""
    kind = time_identifier.lower()
    if re.fullmatch(r"\d{4}", time_period) and kind in ("calendar year", "reporting year"):
        return time_period, dt.date(int(time_period), 12, 31)
    if (
        re.fullmatch(r"\d{6}", time_period)
        and int(time_period[4:]) == (int(time_period[2:4]) + 1) % 100
    ):
        end_year = int(time_period[:4]) + 1
        label = f"{time_period[:4]}/{time_period[4:]}"
        if kind == "academic year":
            return label, dt.date(end_year, 8, 31)
        if kind == "financial year":
            return label, dt.date(end_year, 3, 31)
    raise StatisticsRefused(
        f"The period ‘{time_period}’ ({time_identifier}) is not one this import reads: "
        "calendar, reporting, academic or financial years"
    )


def _number(cell: str, *, line: int, column: str) -> tuple[Decimal | None, str]:
    if cell.lower() in MISSING_CODES:
        return None, cell.lower()
    try:
        value = Decimal(cell.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= 10**10:
        raise StatisticsRefused(
            f"Line {line}: ‘{column}’ is ‘{cell}’, which is not a number nor an EES "
            "missing-value code (x, z, c, low, u): pick a column of figures"
        )
    return value, ""


def extract(file: EesFile, *, column: str, breakdown: tuple[str, str]) -> list[Figure]:
    """The chosen column's figures for the chosen breakdown, one per area and period, for
    England, the regions and the local authorities (other levels are not read)."""
    key = column.lower()
    if column not in file.figure_columns():
        raise StatisticsRefused(f"The file has no column of figures called ‘{column}’")
    topic, name = breakdown
    figures: list[Figure] = []
    seen: dict[tuple[str, str], int] = {}
    for row in file.rows:
        if (row.get("breakdown_topic", ""), row.get("breakdown", "")) != (topic, name):
            continue
        level = LEVELS.get(row["geographic_level"])
        if level is None:
            continue
        line = int(row["_line"])
        code = row.get(CODE_COLUMN[level], "")
        if not ONS_CODE.match(code):
            raise StatisticsRefused(
                f"Line {line}: ‘{code or 'nothing'}’ is not an ONS code for a "
                f"{row['geographic_level'].lower()} area (for example E10000029)"
            )
        period, period_end = period_of(row["time_period"], row["time_identifier"])
        if (code, period) in seen:
            raise StatisticsRefused(
                f"Lines {seen[(code, period)]} and {line} both give {code} for {period}: "
                "the file has duplicate rows"
            )
        seen[(code, period)] = line
        value, missing = _number(row[key], line=line, column=column)
        figures.append(
            Figure(
                line=line,
                code=code,
                level=level,
                name=row.get(NAME_COLUMN[level], "") or code,
                region_code=row.get("region_code", "") if level == "la" else "",
                period=period,
                period_end=period_end,
                value=value,
                missing=missing,
            )
        )
    if not figures:
        raise StatisticsRefused(
            "The file has no figures for England, a region or a local authority for that breakdown"
        )
    return figures


def missing_counts(figures: list[Figure]) -> Counter[str]:
    """How many figures are missing, by EES code."""
    return Counter(f.missing for f in figures if f.missing)
