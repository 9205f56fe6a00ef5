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
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""Largest file or pasted text accepted (10 MB). Published reports are well under 1 MB."""

MAX_PAGES = 200
"""A report is about ten pages; refuse to spend time on anything far longer."""

MIN_TEXT_CHARS = 200
"""Less text than this, on pages that hold images, means a scanned PDF (pictures of pages)."""

CELL_SEPARATOR = " | "

_RULE_THICKNESS = 2.0  # a border is a rectangle at most this thin, in points
_SAME_LINE = 2.0  # pieces of text within this many points vertically share a line
_PAINT_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}


class ReportReadError(Exception):
    """The file or text cannot be read as a report. The message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Entry points --------------------------------------------------------------------------


def text_from_pdf(data: bytes) -> str:
    """The text of a PDF, structured as described above, or ReportReadError."""
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
        raise _damaged()  # cut short: the end-of-file marker never arrived
    pages = _read_pages(data)
    text = _render(pages)
    characters = len(re.sub(r"\s", "", text))
    if characters == 0 or (characters < MIN_TEXT_CHARS and any(p.has_images for p in pages)):
        raise ReportReadError(
            "The PDF has no text that can be read: it looks like a scanned image of the "
            "pages. Upload the report as published by Ofsted (its text can be selected), or "
            "paste its text instead."
        )
    return text


def _damaged() -> ReportReadError:
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


# --- Reading pages -------------------------------------------------------------------------


@dataclass
class _Piece:
    text: str
    x: float
    y: float
    size: float


@dataclass
class _Line:
    pieces: list[_Piece]
    page: int
    y: float
    size: float

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def x(self) -> float:
        for piece in self.pieces:
            if piece.text.strip():
                return piece.x
        return self.pieces[0].x if self.pieces else 0.0


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    has_images: bool = False


