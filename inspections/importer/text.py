"""Read the text's lines: tidy them, find the sections under each heading, group them into
blocks and table rows, and split a finding into its statement and bullet points.

Works on the text `extract.text_from_pdf` makes (a paragraph per line, table cells joined
with " | ") and on pasted text, where wrapped lines are put back together and running
headers and page numbers dropped. Also finds the local area in the title, which both kinds
of document start with.
"""

from __future__ import annotations

import re
from collections import Counter

from inspections.importer.layout_text import tables_from_layout
from inspections.importer.tables import CELL_SEPARATOR

# --- Tidying the text ----------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•▪◦●■□◼◻➢►‣⁃\-–*\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|o(?=\s))\s*")

TERMINAL = (".", "!", "?", ":", ";", "”", "’", '"', ")")


def _clean_line(line: str) -> str:
    """One line without Markdown decoration, odd spaces or trailing white space."""
    line = line.replace("\u00a0", " ").replace("\u2009", " ").replace("\ufeff", "")
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)  # Markdown headings
    line = re.sub(r"\*\*|__", "", line)  # bold
    line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # [text](link)
    line = re.sub(r"<((?:https?://|mailto:)[^>]+)>", r"\1", line)
    bullet = _BULLET.match(line)
    if bullet and line[bullet.end() :].strip():
        line = "• " + line[bullet.end() :]
    return re.sub(r"[ \t]+", " ", line).strip()


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


_NUMBERED_HEADING = re.compile(r"^(?:area for (?:priority action|improvement)|outcome)\b")


def _drop_running_lines(lines: list[str]) -> list[str]:
    """Running headers, footers and page numbers left in pasted text.

    A footer repeats on every page with the page number changing ("13 to 17 November 2023
    7"); the lines next to it that repeat as often ("Inspection report: Suffolk Local Area
    Partnership") belong to it. Other repeated lines (a responsible body named in every row
    of a table) are text, and stay.
    """
    counts = Counter(_signature(line) for line in lines if line and len(line) < 120)
    numbered = {
        sig
        for sig, n in counts.items()
        if n >= 3 and "#" in sig and not _is_heading_text(sig) and not _NUMBERED_HEADING.match(sig)
    }
    positions = [i for i, line in enumerate(lines) if line and _signature(line) in numbered]
    near_footer = Counter(
        _signature(lines[j])
        for i in positions
        for j in range(max(0, i - 3), min(len(lines), i + 4))
        if lines[j] and _signature(lines[j]) not in numbered
    )
    running = numbered | {
        sig
        for sig, n in near_footer.items()
        if counts[sig] >= 3 and n >= 0.6 * counts[sig] and not _is_heading_text(sig)
    }
    first_lines = [i for i, line in enumerate(lines) if line][:20]
    return [
        line
        for index, line in enumerate(lines)
        if index in first_lines  # the title page has no running header yet, only the title
        or not (
            line
            and (
                _signature(line) in running
                or re.fullmatch(r"(?:page\s*)?\d{1,3}(?:\s*of\s*\d{1,3})?", line, re.I)
            )
        )
    ]


def _attach_lone_bullets(lines: list[str]) -> list[str]:
    """A bullet character alone on its line belongs to the text on the next line; one with
    nothing after it (a blank line, a heading or a table row follows) marks no text at all."""
    result: list[str] = []
    pending = False
    for line in lines:
        if _BULLET.fullmatch(line) or line in {"•", "▪", "◼", "●", "◦", "■"}:
            pending = True
            continue
        if pending and (not line or _is_heading_text(line) or CELL_SEPARATOR in line):
            pending = False  # a stray empty bullet point
        if pending and line:
            line, pending = "• " + line, False
        result.append(line)
    return result


