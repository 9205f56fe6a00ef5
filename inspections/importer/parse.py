"""Read the structure of an Area SEND inspection report or monitoring letter from its text.

Works on the text `extract.text_from_pdf` makes (a paragraph per line, blocks separated by
blank lines, table cells joined with " | ") and on pasted text, including text copied from
a PDF viewer with its lines wrapped and running headers in between.

Everything is found by the structure the inspectorates use in every report and letter:
the title ("Area SEND inspection of … Local Area Partnership"), the labelled dates, the
section headings ("Inspection outcome", "Areas for priority action", "Areas for
improvement", "Inspection team"), the table header "Responsible body", the letter's
"Area for priority action N" headings, "Outcome: … action" lines and "Yours sincerely".
Nothing here knows about a particular report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from inspections.importer.extract import CELL_SEPARATOR, ReportReadError

NOT_A_REPORT = (
    "This does not look like an Area SEND inspection report or monitoring letter: the "
    "title, the inspection dates and the findings could not be found. Upload the report or "
    "letter as published by Ofsted and CQC."
)

Kind = Literal["full", "monitoring"]
OUTCOME_CODES = ("positive", "inconsistent", "systemic")
JUDGEMENT_CODES = ("effective", "ineffective")


# --- The result ----------------------------------------------------------------------------


@dataclass
class PriorityArea:
    number: int
    responsible_body: str
    statement: str
    focus_points: list[str] = field(default_factory=list)
    focus_points_intro: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "responsible_body": self.responsible_body,
            "statement": self.statement,
            "focus_points": list(self.focus_points),
        }


@dataclass
class ImprovementArea:
    number: int
    responsible_body: str | None
    statement: str
    focus_points: list[str] = field(default_factory=list)
    focus_points_intro: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "responsible_body": self.responsible_body,
            "statement": self.statement,
        }


@dataclass
class JudgementRead:
    area_number: int
    outcome: Literal["effective", "ineffective"]
    narrative: str

    def to_json(self) -> dict[str, Any]:
        return {
            "area_number": self.area_number,
            "outcome": self.outcome,
            "narrative": self.narrative,
        }


@dataclass
class TeamMemberRead:
    name: str
    role: str
    inspectorate: Literal["ofsted", "cqc"]


@dataclass
class AddresseeRead:
    name: str
    role: str
    organisation: str


@dataclass
class ParsedReport:
    """What was read from one report or letter. `to_json()` is the documented JSON object."""

    kind: Kind
    local_area: str
    start_date: dt.date
    end_date: dt.date
    published_date: dt.date | None = None
    previous_inspection: str | None = None
    outcome: str | None = None
    outcome_text: str = ""
    priority_areas: list[PriorityArea] = field(default_factory=list)
    improvement_areas: list[ImprovementArea] = field(default_factory=list)
    judgements: list[JudgementRead] = field(default_factory=list)
    team: list[TeamMemberRead] = field(default_factory=list)
    addressees: list[AddresseeRead] = field(default_factory=list)

    @property
    def previous_dates(self) -> tuple[dt.date, dt.date] | None:
        """The previous (for a letter: the original) inspection's dates, when printed."""
        return parse_date_range(self.previous_inspection or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "local_area": self.local_area,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "previous_inspection": self.previous_inspection,
            "outcome": self.outcome,
            "priority_areas": [area.to_json() for area in self.priority_areas],
            "improvement_areas": [area.to_json() for area in self.improvement_areas],
            "judgements": [judgement.to_json() for judgement in self.judgements],
        }


# --- Dates ---------------------------------------------------------------------------------