def _transform(matrix: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _read_pages(data: bytes) -> list[_Page]:
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
        if len(reader.pages) > MAX_PAGES:
            raise ReportReadError(
                f"The PDF has {len(reader.pages)} pages: that is not an inspection report "
                "or monitoring letter."
            )
        return [_read_page(page, number) for number, page in enumerate(reader.pages, start=1)]
    except ReportReadError:
        raise
    except Exception as error:  # pypdf raises many kinds of error for damaged files
        raise _damaged() from error


def _read_page(page: Any, number: int) -> _Page:
    pieces: list[_Piece | None] = []  # None marks a line break pypdf made
    last = (0.0, 0.0, 12.0)
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    pending: list[tuple[float, float, float, float]] = []  # rectangles and lines not yet painted
    current: tuple[float, float] | None = None

    def on_text(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        nonlocal last
        if not text:
            return
        matrix = _multiply(tm, cm)
        height = abs(size * (matrix[3] or 1.0)) or last[2]
        for index, part in enumerate(text.split("\n")):
            if index:
                pieces.append(None)
            if part:
                if part.strip() and (matrix[4] or matrix[5]):
                    last = (matrix[4], matrix[5], height)
                pieces.append(_Piece(part, last[0], last[1], last[2]))

    def on_operator(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        nonlocal current
        try:
            if operator == b"re":
                x, y, w, h = (float(v) for v in operands)
                x0, y0 = _transform(cm, x, y)
                x1, y1 = _transform(cm, x + w, y + h)
                pending.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            elif operator == b"m":
                current = _transform(cm, float(operands[0]), float(operands[1]))
            elif operator == b"l" and current is not None:
                end = _transform(cm, float(operands[0]), float(operands[1]))
                pending.append(
                    (
                        min(current[0], end[0]),
                        min(current[1], end[1]),
                        max(current[0], end[0]),
                        max(current[1], end[1]),
                    )
                )
                current = end
            elif operator in _PAINT_OPERATORS:
                for x0, y0, x1, y1 in pending:
                    if y1 - y0 <= _RULE_THICKNESS and x1 - x0 > _RULE_THICKNESS:
                        horizontal.append(((y0 + y1) / 2, x0, x1))
                    elif x1 - x0 <= _RULE_THICKNESS and y1 - y0 > _RULE_THICKNESS:
                        vertical.append(((x0 + x1) / 2, y0, y1))
                pending.clear()
            elif operator == b"n":
                pending.clear()
        except (TypeError, ValueError, IndexError):
            pending.clear()

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)

    lines: list[_Line] = []
    row: list[_Piece] = []
    for piece in [*pieces, None]:
        if piece is None:
            if row:
                visible = [p for p in row if p.text.strip()] or row
                lines.append(
                    _Line(
                        pieces=row,
                        page=number,
                        y=visible[0].y,
                        size=max(p.size for p in visible),
                    )
                )
            row = []
        else:
            row.append(piece)
    height = float(page.mediabox.height)
    return _Page(number, height, _attach_bullets(lines), horizontal, vertical, _has_images(page))


_BULLET_CHARS = "•▪◦●■□◼◻➢►‣⁃\uf0a7\uf0b7\uf076\uf0d8\uf0fc"


def _attach_bullets(lines: list[_Line]) -> list[_Line]:
    """Put bullet characters drawn apart from their text (some PDF makers draw all of a
    list's markers after its text) at the start of the line they sit beside."""
    lone = [
        (line, piece)
        for line in lines
        for piece in line.pieces
        if piece.text.strip()
        and all(c in _BULLET_CHARS for c in piece.text.strip())
        and not any(p.text.strip() and p is not piece for p in line.pieces)
    ]
    for line, bullet in lone:
        beside = [
            other
            for other in lines
            if other is not line
            and other.text.strip()
            and abs(other.y - bullet.y) < max(other.size, bullet.size) * 0.6
            and bullet.x < other.x <= bullet.x + 4 * max(other.size, 1.0)
            and not other.text.lstrip().startswith(tuple(_BULLET_CHARS))
        ]
        if beside:
            target = min(beside, key=lambda other: other.x)
            target.pieces.insert(
                0, _Piece(bullet.text.strip() + " ", bullet.x, bullet.y, bullet.size)
            )
            line.pieces = [p for p in line.pieces if p is not bullet]
    return [line for line in lines if line.pieces]


def _has_images(page: Any) -> bool:
    """Whether the page draws any image (directly or inside a form XObject)."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if not xobjects:
            return False
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                return True
            inner = obj.get("/Resources")
            if obj.get("/Subtype") == "/Form" and inner and inner.get_object().get("/XObject"):
                return True
    except (KeyError, AttributeError, TypeError):
        return False
    return False


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


# --- Running headers and footers -----------------------------------------------------------


def _signature(text: str) -> str:
    """Numbers count as the same, so the footers "13 to 17 November 2023 7" and "… 8" match."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text).strip().lower())


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and lines repeated in the top or bottom margin of several pages."""
    in_margin: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page) and line.text.strip():
                in_margin[_signature(line.text)] += 1
    repeated = {sig for sig, count in in_margin.items() if count >= 2}
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                _in_margin(line, page)
                and (
                    _signature(line.text) in repeated
                    or re.fullmatch(r"\s*(page\s*)?\d+(\s*of\s*\d+)?\s*", line.text, re.I)
                )
            )
        ]


def _in_margin(line: _Line, page: _Page) -> bool:
    return line.y < page.height * 0.1 or line.y > page.height * 0.92


# --- Tables and columns -------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    table: tuple[int, ...]  # the column boundaries, rounded: identifies the table
    row_top: float  # the border above the row (or the line's own height, without borders)
    column: int


def _columns_at(page: _Page, y: float) -> list[float]:
    """x positions of the vertical borders crossing height y, left to right."""
    xs = sorted(x for x, y0, y1 in page.vertical if y0 - 1 <= y <= y1 + 1)
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return merged


def _row_top(page: _Page, y: float, left: float, right: float) -> float:
    """The nearest horizontal border above y that spans part of the table."""
    above = [
        rule_y
        for rule_y, x0, x1 in page.horizontal
        if rule_y > y and x1 > left + 1 and x0 < right - 1
    ]
    return min(above) if above else page.height


def _column_starts(line: _Line) -> list[float]:
    """x of each piece that starts after white space, well into the line: a column, maybe."""
    starts: list[float] = []
    after_space = False
    left = line.x
    for piece in line.pieces:
        if not piece.text.strip():
            after_space = True
            continue
        if after_space and piece.x > left + 3 * line.size:
            starts.append(piece.x)
        after_space = piece.text[-1].isspace()
    return starts


def _aligned_columns(page: _Page) -> list[float]:
    """Columns of a table drawn without borders (e.g. the inspection team).

    A column is an x position where a word starts after white space on at least three
    lines in a row: ordinary wrapped text does not line up like that.
    """
    text_lines = [line for line in page.lines if line.text.strip()]
    seen: dict[float, list[int]] = {}
    for index, line in enumerate(text_lines):
        for x in _column_starts(line):
            key = next((k for k in seen if abs(k - x) <= 0.5), x)
            if index not in seen.setdefault(key, []):
                seen[key].append(index)
    columns = []
    for x, indexes in seen.items():
        run = longest = 1
        for a, b in zip(indexes, indexes[1:], strict=False):
            run = run + 1 if b == a + 1 else 1
            longest = max(longest, run)
        if longest >= 3:
            columns.append(x)
    return sorted(columns)


def _split_cells(page: _Page, line: _Line, columns: list[float]) -> list[tuple[_Cell | None, str]]:
    """The line's text, split into table cells when it lies in a table."""
    borders = _columns_at(page, line.y + line.size * 0.3)
    if len(borders) >= 2:
        top = round(_row_top(page, line.y, borders[0], borders[-1]), 1)
        key = tuple(round(x) for x in borders)
        inner = borders[1:-1]
    else:
        inner = [x for x in columns if any(abs(x - s) <= 0.5 for s in _column_starts(line))]
        if not inner:
            return [(None, line.text)]
        top = round(line.y, 1)
        key = (0, *(round(x) for x in inner))
    parts: dict[int, list[str]] = {}
    column = 0
    for piece in line.pieces:
        if piece.text.strip():
            column = sum(1 for x in inner if piece.x >= x - 1.5)
        parts.setdefault(column, []).append(piece.text)
    return [(_Cell(key, top, col), "".join(texts)) for col, texts in sorted(parts.items())]


def _merge_same_height(lines: list[_Line]) -> list[_Line]:
    """pypdf sometimes breaks one printed line in two (a table's cells); put it together."""
    merged: list[_Line] = []
    last_text: _Line | None = None
    pending_blank: list[_Line] = []
    for line in lines:
        if not line.text.strip():
            pending_blank.append(line)
            continue
        if (
            last_text is not None
            and abs(last_text.y - line.y) < _SAME_LINE
            and all(abs(b.y - line.y) < _SAME_LINE for b in pending_blank)
            and line.x > last_text.x
        ):
            last_text.pieces.extend([_Piece(" ", line.x, line.y, line.size), *line.pieces])
            pending_blank = []
            continue
        merged.extend(pending_blank)
        pending_blank = []
        merged.append(line)
        last_text = line
    merged.extend(pending_blank)
    return merged


# --- Rendering -----------------------------------------------------------------------------


@dataclass
class _Block:
    """A paragraph (its raw lines), or a table row (each cell's raw lines).

    An empty string among the raw lines marks a paragraph break.
    """

    page: int
    lines: list[str] = field(default_factory=list)
    cells: list[list[str]] | None = None
    table: tuple[int, ...] | None = None


_BULLET = re.compile(r"^\s*([•▪◦●■□◼◻➢►‣⁃\-–*\uf0a7\uf0b7\uf076\uf0d8\uf0fc])(?=\s|[A-Za-z])\s*")


def _render(pages: list[_Page]) -> str:
    _drop_running_lines(pages)
    blocks: list[_Block] = []
    row_key: tuple[Any, ...] | None = None
    previous: dict[Any, _Line] = {}  # the last line of each paragraph or cell, for gaps
    for page in pages:
        page.lines = _merge_same_height(page.lines)
        spacing = _line_spacing(page)
        columns = _aligned_columns(page)
        for line in page.lines:
            blank = not line.text.strip()
            cells = [(None, line.text)] if blank else _split_cells(page, line, columns)
            first_cell = cells[0][0]
            if first_cell is None:
                row_key = None
                last = blocks[-1] if blocks else None
                if blank:
                    if last is not None and last.cells is None and last.lines:
                        blocks.append(_Block(page.number))
                    elif last is not None and last.cells:
                        for cell in last.cells:
                            if cell and cell[-1] and abs(previous[id(cell)].y - line.y) < 3:
                                cell.append("")
                    continue
                earlier = previous.get("text")
                carried = _carried_over(blocks, earlier, line)
                if carried is not None:
                    carried.lines.append(line.text)
                elif (
                    last is None
                    or last.cells is not None
                    or not last.lines
                    or _new_paragraph(earlier, line, spacing)
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
                if raw and raw[-1] and _new_paragraph(previous.get(id(raw)), line, spacing):
                    raw.append("")
                raw.append(text)
                previous[id(raw)] = line
            previous["text"] = line
    return _blocks_to_text(blocks)


def _carried_over(blocks: list[_Block], earlier: _Line | None, line: _Line) -> _Block | None:
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


def _new_paragraph(earlier: _Line | None, line: _Line, spacing: float) -> bool:
    """A bigger gap than between wrapped lines, a change of type size, or a bullet point."""
    if earlier is None or earlier.page != line.page:
        return False
    gap = earlier.y - line.y
    expected = max(spacing, 1.2 * line.size)
    return (
        gap > 1.3 * expected
        or gap < -_SAME_LINE
        or abs(earlier.size - line.size) > 1
        or bool(_BULLET.match(line.text))
    )


def _line_spacing(page: _Page) -> float:
    text_lines = [line for line in page.lines if line.text.strip()]
    gaps = [
        a.y - b.y
        for a, b in zip(text_lines, text_lines[1:], strict=False)
        if 0 < a.y - b.y < 3 * a.size and abs(a.size - b.size) < 1
    ]
    return statistics.median(gaps) if gaps else 14.0


def _logical_lines(raw: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs; each paragraph and bullet point is one line."""
    result: list[str] = []
    fresh = True
    for line in raw:
        text = re.sub(r"\s+", " ", line).strip()
        if not text:
            fresh = True
            continue
        bullet = _BULLET.match(text)
        if bullet and text[bullet.end() :].strip():
            result.append("• " + text[bullet.end() :].strip())
        elif result and not fresh:
            result[-1] = _join(result[-1], text)
        else:
            result.append(text)
        fresh = False
    return result


def _join(before: str, after: str) -> str:
    """Join a wrapped line to the one before; a word broken at a hyphen stays one word."""
    if re.search(r"[A-Za-z]-$", before):
        return before + after
    return f"{before} {after}"


def _blocks_to_text(blocks: list[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.cells is None:
            lines = _logical_lines(block.lines)
            if lines:
                out.append("\n".join(lines))
            continue
        cells = [_logical_lines(c) for c in block.cells]
        if not any(cells):
            continue
        *first, last = cells
        head = [" ".join(c) for c in first]
        row = CELL_SEPARATOR.join([*head, last[0] if last else ""])
        if head and not any(head):
            pass  # carried over from the previous page: the row starts "| "
        out.append("\n".join([row.strip(), *last[1:]]))
    return "\n\n".join(out) + "\n"
