"""Read an uploaded spreadsheet (XLSX or CSV) to a header and rows, within limits.

The file's bytes decide what it is, never its name. Before openpyxl opens a workbook, its
zip directory is checked: the sizes its members unpack to (zipfile never unpacks more than
a member declares, so the declared sizes bound the work), their number, encryption, and no
XML document type declarations (entity expansion). Then at most MAX_ROWS rows and
MAX_COLUMNS columns are read, in openpyxl's read-only mode. Every refusal is a
SheetReadError whose message says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from actions.sheets.cells import Cell, to_json

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
MAX_UNPACKED_BYTES = 80 * 1024 * 1024  # a 20,000-row tracker unpacks to well under this
MAX_MEMBERS = 1_000
HEADER_SEARCH_ROWS = 20
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class SheetReadError(Exception):
    """The file cannot be read as a spreadsheet; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A sheet's headings and its non-blank rows as JSON cells (`cells.to_json`), each
    with its row number in the file."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    sheet_name: str = ""
    notes: list[str] = field(default_factory=list)


def read_table(data: bytes, *, prefer_sheet: str = "") -> Table:
    """The upload's first table (in a workbook, the sheet named `prefer_sheet`, else the
    first); SheetReadError for anything that is not a readable spreadsheet."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SheetReadError(
            f"The file is bigger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it, or "
            "remove other sheets and pictures, and upload it again."
        )
    if not data.strip():
        raise SheetReadError("The file is empty. Choose the spreadsheet and upload it again.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, prefer_sheet)
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            raise SheetReadError(
                "The workbook is protected with a password. Open it in Excel, remove the "
                "password (File, Info, Protect Workbook), save it and upload it again."
            )
        raise SheetReadError(
            "This is an old Excel file (.xls). Open it in Excel and save it as an Excel "
            "Workbook (.xlsx) or as CSV UTF-8, then upload that."
        )
    return _read_csv(data)


def _not_a_spreadsheet() -> SheetReadError:
    return SheetReadError(
        "The file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    )


def _damaged() -> SheetReadError:
    return SheetReadError(
        "The workbook is damaged and cannot be read. Open it in Excel, save it again as an "
        "Excel Workbook (.xlsx) and upload that."
    )


def _read_csv(data: bytes) -> Table:
    if data.startswith(b"%PDF") or b"\x00" in data[:8192]:
        raise _not_a_spreadsheet()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV (Comma delimited)" on Windows
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if "\x00" in text:
        raise _not_a_spreadsheet()
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw: list[tuple[int, list[Cell]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            if len(raw) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
            cells: list[Cell] = [cell for cell in row[:MAX_COLUMNS]]
            if any(cell.strip() for cell in row):
                raw.append((number, cells))
    except csv.Error:
        raise SheetReadError(
            "The CSV file cannot be read: a quoted cell never ends, or a cell is far too "
            "long. Open it in Excel, check it, save it as CSV UTF-8 and upload it again."
        ) from None
    return _table(raw, sheet_name="", merges=[], notes=[])


def _too_many_rows() -> SheetReadError:
    return SheetReadError(
        f"The sheet has more than {MAX_ROWS:,} rows. Split it into files of {MAX_ROWS:,} "
        "rows or fewer and upload each."
    )


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that would unpack to too much, is encrypted, or is not a workbook."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _damaged()
    names = {member.filename for member in members}
    if "EncryptedPackage" in names:
        raise SheetReadError(
            "The workbook is protected with a password: remove it and upload again."
        )
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()
    if any(member.flag_bits & 0x1 for member in members):
        raise SheetReadError(
            "The workbook is protected with a password. Remove the password, save it and "
            "upload it again."
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise SheetReadError(
            "The workbook holds far more than a tracker does (it unpacks to more than "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB). Remove pictures and other sheets, "
            "or save the sheet as CSV UTF-8, and upload that."
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as stream:
                start = stream.read(4096)
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise _damaged()


def _read_xlsx(data: bytes, prefer_sheet: str) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_zip(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetReadError:
        raise
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _damaged() from None
    try:
        return _read_sheet(archive, data, workbook, prefer_sheet)
    except SheetReadError:
        raise
    except Exception:
        raise _damaged() from None
    finally:
        workbook.close()


def _read_sheet(archive: zipfile.ZipFile, data: bytes, workbook: Any, prefer: str) -> Table:
    sheets = list(workbook.worksheets)
    if not sheets:
        raise SheetReadError("The workbook has no sheets with rows in it.")
    chosen = next((s for s in sheets if s.title.strip().lower() == prefer.lower()), sheets[0])
    notes = []
    if len(sheets) > 1:
        others = ", ".join(f"“{s.title}”" for s in sheets if s is not chosen)
        notes.append(
            f"The workbook has {len(sheets)} sheets: “{chosen.title}” was read, not {others}."
        )
    xml = archive.read(chosen._worksheet_path)
    merges = [
        cast(tuple[int, int, int, int], range_boundaries(ref.decode()))
        for ref in _MERGE.findall(xml)
    ]
    formulas: dict[tuple[int, int], str] = {}
    if b"<f>" in xml or b"<f " in xml:
        formulas = _formulas(data, chosen.title)
    raw: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(chosen.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if len(raw) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows()
        cells = list(row)
        blank = not any(cell is not None and str(cell).strip() for cell in cells)
        if blank and not any((number, c) in formulas for c in range(1, len(cells) + 1)):
            continue
        raw.append((number, cells))
    unsaved = 0
    by_number = dict(raw)
    for (number, column), formula in formulas.items():
        found = by_number.get(number)
        if found is not None and column <= len(found) and found[column - 1] is None:
            found[column - 1] = {"formula": formula}
            unsaved += 1
    if formulas:
        notes.append(
            f"{len(formulas):,} cells hold formulas: their values as last calculated were read."
            if not unsaved
            else f"{unsaved:,} cells hold formulas with no saved value: open the workbook in "
            "Excel, copy the cells and paste them as values, then upload it again."
        )
    return _table(raw, sheet_name=chosen.title, merges=merges, notes=notes)


def _formulas(data: bytes, title: str) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text of the sheet's formula cells (a second, formulas-only
    read: with data_only openpyxl gives their saved values instead)."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found: dict[tuple[int, int], str] = {}
        for number, row in enumerate(workbook[title].iter_rows(max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
            for column, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", "") == "f":
                    found[(number, column)] = str(cell.value)[:200]
        return found
    finally:
        workbook.close()


def _table(
    raw: list[tuple[int, list[Cell]]],
    *,
    sheet_name: str,
    merges: list[tuple[int, int, int, int]],
    notes: list[str],
) -> Table:
    """The header row (the first with two or more cells filled, among the first few), the
    rows after it, merged cells below it filled in, and every cell as JSON."""
    if not raw:
        raise SheetReadError("The sheet has no rows. Check you chose the right file.")
    candidates = raw[:HEADER_SEARCH_ROWS]
    header_at = next(
        (i for i, (_, cells) in enumerate(candidates) if sum(_filled(c) for c in cells) >= 2), 0
    )
    header_number, header_cells = raw[header_at]
    for min_col, min_row, max_col, max_row in merges:
        if min_row <= header_number <= max_row and max_col > min_col:
            span = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            raise SheetReadError(
                f"The headings in row {header_number} have merged cells ({span}). Unmerge them "
                "so each column has a heading of its own, then upload the workbook again."
            )
    if header_at:
        notes.append(f"Rows above the headings (row {header_number}) were not read.")
    # To the last column with anything in it (a workbook's rows run to MAX_COLUMNS).
    width = max(_last_filled(cells) for _, cells in raw[header_at:])
    headers = _headings(header_cells, width)
    rows = raw[header_at + 1 :]
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    filled = _fill_merges(rows, merges, header_number)
    if filled:
        notes.append(f"{filled:,} merged cells were read as the value at the top of their merge.")
    return Table(
        headers=headers,
        rows=[(number, [_json_cell(c) for c in cells[:width]]) for number, cells in rows],
        sheet_name=sheet_name,
        notes=notes,
    )


def _last_filled(cells: list[Cell]) -> int:
    return max((i + 1 for i, cell in enumerate(cells) if _filled(cell)), default=0)


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _headings(cells: list[Cell], width: int) -> list[str]:
    """Each column's heading; a blank one is named by its letter, a repeated one numbered."""
    headers: list[str] = []
    for index in range(width):
        cell = cells[index] if index < len(cells) else None
        text = " ".join(str(cell).split())[:200] if _filled(cell) else ""
        text = text or f"Column {get_column_letter(index + 1)} (no heading)"
        if text in headers:
            text = f"{text} ({sum(h.startswith(text) for h in headers) + 1})"
        headers.append(text)
    return headers


def _fill_merges(
    rows: list[tuple[int, list[Cell]]], merges: list[tuple[int, int, int, int]], header: int
) -> int:
    """Give every cell of a merge below the headings the merge's value; how many were."""
    if not merges:
        return 0
    by_number = {number: cells for number, cells in rows}
    filled = 0
    for min_col, min_row, max_col, max_row in merges:
        if min_row <= header or min_row not in by_number:
            continue
        top = by_number[min_row]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for number in range(min_row, max_row + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            for column in range(min_col, max_col + 1):
                if (number, column) == (min_row, min_col):
                    continue
                while len(cells) < column:
                    cells.append(None)
                cells[column - 1] = value
                filled += 1
    return filled


def _json_cell(cell: Any) -> Any:
    if isinstance(cell, dict):  # a formula with no saved value
        return cell
    if isinstance(cell, str):
        return cell[:MAX_CELL_CHARS]
    return to_json(cell)
