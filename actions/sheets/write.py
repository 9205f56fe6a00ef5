"""Tables to an XLSX workbook (openpyxl, write-only: rows go straight to the file) or to
a CSV file (UTF-8 with a byte-order mark, so Excel reads it as UTF-8).

Dates are written as dates (shown day first) and numbers as numbers; every text cell goes
through `cells.neutralise`, so nothing in the tracker runs as a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions.sheets.cells import neutralise

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14  # characters, as Excel counts them


@dataclass
class SheetData:
    """One table: a sheet of the workbook, or a CSV file of its own."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def workbook_bytes(sheets: Sequence[SheetData]) -> bytes:
    """An XLSX workbook with a sheet per table: a bold, frozen header row, widths set."""
    workbook = Workbook(write_only=True)
    for table in sheets:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=cast(Any, value))  # a date, written as one
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return neutralise(value)


def csv_bytes(table: SheetData) -> bytes:
    """The table as CSV, UTF-8 with a byte-order mark; dates as 31/03/2026."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if value is None:
        return ""
    return neutralise(value)