def _is_wrapped(lines: list[str]) -> bool:
    """Text copied from a PDF viewer: every line is short, paragraphs are wrapped."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 10:
        return False
    return lengths[int(len(lengths) * 0.95)] < 130


def _unwrap(lines: list[str]) -> list[str]:
    """Put wrapped lines back together into paragraphs (each bullet point starts one).

    A line ends its paragraph when the next is blank, starts a bullet, or the line ends a
    sentence while falling well short of the width of the text. The signatures after "Yours
    sincerely" are a line each.
    """
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 80
    result: list[str] = []
    open_paragraph = False
    signed = False  # after "Yours sincerely": names and roles, a line each
    for line in lines:
        if not line:
            result.append("")
            open_paragraph = False
            continue
        if re.match(r"^Yours (?:sincerely|faithfully)", line, re.I):
            signed, open_paragraph = True, False
        if signed:
            result.append(line)
            continue
        if open_paragraph and not line.startswith("• ") and not _is_heading_text(line):
            result[-1] = join_lines(result[-1], line)
        else:
            result.append(line)
        last = result[-1]
        short = len(line) < 0.8 * full
        open_paragraph = not (_is_heading_text(line) or (short and last.endswith(TERMINAL)))
    return result


def join_lines(before: str, after: str) -> str:
    if re.search(r"[A-Za-z]-$", before):
        return before + after
    return f"{before} {after}"


def join_split_paragraphs(paragraphs: list[str]) -> list[str]:
    """A paragraph cut by a page break (no full stop, the next starts in lower case)."""
    result: list[str] = []
    for paragraph in paragraphs:
        if (
            result
            and not result[-1].endswith(TERMINAL)
            and paragraph[:1].islower()
            and not paragraph.startswith("• ")
        ):
            result[-1] = join_lines(result[-1], paragraph)
        else:
            result.append(paragraph)
    return result


def prepare_lines(text: str) -> tuple[list[str], bool]:
    """Clean lines; whether the text keeps a paragraph per line (from our extractor)."""
    raw = tables_from_layout(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = [_clean_line(line) for line in raw]
    lines = _drop_running_lines(_attach_lone_bullets(lines))
    wrapped = _is_wrapped(lines)
    if wrapped:
        lines = _unwrap(lines)
    structured = any(CELL_SEPARATOR in line for line in lines)
    return lines, structured


# --- Headings and sections -----------------------------------------------------------------

_HEADINGS = {
    "inspection outcome": "outcome",
    "information about the local area partnership": "information",
    "what is it like to be a child or young person with send in this area?": "experience",
    "what is the area partnership doing that is effective?": "effective",
    "what does the area partnership need to do better?": "better",
    "areas for priority action": "priority",
    "area for priority action": "priority",
    "areas for improvement": "improvement",
    "area for improvement": "improvement",
    "local area partnership details": "details",
    "information about this inspection": "about",
    "inspection team": "team",
    "findings": "findings",
    "next steps": "next",
}

BOILERPLATE = re.compile(
    r"^(?:If you are not happy with the inspection|The Office for Standards in Education|"
    r"If you would like a copy of this document|©|Yours sincerely|Yours faithfully)",
    re.IGNORECASE,
)


BOILERPLATE_WITHIN = re.compile(r"\s(?=" + BOILERPLATE.pattern.lstrip("^") + ")", re.IGNORECASE)


def _heading_key(line: str) -> str:
    text = line.strip().lstrip("|").strip().rstrip(":").strip().lower()
    return re.sub(r"\s+", " ", text)


def _is_heading_text(line: str) -> bool:
    key = _heading_key(line)
    return key in _HEADINGS or bool(_TABLE_HEADER.fullmatch(key))


_TABLE_HEADER = re.compile(
    r"(?:responsible bod(?:y|ies)\s*\|?\s*)?areas? for (?:priority action|improvement)"
    r"|responsible bod(?:y|ies)|ofsted\s*\|?\s*care quality commission"
)


def section_of(line: str) -> str | None:
    return _HEADINGS.get(_heading_key(line))


def split_sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines under each known heading, up to the next known heading or the back matter.

    A heading that repeats straight away (the section heading, then the same words as a
    table's header row) stays in the same section.
    """
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        key = section_of(line)
        if key is not None and key != current:
            current = key
            sections.setdefault(key, [])
            continue
        if key is not None:
            continue
        if BOILERPLATE.match(line):
            current = None
            continue
        if current is not None:
            sections[current].append(line)
    return sections