_MONTHS = {
    name: index
    for index, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DATE = rf"{_WEEKDAY}{_DAY}\s+{_MONTH}\s+\d{{4}}"
_RANGE = re.compile(
    rf"(?:between\s+)?{_WEEKDAY}(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"\s*(?:to|until|and|-|–|—)\s*"
    rf"{_WEEKDAY}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"{_WEEKDAY}(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})", re.I)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), _MONTHS[month.lower()], _day(day))
    except (ValueError, KeyError):
        return None


def find_date_range(text: str) -> tuple[dt.date, dt.date, str] | None:
    """The first date or date range in `text`: (start, end, the words as printed)."""
    text = re.sub(r"\s+", " ", text)
    candidates = []
    match = _RANGE.search(text)
    if match:
        m1 = match["m1"] or match["m2"]
        y1 = match["y1"] or match["y2"]
        start = _make_date(match["d1"], m1, y1)
        end = _make_date(match["d2"], match["m2"], match["y2"])
        if start and end and not match["y1"] and start > end:
            start = _make_date(match["d1"], m1, str(int(y1) - 1))  # "30 December to 3 January"
        if start and end and start <= end:
            printed = re.sub(r"^between\s+", "", match.group(), flags=re.I).strip()
            candidates.append((match.start(), start, end, printed))
    single = _SINGLE.search(text)
    if single:
        day = _make_date(single["d"], single["m"], single["y"])
        if day:
            candidates.append((single.start(), day, day, single.group().strip()))
    if not candidates:
        return None
    _, start, end, printed = min(candidates, key=lambda c: (c[0], c[1] == c[2]))
    return start, end, printed


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    found = find_date_range(text)
    return (found[0], found[1]) if found else None


def find_date(text: str) -> dt.date | None:
    match = _SINGLE.search(re.sub(r"\s+", " ", text))
    return _make_date(match["d"], match["m"], match["y"]) if match else None


# --- Tidying the text ----------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•▪◦●■□◼◻➢►‣⁃\-–*\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|o(?=\s))\s*")
_TERMINAL = (".", "!", "?", ":", ";", "”", "’", '"', ")")


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


def _drop_running_lines(lines: list[str]) -> list[str]:
    """Running headers, footers and page numbers left in pasted text.

    A footer repeats on every page with the page number changing ("13 to 17 November 2023
    7"); the lines next to it that repeat as often ("Inspection report: Suffolk Local Area
    Partnership") belong to it. Other repeated lines (a responsible body named in every row
    of a table) are text, and stay.
    """
    counts = Counter(_signature(line) for line in lines if line and len(line) < 120)
    numbered = {
        sig for sig, n in counts.items() if n >= 3 and "#" in sig and not _is_heading_text(sig)
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
    """A bullet character alone on its line belongs to the text on the next line."""
    result: list[str] = []
    pending = False
    for line in lines:
        if _BULLET.fullmatch(line) or line in {"•", "▪", "◼", "●", "◦", "■"}:
            pending = True
            continue
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
    sentence while falling well short of the width of the text.
    """
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 80
    result: list[str] = []
    open_paragraph = False
    for line in lines:
        if not line:
            result.append("")
            open_paragraph = False
            continue
        if open_paragraph and not line.startswith("• ") and not _is_heading_text(line):
            result[-1] = _join(result[-1], line)
        else:
            result.append(line)
        last = result[-1]
        short = len(line) < 0.8 * full
        open_paragraph = not (_is_heading_text(line) or (short and last.endswith(_TERMINAL)))
    return result


def _join(before: str, after: str) -> str:
    if re.search(r"[A-Za-z]-$", before):
        return before + after
    return f"{before} {after}"


def _join_split_paragraphs(paragraphs: list[str]) -> list[str]:
    """A paragraph cut by a page break (no full stop, the next starts in lower case)."""
    result: list[str] = []
    for paragraph in paragraphs:
        if (
            result
            and not result[-1].endswith(_TERMINAL)
            and paragraph[:1].islower()
            and not paragraph.startswith("• ")
        ):
            result[-1] = _join(result[-1], paragraph)
        else:
            result.append(paragraph)
    return result


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
_BOILERPLATE = re.compile(
    r"^(?:If you are not happy with the inspection|The Office for Standards in Education|"
    r"If you would like a copy of this document|©|Yours sincerely|Yours faithfully)",
    re.IGNORECASE,
)


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


def _section_of(line: str) -> str | None:
    return _HEADINGS.get(_heading_key(line))


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines under each known heading, up to the next known heading or the back matter.

    A heading that repeats straight away (the section heading, then the same words as a
    table's header row) stays in the same section.
    """
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        key = _section_of(line)
        if key is not None and key != current:
            current = key
            sections.setdefault(key, [])
            continue
        if key is not None:
            continue
        if _BOILERPLATE.match(line):
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


# --- Findings tables -----------------------------------------------------------------------

_ORG_END = (
    r"(?:Council|ICB|Board|Borough|Forum|Trust|CCG|Authority|Partnership|"
    r"Commissioning Group|NHS England)"
)
_BODY_THEN_STATEMENT = re.compile(rf"^(?P<body>.{{3,400}}?\b{_ORG_END}\b\)?)\s+(?P<rest>[A-Z].*)$")


def _is_header_row(line: str) -> bool:
    if _TABLE_HEADER.fullmatch(_heading_key(line)):
        return True
    cells = [_heading_key(cell) for cell in line.split("|")]
    words = {"responsible body", "responsible bodies", "areas for priority action"}
    words |= {"areas for improvement", "area for priority action", "area for improvement"}
    return all(cell in words or not cell for cell in cells) and any(cells)


def _rows(lines: list[str], structured: bool) -> list[tuple[list[str], list[str]]]:
    """Table rows as (leading cells, last cell's paragraphs), page-break pieces put together.

    A row whose first cells are empty, or that starts with a bullet point or in lower case,
    continues the row before it (the table ran over a page).
    """
    rows: list[tuple[list[str], list[str]]] = []
    for block in _blocks(lines):
        block = [line for line in block if not _is_header_row(line)]
        if not block:
            continue
        first = block[0]
        cells = [cell.strip() for cell in first.split(CELL_SEPARATOR.strip())]
        *head, last = cells if structured else ["", first]
        paragraphs = [p for p in [last, *block[1:]] if p]
        continues = rows and (
            (head and not any(head))
            or (not any(head) and paragraphs and _belongs_to(rows[-1][1], paragraphs[0]))
        )
        if continues:
            previous = rows[-1][1]
            for paragraph in paragraphs:
                if (
                    previous
                    and not paragraph.startswith("• ")
                    and not previous[-1].endswith(_TERMINAL)
                ):
                    previous[-1] = _join(previous[-1], paragraph)
                else:
                    previous.append(paragraph)
            continue
        if not paragraphs:
            continue
        rows.append(([h for h in head if h], paragraphs))
    return rows


def _belongs_to(previous: list[str], paragraph: str) -> bool:
    """Whether `paragraph` carries on the finding whose paragraphs are `previous`.

    Text in lower case carries on a sentence. A bullet point belongs to a finding that
    introduces bullet points ("…so that:"); otherwise it is a finding of its own (some
    reports list areas for improvement as bullet points).
    """
    if paragraph[:1].islower():
        return True
    if paragraph.startswith("• "):
        return any(p.rstrip().endswith(":") for p in previous if not p.startswith("• "))
    return bool(previous) and previous[-1].rstrip().endswith(":")


def _split_statement(paragraphs: list[str]) -> tuple[str, str, list[str]]:
    """(statement, intro to the bullet points, bullet points) of one finding."""
    before: list[str] = []
    points: list[str] = []
    for paragraph in paragraphs:
        if paragraph.startswith("• "):
            points.append(paragraph[2:].strip())
        elif points:
            points[-1] = _join(points[-1], paragraph)  # a bullet point carried on
        else:
            before.append(paragraph)
    statement = " ".join(before).strip()
    intro = ""
    if points and statement.endswith(":"):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", statement)
        if len(sentences) > 1:
            intro = sentences[-1]
            statement = " ".join(sentences[:-1])
    return _tidy(statement), _tidy(intro), [_tidy(p) for p in points]


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:])", r"\1", text)


