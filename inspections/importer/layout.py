"""Read a PDF page's layout: positioned pieces of text, lines, running headers, paragraphs.

pypdf's text visitor gives the position and size of every piece of text, and its operator
visitor the thin filled rectangles and lines that make a table's ruled borders (kept on the
page for `tables`). Lines in the top or bottom margin that repeat on several pages, and page
numbers, are dropped; a bigger gap, a change of type size or a bullet starts a paragraph.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_RULE_THICKNESS = 2.0  # a border is a rectangle at most this thin, in points

SAME_LINE = 2.0  # pieces of text within this many points vertically share a line

_PAINT_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}


# --- Pages and lines -----------------------------------------------------------------------


@dataclass
class Piece:
    text: str
    x: float
    y: float
    size: float


@dataclass
class Line:
    pieces: list[Piece]
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
class Page:
    number: int
    height: float
    lines: list[Line]
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    has_images: bool = False


def _transform(matrix: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def read_page(page: Any, number: int) -> Page:
    pieces: list[Piece | None] = []  # None marks a line break pypdf made
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
                pieces.append(Piece(part, last[0], last[1], last[2]))

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

    lines: list[Line] = []
    row: list[Piece] = []
    for piece in [*pieces, None]:
        if piece is None:
            if row:
                visible = [p for p in row if p.text.strip()] or row
                lines.append(
                    Line(
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
    return Page(number, height, _attach_bullets(lines), horizontal, vertical, _has_images(page))


_BULLET_CHARS = "•▪◦●■□◼◻➢►‣⁃\uf0a7\uf0b7\uf076\uf0d8\uf0fc"


def _attach_bullets(lines: list[Line]) -> list[Line]:
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
        # The text beside it: a piece starting just right of it on the same line (in a
        # table, other cells' text may share that line, left of the bullet).
        beside = [
            (piece.x, other, index)
            for other in lines
            if other is not line and abs(other.y - bullet.y) < max(other.size, bullet.size) * 0.6
            for index, piece in enumerate(other.pieces)
            if piece.text.strip()
            and bullet.x < piece.x <= bullet.x + 4 * max(other.size, 1.0)
            and not piece.text.lstrip().startswith(tuple(_BULLET_CHARS))
            and not (index and other.pieces[index - 1].text.strip() in _BULLET_CHARS)
        ]
        if beside:
            _, target, index = min(beside, key=lambda found: found[0])
            target.pieces.insert(
                index, Piece(bullet.text.strip() + " ", bullet.x, bullet.y, bullet.size)
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


def drop_running_lines(pages: list[Page]) -> None:
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


def _in_margin(line: Line, page: Page) -> bool:
    return line.y < page.height * 0.1 or line.y > page.height * 0.92


# --- Paragraphs ----------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*([•▪◦●■□◼◻➢►‣⁃\-–*\uf0a7\uf0b7\uf076\uf0d8\uf0fc])(?=\s|[A-Za-z])\s*")


def new_paragraph(earlier: Line | None, line: Line, spacing: float) -> bool:
    """A bigger gap than between wrapped lines, a change of type size, a bullet point, or a
    line that starts well left of the one before."""
    if earlier is None:
        return False
    if earlier.page != line.page:  # a paragraph may run over the page; a heading does not
        return abs(earlier.size - line.size) > 1 or bool(_BULLET.match(line.text))
    gap = earlier.y - line.y
    expected = max(spacing, 1.2 * line.size)
    return (
        gap > 1.3 * expected
        or gap < -SAME_LINE
        or abs(earlier.size - line.size) > 1
        or bool(_BULLET.match(line.text))
        # Back out to the left after an indented line: the paragraph after a bullet list
        # (its lines hang indented), not more of the last bullet point.
        or (bool(earlier.text.strip()) and earlier.x - line.x > 0.8 * line.size)
    )


def line_spacing(page: Page) -> float:
    text_lines = [line for line in page.lines if line.text.strip()]
    gaps = [
        a.y - b.y
        for a, b in zip(text_lines, text_lines[1:], strict=False)
        if 0 < a.y - b.y < 3 * a.size and abs(a.size - b.size) < 1
    ]
    return statistics.median(gaps) if gaps else 14.0


def logical_lines(raw: list[str]) -> list[str]:
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
