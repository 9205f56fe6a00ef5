"""Read a PDF page's tables: which column and row of which table each piece of text is in.

Columns come from the vertical borders Word draws (or, for a table drawn without borders
such as the inspection team, from words that line up on several lines in a row), rows from
the horizontal border above. The cells of a row are joined with CELL_SEPARATOR in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspections.importer.layout import SAME_LINE, Line, Page, Piece

CELL_SEPARATOR = " | "


# --- Columns and cells ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    table: tuple[int, ...]  # the column boundaries, rounded: identifies the table
    row_top: float  # the border above the row (or the line's own height, without borders)
    column: int


def _columns_at(page: Page, y: float) -> list[float]:
    """x positions of the vertical borders crossing height y, left to right."""
    xs = sorted(x for x, y0, y1 in page.vertical if y0 - 1 <= y <= y1 + 1)
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return merged


def _row_top(page: Page, y: float, left: float, right: float) -> float:
    """The nearest horizontal border above y that spans part of the table."""
    above = [
        rule_y
        for rule_y, x0, x1 in page.horizontal
        if rule_y > y and x1 > left + 1 and x0 < right - 1
    ]
    return min(above) if above else page.height


def _column_starts(line: Line) -> list[float]:
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


def aligned_columns(page: Page, carried: list[float] | None = None) -> list[float]:
    """Columns of a table drawn without borders (e.g. the inspection team).

    A column is an x position where a word starts after white space on at least three
    lines in a row: ordinary wrapped text does not line up like that. A table that ran
    over from the page before (`carried`: its columns there) keeps a column its first line
    here starts a word at, however few of its lines are on this page.
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
    if carried and text_lines:
        starts = _column_starts(text_lines[0])
        columns += [x for x in carried if any(abs(x - s) <= 0.5 for s in starts)]
    return sorted(set(columns))


def split_cells(page: Page, line: Line, columns: list[float]) -> list[tuple[_Cell | None, str]]:
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


def merge_same_height(lines: list[Line]) -> list[Line]:
    """pypdf sometimes breaks one printed line in two (a table's cells); put it together."""
    merged: list[Line] = []
    last_text: Line | None = None
    pending_blank: list[Line] = []
    for line in lines:
        if not line.text.strip():
            pending_blank.append(line)
            continue
        if (
            last_text is not None
            and abs(last_text.y - line.y) < SAME_LINE
            and all(abs(b.y - line.y) < SAME_LINE for b in pending_blank)
            and line.x > last_text.x
        ):
            last_text.pieces.extend([Piece(" ", line.x, line.y, line.size), *line.pieces])
            pending_blank = []
            continue
        merged.extend(pending_blank)
        pending_blank = []
        merged.append(line)
        last_text = line
    merged.extend(pending_blank)
    return merged