def _number_prefix(text: str) -> tuple[int | None, str]:
    match = re.match(
        r"^(?:(?:area for (?:priority action|improvement)|APA|AFI)\s*)?(\d{1,2})[.):]\s+",
        text,
        re.I,
    )
    if match:
        return int(match[1]), text[match.end() :]
    return None, text


def _priority_areas(lines: list[str], structured: bool) -> list[PriorityArea]:
    areas: list[PriorityArea] = []
    rows = _rows(lines, structured) if structured else _unstructured_priority_rows(lines)
    for head, paragraphs in rows:
        body = _tidy(" ".join(head))
        if not body and paragraphs:
            # No cell separator: the responsible body runs straight into the statement.
            match = _BODY_THEN_STATEMENT.match(paragraphs[0])
            if match:
                body, paragraphs = _tidy(match["body"]), [match["rest"], *paragraphs[1:]]
        number, first = _number_prefix(paragraphs[0])
        statement, intro, points = _split_statement([first, *paragraphs[1:]])
        if not statement and not points:
            continue
        areas.append(
            PriorityArea(
                number=number or len(areas) + 1,
                responsible_body=body,
                statement=statement,
                focus_points=points,
                focus_points_intro=intro,
            )
        )
    return areas


def _unstructured_priority_rows(lines: list[str]) -> list[tuple[list[str], list[str]]]:
    """Rows of a table pasted as plain text: each starts with a responsible body."""
    rows: list[tuple[list[str], list[str]]] = []
    for line in lines:
        if not line or _is_header_row(line):
            continue
        starts_row = bool(_BODY_THEN_STATEMENT.match(line)) and (
            not rows or rows[-1][1][-1].endswith(_TERMINAL)
        )
        if starts_row or not rows:
            rows.append(([], [line]))
        elif line.startswith("• ") or rows[-1][1][-1].endswith(":"):
            rows[-1][1].append(line)
        else:
            rows[-1][1][-1] = _join(rows[-1][1][-1], line)
    return rows


