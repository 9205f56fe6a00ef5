"""Read the text of a published report or letter: PDF bytes (or pasted text) to plain text.

The text keeps the structure the parser needs and a reader can follow:

- one line per paragraph, bullet point or table-cell paragraph; a blank line between blocks;
- running headers, footers and page numbers removed;
- each table row is one block; a row's cells are joined with `` | `` on the block's first
  line, the last cell's further paragraphs on the lines after it. A row that continues on the
  next page (its first cells empty) starts with `` | ``.

Table rows and cells are found from the ruled borders Word draws round them: pypdf's text
visitor gives the position of every piece of text, and its operator visitor the thin filled
rectangles and lines that make the borders. Without borders the text is still returned, and
the parser falls back on the layout of the words.

This module opens the file and puts the text together; `layout` reads each page's lines
and paragraphs, `tables` the columns and cells of its tables.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from inspections.importer.budget import Budget, check_budget
from inspections.importer.errors import PdfTooComplex, ReportReadError
from inspections.importer.layout import (
    Line,
    Page,
    drop_running_lines,
    line_spacing,
    logical_lines,
    new_paragraph,
    read_page,
)
from inspections.importer.tables import (
    CELL_SEPARATOR,
    aligned_columns,
    merge_same_height,
    split_cells,
)
from inspections.importer.text import is_header_row

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""Largest file or pasted text accepted (10 MB). Published reports are well under 1 MB."""

MIN_TEXT_CHARS = 200
"""Less text than this, on pages that hold images, means a scanned PDF (pictures of pages)."""


__all__ = ["MAX_UPLOAD_BYTES", "PdfTooComplex", "ReportReadError", "text_from_pdf"]

# --- Entry points --------------------------------------------------------------------------


def text_from_pdf(data: bytes, *, budget: Budget | None = None) -> str:
    """The text of a PDF, structured as described above, or ReportReadError.

    Reads in this process, within `budget` (checked before the expensive part): the
    importer calls it in a reader process with CPU, memory and time limits (`bounded`).
    """
    check_pdf_bytes(data)
    budget = budget or Budget()
    pages = _read_pages(data, budget)
    text = _render(pages)
    if len(text) > budget.max_text_chars:
        raise PdfTooComplex("text")  # the web process parses it: keep that short
    characters = len(re.sub(r"\s", "", text))
    if characters == 0 or (characters < MIN_TEXT_CHARS and any(p.has_images for p in pages)):
        raise ReportReadError(
            "The PDF has no text that can be read: it looks like a scanned image of the "
            "pages. Upload the report as published by Ofsted (its text can be selected), or "
            "paste its text instead."
        )
    return text