def _blocks(lines: list[str]) -> list[list[str]]:
    """Lines grouped by the blank lines between them."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


# --- Table rows and findings ---------------------------------------------------------------


def is_header_row(line: str) -> bool:
    if _TABLE_HEADER.fullmatch(_heading_key(line)):
        return True
    cells = [_heading_key(cell) for cell in line.split("|")]
    words = {"responsible body", "responsible bodies", "areas for priority action"}
    words |= {"areas for improvement", "area for priority action", "area for improvement"}
    return all(cell in words or not cell for cell in cells) and any(cells)


def table_rows(lines: list[str], structured: bool) -> list[tuple[list[str], list[str]]]:
    """Table rows as (leading cells, last cell's paragraphs), page-break pieces put together.

    A row whose first cells are empty, or that starts with a bullet point or in lower case,
    continues the row before it (the table ran over a page).
    """
    rows: list[tuple[list[str], list[str]]] = []
    for block in _blocks(lines):
        block = [line for line in block if not is_header_row(line)]
        if not block:
            continue
        first = block[0]
        cells = [cell.strip() for cell in first.split(CELL_SEPARATOR.strip())]
        *head, last = cells if structured else ["", first]
        paragraphs = [p for p in [last, *block[1:]] if p]
        continues = rows and (
            (head and not any(head))
            or (not any(head) and paragraphs and belongs_to(rows[-1][1], paragraphs[0]))
        )
        if continues:
            previous = rows[-1][1]
            for paragraph in paragraphs:
                if (
                    previous
                    and not paragraph.startswith("• ")
                    and not previous[-1].endswith(TERMINAL)
                ):
                    previous[-1] = join_lines(previous[-1], paragraph)
                else:
                    previous.append(paragraph)
            continue
        if not paragraphs:
            continue
        rows.append(([h for h in head if h], paragraphs))
    return rows


def belongs_to(previous: list[str], paragraph: str) -> bool:
    """Whether `paragraph` carries on the finding whose paragraphs are `previous`.

    Text in lower case carries on a sentence. A bullet point belongs to a finding that
    introduces bullet points ("…so that:"); otherwise it is a finding of its own (some
    reports list areas for improvement as bullet points).
    """
    if paragraph[:1].islower():
        return True
    if paragraph.startswith("• "):
        # A point in lower case after a point that introduces some ("…to:"), or after
        # another such point, is one of them: a list inside a list of areas.
        last = previous[-1].rstrip() if previous else ""
        nested = paragraph[2:3].islower() and (
            last.endswith(":") or (last.startswith("• ") and last[2:3].islower())
        )
        return nested or any(p.rstrip().endswith(":") for p in previous if not p.startswith("• "))
    return bool(previous) and previous[-1].rstrip().endswith(":")


def split_statement(paragraphs: list[str]) -> tuple[str, str, list[str]]:
    """(statement, intro to the bullet points, bullet points) of one finding."""
    before: list[str] = []
    points: list[str] = []
    after: list[str] = []
    for paragraph in paragraphs:
        if paragraph.startswith("• "):
            points.append(paragraph[2:].strip())
        elif points and not after and _carries_on_point(points[-1], paragraph):
            points[-1] = join_lines(points[-1], paragraph)  # a bullet point carried on
        elif points:
            after.append(paragraph)  # a paragraph after the list: part of the statement
        else:
            before.append(paragraph)
    statement = " ".join(before).strip()
    intro = ""
    if points and statement.endswith(":"):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", statement)
        if len(sentences) > 1:
            intro = sentences[-1]
            statement = " ".join(sentences[:-1])
    if after:
        statement = " ".join([statement, *after]).strip()
    return tidy(statement), tidy(intro), [tidy(p) for p in points]


def _carries_on_point(point: str, paragraph: str) -> bool:
    """A paragraph after a bullet point carries it on (the page broke inside it) when it
    starts in lower case or the point stopped mid-sentence; otherwise it is the statement's
    own paragraph that follows the list."""
    return paragraph[:1].islower() or not point.rstrip().endswith(TERMINAL)


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:])", r"\1", text)


# --- The title -----------------------------------------------------------------------------

NOT_A_REPORT = (
    "This does not look like an Area SEND inspection report or monitoring letter: the "
    "title, the inspection dates and the findings could not be found. Upload the report or "
    "letter as published by Ofsted and CQC."
)

_TITLE = re.compile(
    r"Area SEND (?P<what>inspection|monitoring inspection|revisit|re-?visit|inspection report)"
    r"\s+(?:of|to|for)\s+(?:the\s+)?(?P<area>.+?)\s+(?:Local\s+Area\s+(?:SEND\s+)?Partnership|"
    r"local\s+area\s+partnership|Local\s+Area|area\s+partnership)",
    re.IGNORECASE,
)


def find_local_area(lines: list[str]) -> str | None:
    head = " ".join(line for line in lines[:80] if line)
    head = head.replace("|", " ")
    match = _TITLE.search(head)
    if match:
        return tidy(match["area"])
    match = re.search(
        r"Inspection report:\s*(?P<area>.+?)\s+Local Area (?:SEND )?Partnership",
        " ".join(lines),
        re.I,
    )
    return tidy(match["area"]) if match else None
