"""Tables in pasted text laid out in columns (as `pdftotext -layout` gives it): the areas
tables' two columns read from their positions, not woven together.

In such text a table's columns line up: the header row "Responsible body   Areas for
priority action" says where the second column starts, and every line of the table has a run
of spaces there. Each row is given back as the extractor gives a table row (the body, " | ",
the statement's lines), so the parser reads it as it reads a PDF. A line of the table that
runs across the column (so that its columns cannot be told apart) is refused with a message
asking for the PDF, rather than read wrongly.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from inspections.importer.errors import ReportReadError
from inspections.importer.tables import CELL_SEPARATOR

_HEADER = re.compile(
    r"^(?P<left>\s*Responsible bod(?:y|ies))(?P<gap>\s{2,})Areas? for (?:priority action|improvement)",
    re.I,
)

_SECTION_END = re.compile(
    r"^\s*(?:Areas? for (?:priority action|improvement)|Local area partnership details|"
    r"Information about this inspection|Inspection team|If you are not happy)\s*$",
    re.I,
)

_ORG_END = re.compile(
    r"\b(?:Council|ICB|Board|Borough|Forum|Trust|CCG|Authority|Partnership|Group|England|"
    r"Services?)\)?$|\)$"
)

_TERMINAL = (".", "!", "?", ";", "”", "’", '"', ")")

UNREADABLE_COLUMNS = (
    "The pasted text has a table of areas whose two columns (the responsible body and the "
    "area) cannot be told apart. Upload the report’s PDF instead."
)


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line).strip().lower())


def tables_from_layout(lines: list[str]) -> list[str]:
    """The lines, each areas table laid out in columns replaced by its rows."""
    counts = Counter(_signature(line) for line in lines if line.strip())
    out: list[str] = []
    index = 0
    while index < len(lines):
        header = _HEADER.match(lines[index])
        if header is None:
            out.append(lines[index])
            index += 1
            continue
        column = header.end("gap")
        out.append(lines[index].strip())
        out.append("")
        index += 1
        rows: list[_Row] = []
        gap_before = False
        while index < len(lines) and not _SECTION_END.match(lines[index]):
            line = lines[index].expandtabs()
            index += 1
            if not line.strip():
                gap_before = True
                continue
            if counts[_signature(line)] >= 2 and re.search(r"\d|report", line, re.I):
                continue  # a running header, footer or page number
            if re.fullmatch(r"\s*\d{1,3}\s*", line) or _HEADER.match(line):
                continue  # a page number, or the header row repeated on the next page
            left, right = _split(line, column)
            _add(rows, left, right, gap_before)
            gap_before = False
        for row in rows:
            first, *rest = row.statement or [""]
            out.append(f"{' '.join(row.body)}{CELL_SEPARATOR}{first}".strip())
            out.extend(rest)
            out.append("")
    return out


def _split(line: str, column: int) -> tuple[str, str]:
    """The line's text left and right of the column; refused if text runs across it."""
    start = len(line) - len(line.lstrip())
    if start >= column - 2:
        return "", line.strip()
    gap = re.search(r"\s{2,}", line[start:])
    if gap is None:
        if len(line.rstrip()) <= column:
            return line.strip(), ""
        raise ReportReadError(UNREADABLE_COLUMNS)
    split_at = start + gap.end()
    if abs(split_at - column) > 4 and len(line.rstrip()) > column and split_at < column - 4:
        raise ReportReadError(UNREADABLE_COLUMNS)
    return line[:split_at].strip(), line[split_at:].strip()


@dataclass
class _Row:
    body: list[str] = field(default_factory=list)
    statement: list[str] = field(default_factory=list)
    body_closed: bool = False  # a line with nothing in the left column came after the body

    def finished(self) -> bool:
        """Its body names a whole organisation and its statement ends a sentence."""
        body = " ".join(self.body)
        last = self.statement[-1] if self.statement else ""
        return bool(_ORG_END.search(body)) and (not last or last.endswith(_TERMINAL))


def _add(rows: list[_Row], left: str, right: str, gap_before: bool) -> None:
    """Add a line to the row it belongs to. Text in the left column starts a new row after
    the row's body has ended (lines with an empty left column came between), or when the
    row before is finished; otherwise it carries on the body (a body that ran onto the next
    page, say)."""
    row = rows[-1] if rows else None
    carried_on = right[:1].islower() or right.startswith("•")
    if (
        row is None
        or (
            left
            and not carried_on
            and (
                row.body_closed
                or not row.body
                # Rows printed without space between them: the row before is finished, and
                # both columns start afresh.
                or (row.finished() and left[:1].isupper() and (gap_before or right[:1].isupper()))
            )
        )
    ):
        row = _Row()
        rows.append(row)
    if left:
        row.body.append(left)
    elif row.body:
        row.body_closed = True
    if right:
        row.statement.append(right)