def _improvement_areas(lines: list[str], structured: bool) -> list[ImprovementArea]:
    two_columns = any(
        _is_header_row(line) and "responsible" in line.lower() for line in lines if line
    )
    if structured:
        rows = _rows(lines, structured)
    else:
        rows = []
        for paragraph in lines:
            if not paragraph or _is_header_row(paragraph):
                continue
            if rows and _belongs_to(rows[-1][1], paragraph):
                rows[-1][1].append(paragraph)
            else:
                rows.append(([], [paragraph]))
    areas: list[ImprovementArea] = []
    for head, paragraphs in rows:
        if all(p.startswith("• ") for p in paragraphs):
            # Areas listed as bullet points rather than table rows: one area each.
            for paragraph in paragraphs:
                areas.append(
                    ImprovementArea(
                        number=len(areas) + 1,
                        responsible_body=_tidy(" ".join(head)) or None,
                        statement=_tidy(paragraph[2:]),
                    )
                )
            continue
        body = _tidy(" ".join(head)) or None
        if body is None and two_columns and paragraphs:
            match = _BODY_THEN_STATEMENT.match(paragraphs[0])
            if match:
                body, paragraphs = _tidy(match["body"]), [match["rest"], *paragraphs[1:]]
        number, first = _number_prefix(paragraphs[0])
        statement, intro, points = _split_statement([first, *paragraphs[1:]])
        if not statement and not points:
            continue
        areas.append(
            ImprovementArea(
                number=number or len(areas) + 1,
                responsible_body=body,
                statement=statement,
                focus_points=points,
                focus_points_intro=intro,
            )
        )
    return areas


# --- Inspection team and signatories -------------------------------------------------------

_ROLE_WORDS = re.compile(
    r"\b(?:inspector|HMI|Ofsted|CQC|Care Quality Commission|His Majesty|Her Majesty)\b", re.I
)