def check_pdf_bytes(data: bytes) -> None:
    """The checks that need no PDF reader: size, the PDF header, the end-of-file marker."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReportReadError(
            f"The file is too big: the largest file you can upload is "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    if not data.lstrip(b"\x00\t\n\r ")[:5] == b"%PDF-":
        raise ReportReadError(
            "The file is not a PDF. Upload the report or letter as published (a PDF), "
            "or paste its text instead."
        )
    if b"%%EOF" not in data[-4096:]:
        raise damaged()  # cut short: the end-of-file marker never arrived


def damaged() -> ReportReadError:
    return ReportReadError(
        "The PDF is damaged or incomplete, so it cannot be read. Download the report again "
        "and upload the new copy."
    )


def text_from_paste(text: str) -> str:
    """Pasted text, tidied: one kind of line ending, no NUL bytes or control characters."""
    if len(text.encode("utf-8", errors="replace")) > MAX_UPLOAD_BYTES:
        raise ReportReadError(
            f"The text is too long: the most you can paste is "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    if not text.strip():
        raise ReportReadError("Paste the text of the report or letter.")
    return text


def _read_pages(data: bytes, budget: Budget) -> list[Page]:
    # Imported here so that importing the module (e.g. for MAX_UPLOAD_BYTES) stays cheap.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                # Many published PDFs are "encrypted" with an empty password only to set
                # permissions; those can be read. Anything else cannot.
                if not reader.decrypt(""):
                    raise FileNotDecryptedError("password required")
            except (
                FileNotDecryptedError,
                DependencyError,
                NotImplementedError,
                PdfReadError,
            ) as error:
                raise ReportReadError(
                    "The PDF is protected with a password, so it cannot be read. Upload the "
                    "report as published by Ofsted, without a password."
                ) from error
        if len(reader.pages) > budget.max_pages:
            raise ReportReadError(
                f"The PDF has {len(reader.pages)} pages: that is not an inspection report "
                "or monitoring letter."
            )
        check_budget(reader.pages, budget)
        return [read_page(page, number) for number, page in enumerate(reader.pages, start=1)]
    except (ReportReadError, MemoryError):
        raise  # MemoryError: the reader process's memory limit, reported as such
    except Exception as error:  # pypdf raises many kinds of error for damaged files
        raise damaged() from error


# --- Putting the text together -------------------------------------------------------------


@dataclass
class _Block:
    """A paragraph (its raw lines), or a table row (each cell's raw lines).

    An empty string among the raw lines marks a paragraph break.
    """

    page: int
    lines: list[str] = field(default_factory=list)
    cells: list[list[str]] | None = None
    table: tuple[int, ...] | None = None


def _render(pages: list[Page]) -> str:
    drop_running_lines(pages)
    blocks: list[_Block] = []
    row_key: tuple[Any, ...] | None = None
    previous: dict[Any, Line] = {}  # the last line of each paragraph or cell, for gaps
    columns: list[float] = []
    for page in pages:
        page.lines = merge_same_height(page.lines)
        spacing = line_spacing(page)
        columns = aligned_columns(page, carried=columns)
        for line in page.lines:
            blank = not line.text.strip()
            cells = [(None, line.text)] if blank else split_cells(page, line, columns)
            first_cell = cells[0][0]
            if first_cell is None:
                row_key = None
                last = blocks[-1] if blocks else None
                if blank:
                    if last is not None and last.cells is None and last.lines:
                        blocks.append(_Block(page.number))
                    elif last is not None and last.cells:
                        for texts in last.cells:
                            if texts and texts[-1] and abs(previous[id(texts)].y - line.y) < 3:
                                texts.append("")
                    continue
                earlier = previous.get("text")
                carried = _carried_over(blocks, earlier, line)
                if carried is not None:
                    carried.lines.append(line.text)
                elif (
                    last is None
                    or last.cells is not None
                    or not last.lines
                    or new_paragraph(earlier, line, spacing)
                ):
                    blocks.append(_Block(page.number, lines=[line.text]))
                else:
                    last.lines.append(line.text)
                previous["text"] = line
                continue
            key = (page.number, first_cell.table, first_cell.row_top)
            if key != row_key:
                blocks.append(_Block(page.number, cells=[], table=first_cell.table))
                row_key = key
            row = blocks[-1]
            assert row.cells is not None
            for cell, text in cells:
                assert cell is not None
                while len(row.cells) <= cell.column:
                    row.cells.append([])
                raw = row.cells[cell.column]
                if raw and raw[-1] and new_paragraph(previous.get(id(raw)), line, spacing):
                    raw.append("")
                raw.append(text)
                previous[id(raw)] = line
            previous["text"] = line
    return _blocks_to_text(_join_rows_across_pages(blocks))


def _carried_over(blocks: list[_Block], earlier: Line | None, line: Line) -> _Block | None:
    """The paragraph a page's first line continues: it ended mid-sentence on the page before."""
    if earlier is None or earlier.page == line.page or not line.text.strip()[:1].islower():
        return None
    for block in reversed(blocks):
        if block.cells is not None:
            return None
        if block.lines:
            ends_sentence = block.lines[-1].rstrip().endswith((".", "!", "?", ":", ";"))
            return None if ends_sentence else block
    return None


_ORG_END = re.compile(
    r"\b(?:Council|ICB|Board|Borough|Forum|Trust|CCG|Authority|Partnership|Group|England|"
    r"Services?|Commissioners?|Partners|Leaders|LAP|LA)\)?[.;]?$|\)$",
    re.I,
)
_CONNECTOR = re.compile(r"(?:\b(?:and|of|the|for|NHS)|[,&/-])$", re.I)


def _cell_text(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(line for line in lines if line)).strip()


def _row_carries_on(before: _Block, row: _Block) -> bool:
    """Whether `row`, the first on its page, is the rest of `before`, the last row of the
    same table on the page before: a row that ran over the page break.

    It is when its leading cells are empty, or its last cell is; when either side of the
    break is cut mid-sentence or mid-name (the statement before does not end a sentence or
    introduces bullet points, the text after starts in lower case or with a bullet point,
    the body before ends with "and" or a comma or is not yet an organisation's name).
    """
    assert before.cells is not None and row.cells is not None
    if is_header_row(CELL_SEPARATOR.join(_cell_text(c) for c in before.cells)):
        return False  # the table's header row, at the foot of the page before
    head = [_cell_text(c) for c in row.cells[:-1]]
    last = _cell_text(row.cells[-1]) if row.cells else ""
    if not any(head) or not last:
        return True
    earlier_last = _cell_text(before.cells[-1]) if before.cells else ""
    earlier_body = _cell_text(before.cells[0]) if len(before.cells) > 1 else ""
    return bool(
        last[:1].islower()
        or last[:1] in "•▪◦●■◼-–"
        or head[0][:1].islower()
        or not earlier_last.endswith((".", "!", "?", ";", "”", "’", '"', ")"))
        or (earlier_body and _CONNECTOR.search(earlier_body))
        or (earlier_body and not _ORG_END.search(earlier_body))
    )


def _join_rows_across_pages(blocks: list[_Block]) -> list[_Block]:
    """A table row that runs onto the next page is one row, whichever of its cells ran
    over: each cell's text on the next page carries on that cell's text."""
    joined: list[_Block] = []
    for block in blocks:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before.cells is not None
            and block.cells is not None
            and block.table == before.table
            and block.table is not None
            and block.table[0] != 0  # ruled (aligned tables' keys start 0): a line is a row
            and block.page == before.page + 1
            and _row_carries_on(before, block)
        ):
            for index, texts in enumerate(block.cells):
                while len(before.cells) <= index:
                    before.cells.append([])
                cell = before.cells[index]
                words = [t for t in texts if t]
                if cell and cell[-1] and words and index == len(block.cells) - 1:
                    ends = cell[-1].rstrip().endswith((".", "!", "?", ":"))
                    if ends and words[0][:1].isupper():
                        cell.append("")  # a new paragraph of the statement
                cell.extend(texts)
            before.page = block.page
            continue
        joined.append(block)
    return joined


def _blocks_to_text(blocks: list[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.cells is None:
            lines = logical_lines(block.lines)
            if lines:
                out.append("\n".join(lines))
            continue
        cells = [logical_lines(c) for c in block.cells]
        if not any(cells):
            continue
        *first, last = cells
        head = [" ".join(c) for c in first]
        row = CELL_SEPARATOR.join([*head, last[0] if last else ""])
        if head and not any(head):
            pass  # carried over from the previous page: the row starts "| "
        out.append("\n".join([row.strip(), *last[1:]]))
    return "\n\n".join(out) + "\n"