def _inspectorate(role: str, column: int | None = None) -> Literal["ofsted", "cqc"]:
    if re.search(r"\bCQC\b|Care Quality Commission", role, re.I):
        return "cqc"
    if re.search(r"\bOfsted\b|\bHMI\b|Majesty", role, re.I):
        return "ofsted"
    return "cqc" if column == 1 else "ofsted"


def _person(text: str, column: int | None) -> TeamMemberRead | None:
    text = _tidy(text).strip(" ,;")
    if "," not in text:
        return None
    name, role = (part.strip() for part in text.split(",", 1))
    if not name or not role or len(name) > 80:
        return None
    return TeamMemberRead(name=name, role=role, inspectorate=_inspectorate(role, column))


def _split_people(line: str) -> list[str]:
    """'A, Ofsted HMI B, CQC inspector' pasted without columns: a name follows a role."""
    segments = line.split(",")
    people: list[str] = [segments[0]]
    for segment in segments[1:]:
        ends = list(re.finditer(r"\b(?:[Ii]nspector|HMI|CQC|Ofsted)\b", segment))
        after = segment[ends[-1].end() :].strip() if ends else ""
        if after and re.fullmatch(r"(?:[A-Z][\w'’.-]*\s*)+", after):
            people[-1] += "," + segment[: ends[-1].end()]
            people.append(after)
        else:
            people[-1] += "," + segment
    return people


def _team(lines: list[str]) -> list[TeamMemberRead]:
    columns: list[list[TeamMemberRead]] = [[], []]
    for line in lines:
        if not line:
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if all(
            re.fullmatch(
                r"(?:Ofsted|Care Quality Commission|CQC|Ofsted Care Quality Commission)?", c, re.I
            )
            for c in cells
        ):
            continue  # the header row
        if len(cells) == 1:
            cells = _split_people(cells[0])
            for cell in cells:
                person = _person(cell, None)
                if person:
                    columns[0 if person.inspectorate == "ofsted" else 1].append(person)
            continue
        for index, cell in enumerate(cells[:2]):
            person = _person(cell, index) if cell else None
            if person:
                columns[0 if person.inspectorate == "ofsted" else 1].append(person)
    return columns[0] + columns[1]


def _signatories(lines: list[str]) -> list[TeamMemberRead]:
    """Names, each followed by a role line, after "Yours sincerely"."""
    people: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            continue
        if _BOILERPLATE.match(line) or line.startswith("The Office for Standards"):
            break
        is_role = bool(_ROLE_WORDS.search(line)) or (people and line[:1].islower())
        if is_role and people:
            people[-1][1].append(line)
        elif not is_role:
            people.append((line, []))
    return [
        TeamMemberRead(
            name=_tidy(name),
            role=_tidy(", ".join(roles)),
            inspectorate=_inspectorate(" ".join(roles)),
        )
        for name, roles in people
        if roles
    ]


def _addressees(lines: list[str]) -> list[AddresseeRead]:
    """'Name, role, organisation' entries, each possibly wrapped over several lines."""
    entries: list[str] = []
    for line in lines:
        if not line:
            continue
        if entries and (entries[-1].endswith(",") or "," not in line):
            entries[-1] = f"{entries[-1]} {line}"
        else:
            entries.append(line)
    people = []
    for entry in entries:
        parts = [_tidy(part) for part in entry.split(",") if part.strip()]
        if len(parts) < 2:
            continue
        name, *middle, organisation = parts
        people.append(AddresseeRead(name=name, role=", ".join(middle), organisation=organisation))
    return people


# --- The whole document --------------------------------------------------------------------

_TITLE = re.compile(
    r"Area SEND (?P<what>inspection|monitoring inspection|revisit|re-?visit|inspection report)"
    r"\s+(?:of|to|for)\s+(?:the\s+)?(?P<area>.+?)\s+(?:Local\s+Area\s+(?:SEND\s+)?Partnership|"
    r"local\s+area\s+partnership|Local\s+Area|area\s+partnership)",
    re.IGNORECASE,
)
_INSPECTION_DATES = re.compile(r"^Inspection dates?\s*:?\s*\|?\s*(?P<value>.+)$", re.I)
_PREVIOUS_DATES = re.compile(
    r"^Dates? of (?:the )?previous inspection\s*:?\s*\|?\s*(?P<value>.*)$", re.I
)
_PUBLISHED = re.compile(
    r"\b(?:Date of publication|Publication date|Date published|Published(?: on)?)\s*:?\s*"
    rf"(?P<value>{_DATE})",
    re.I,
)
_APA_HEADING = re.compile(
    r"^Area for priority action\s*(?P<number>\d{1,2})\b\s*:?\s*(?P<rest>.*)$", re.I
)
_OUTCOME_LINE = re.compile(
    r"^Outcome\s*:?\s*(?P<outcome>(?:In)?effective)\s+action\b\.?\s*(?P<rest>.*)$", re.I
)


def _prepare(text: str) -> tuple[list[str], bool]:
    """Clean lines; whether the text keeps a paragraph per line (from our extractor)."""
    lines = [
        _clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    lines = _drop_running_lines(_attach_lone_bullets(lines))
    wrapped = _is_wrapped(lines)
    if wrapped:
        lines = _unwrap(lines)
    structured = any(CELL_SEPARATOR in line for line in lines)
    return lines, structured


def _local_area(lines: list[str]) -> str | None:
    head = " ".join(line for line in lines[:80] if line)
    head = head.replace("|", " ")
    match = _TITLE.search(head)
    if match:
        return _tidy(match["area"])
    match = re.search(
        r"Inspection report:\s*(?P<area>.+?)\s+Local Area (?:SEND )?Partnership",
        " ".join(lines),
        re.I,
    )
    return _tidy(match["area"]) if match else None


def parse_report(text: str) -> ParsedReport:
    """Read a full inspection report or a monitoring letter, or raise ReportReadError."""
    lines, structured = _prepare(text)
    joined = "\n".join(lines)
    is_letter = bool(
        re.search(
            r"Area SEND monitoring inspection|monitoring inspection (?:to|of)\b", joined, re.I
        )
        or any(_OUTCOME_LINE.match(line) for line in lines)
    )
    if is_letter and not any(_INSPECTION_DATES.match(line) for line in lines):
        return _parse_letter(lines)
    return _parse_full(lines, structured)


def _parse_full(lines: list[str], structured: bool) -> ParsedReport:
    local_area = _local_area(lines)
    flat = re.sub(r"\s+", " ", " ".join(line.replace("|", " ") for line in lines))
    dates = previous = published = None
    if match := re.search(r"Inspection dates?\s*:\s*", flat, re.I):
        dates = find_date_range(flat[match.end() : match.end() + 100])
    if match := re.search(r"Dates? of (?:the )?previous (?:full )?inspection\s*:?\s*", flat, re.I):
        previous = find_date_range(flat[match.end() : match.end() + 200])
    if match := _PUBLISHED.search(flat):
        published = find_date(match["value"][:40])
    sections = _sections(lines)
    if (
        not local_area
        or dates is None
        or not ("outcome" in sections or "priority" in sections or "improvement" in sections)
    ):
        raise ReportReadError(NOT_A_REPORT)
    outcome_paragraphs = [
        line.lstrip("| ").strip() for line in sections.get("outcome", []) if line.strip("| ")
    ]
    outcome_text = "\n\n".join(_join_split_paragraphs(outcome_paragraphs))
    return ParsedReport(
        kind="full",
        local_area=local_area,
        start_date=dates[0],
        end_date=dates[1],
        published_date=published,
        previous_inspection=previous[2] if previous else None,
        outcome=_outcome_code(outcome_text),
        outcome_text=outcome_text,
        priority_areas=_priority_areas(sections.get("priority", []), structured),
        improvement_areas=_improvement_areas(sections.get("improvement", []), structured),
        team=_team(sections.get("team", [])),
    )


def _outcome_code(text: str) -> str | None:
    """The framework's three outcomes, from the words every outcome paragraph uses."""
    lowered = re.sub(r"\s+", " ", text.lower())
    if "systemic failings" in lowered or "widespread and/or systemic" in lowered:
        return "systemic"
    if "inconsistent experiences" in lowered:
        return "inconsistent"
    if "positive experiences" in lowered:
        return "positive"
    return None


def _parse_letter(lines: list[str]) -> ParsedReport:
    local_area = _local_area(lines)
    title_index = next(
        (
            i
            for i, line in enumerate(lines)
            if re.search(r"Area SEND monitoring inspection", line, re.I)
        ),
        None,
    )
    if not local_area or title_index is None:
        raise ReportReadError(NOT_A_REPORT)

    # The letter's date, and the addressees between it and the title.
    letter_date = None
    date_index = None
    for index in range(title_index - 1, -1, -1):
        line = lines[index]
        if line and re.fullmatch(rf"{_DATE}\.?", line, re.I):
            letter_date, date_index = find_date(line), index
            break
    addressees = _addressees(lines[date_index + 1 : title_index]) if date_index is not None else []

    body = lines[title_index + 1 :]
    paragraphs = [line for line in body if line]
    findings_at = next(
        (
            i
            for i, line in enumerate(paragraphs)
            if _APA_HEADING.match(line) or _section_of(line) == "findings"
        ),
        len(paragraphs),
    )
    opening = " ".join(paragraphs[:findings_at])
    dates = find_date_range(opening)
    if dates is None:
        raise ReportReadError(NOT_A_REPORT)
    rest_of_opening = (
        opening[opening.find(dates[2]) + len(dates[2]) :] if dates[2] in opening else ""
    )
    original = find_date_range(rest_of_opening)

    priority_areas: list[PriorityArea] = []
    judgements: list[JudgementRead] = []
    current: tuple[int, list[str]] | None = None
    outcome: str | None = None
    narrative: list[str] = []
    signatories: list[TeamMemberRead] = []

    def finish() -> None:
        if current is None:
            return
        number, texts = current
        statement, intro, points = _split_statement(_join_split_paragraphs(texts))
        priority_areas.append(
            PriorityArea(number, "", statement, focus_points=points, focus_points_intro=intro)
        )
        if outcome:
            judgements.append(
                JudgementRead(number, outcome, "\n\n".join(_join_split_paragraphs(narrative)))  # type: ignore[arg-type]
            )

    for index, line in enumerate(paragraphs[findings_at:], start=findings_at):
        heading = _APA_HEADING.match(line)
        if heading:
            finish()
            current = (int(heading["number"]), [heading["rest"]] if heading["rest"] else [])
            outcome, narrative = None, []
            continue
        if current is None:
            continue
        verdict = _OUTCOME_LINE.match(line)
        if verdict and outcome is None:
            outcome = verdict["outcome"].lower()
            if verdict["rest"]:
                narrative.append(verdict["rest"])
            continue
        if _section_of(line) == "next" or re.match(r"^Yours (?:sincerely|faithfully)", line, re.I):
            finish()
            current = None
            if re.match(r"^Yours", line, re.I):
                signatories = _signatories(paragraphs[index + 1 :])
            continue
        if outcome is None:
            current[1].append(line)
        else:
            narrative.append(line)
    finish()
    if not signatories:
        sign_off = next(
            (
                i
                for i, line in enumerate(paragraphs)
                if re.match(r"^Yours (?:sincerely|faithfully)", line, re.I)
            ),
            None,
        )
        if sign_off is not None:
            signatories = _signatories(paragraphs[sign_off + 1 :])
    if not judgements:
        raise ReportReadError(NOT_A_REPORT)
    if letter_date and letter_date < dates[1]:
        letter_date = None
    return ParsedReport(
        kind="monitoring",
        local_area=local_area,
        start_date=dates[0],
        end_date=dates[1],
        published_date=letter_date,
        previous_inspection=original[2] if original else None,
        outcome=None,
        priority_areas=priority_areas,
        judgements=judgements,
        team=signatories,
        addressees=addressees,
    )
