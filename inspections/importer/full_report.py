"""Read a full inspection report: its dates, outcome, the tables of areas for priority
action and areas for improvement (responsible body, statement, bullet points), and its team.
"""

from __future__ import annotations

import re

from inspections.importer.dates import DATE_PATTERN, find_date, find_date_range
from inspections.importer.extract import ReportReadError
from inspections.importer.layout_text import UNREADABLE_COLUMNS
from inspections.importer.people import read_team
from inspections.importer.result import ImprovementArea, ParsedReport, PriorityArea
from inspections.importer.tables import CELL_SEPARATOR
from inspections.importer.text import (
    NOT_A_REPORT,
    TERMINAL,
    belongs_to,
    find_local_area,
    is_header_row,
    join_lines,
    join_split_paragraphs,
    split_sections,
    split_statement,
    table_rows,
    tidy,
)

# --- Findings tables -----------------------------------------------------------------------

_ORG_END = (
    r"(?:Council|ICB|Board|Borough|Forum|Trust|CCG|Authority|Partnership|"
    r"Commissioning Group|NHS England)"
)

_BODY_THEN_STATEMENT = re.compile(rf"^(?P<body>.{{3,400}}?\b{_ORG_END}\b\)?)\s+(?P<rest>[A-Z].*)$")


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
    rows = table_rows(lines, structured) if structured else _unstructured_priority_rows(lines)
    two_columns = any(is_header_row(line) and "responsible" in line.lower() for line in lines)
    for head, paragraphs in rows:
        body = tidy(" ".join(head))
        if not body and paragraphs:
            # No cell separator: the responsible body runs straight into the statement.
            match = _BODY_THEN_STATEMENT.match(paragraphs[0])
            if match:
                body, paragraphs = tidy(match["body"]), [match["rest"], *paragraphs[1:]]
            elif two_columns and not structured:
                # The columns are woven together: guessing would put words of the body in
                # the statement, or the other way round.
                raise ReportReadError(UNREADABLE_COLUMNS)
        number, first = _number_prefix(paragraphs[0])
        statement, intro, points = split_statement([first, *paragraphs[1:]])
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
        if not line or is_header_row(line):
            continue
        starts_row = bool(_BODY_THEN_STATEMENT.match(line)) and (
            not rows or rows[-1][1][-1].endswith(TERMINAL)
        )
        if starts_row or not rows:
            rows.append(([], [line]))
        elif line.startswith("• ") or rows[-1][1][-1].endswith(":"):
            rows[-1][1].append(line)
        else:
            rows[-1][1][-1] = join_lines(rows[-1][1][-1], line)
    return rows


def _improvement_areas(lines: list[str], structured: bool) -> list[ImprovementArea]:
    two_columns = any(
        is_header_row(line) and "responsible" in line.lower() for line in lines if line
    )
    if structured:
        rows = table_rows(lines, structured)
    else:
        rows = []
        for paragraph in lines:
            if not paragraph or is_header_row(paragraph):
                continue
            if rows and belongs_to(rows[-1][1], paragraph):
                rows[-1][1].append(paragraph)
            else:
                rows.append(([], [paragraph]))
    areas: list[ImprovementArea] = []
    for head, paragraphs in rows:
        if all(p.startswith("• ") for p in paragraphs):
            # Areas listed as bullet points rather than table rows: one area each, but
            # an area that introduces bullet points ("…to:") has the points that follow
            # it (in lower case, as the list's own points are written).
            first_of_row = len(areas)
            for paragraph in paragraphs:
                text = tidy(paragraph[2:])
                current = areas[-1] if len(areas) > first_of_row else None
                if (
                    current is not None
                    and text[:1].islower()
                    and (current.focus_points or current.statement.endswith(":"))
                ):
                    current.focus_points.append(text)
                    continue
                areas.append(
                    ImprovementArea(
                        number=len(areas) + 1,
                        responsible_body=tidy(" ".join(head)) or None,
                        statement=text,
                    )
                )
            for area in areas[first_of_row:]:
                if area.focus_points:
                    statement, intro, _ = split_statement([area.statement, "• x"])
                    area.statement, area.focus_points_intro = statement, intro
            continue
        body = tidy(" ".join(head)) or None
        if body is None and two_columns and paragraphs:
            match = _BODY_THEN_STATEMENT.match(paragraphs[0])
            if match:
                body, paragraphs = tidy(match["body"]), [match["rest"], *paragraphs[1:]]
        number, first = _number_prefix(paragraphs[0])
        statement, intro, points = split_statement([first, *paragraphs[1:]])
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


# --- The whole report ----------------------------------------------------------------------

_PUBLISHED = re.compile(
    r"\b(?:Date of publication|Publication date|Date published|Published(?: on)?)\s*:?\s*"
    rf"(?P<value>{DATE_PATTERN})",
    re.I,
)


def parse_full_report(lines: list[str], structured: bool) -> ParsedReport:
    local_area = find_local_area(lines)
    flat = re.sub(r"\s+", " ", " ".join(line.replace("|", " ") for line in lines))
    dates = previous = published = None
    if match := re.search(r"Inspection dates?\s*:\s*", flat, re.I):
        dates = find_date_range(flat[match.end() : match.end() + 100])
    if match := re.search(r"Dates? of (?:the )?previous (?:full )?inspection\s*:?\s*", flat, re.I):
        previous = find_date_range(flat[match.end() : match.end() + 200])
    if match := _PUBLISHED.search(flat):
        published = find_date(match["value"][:40])
    sections = split_sections(lines)
    if (
        not local_area
        or dates is None
        or not ("outcome" in sections or "priority" in sections or "improvement" in sections)
    ):
        raise ReportReadError(NOT_A_REPORT)
    priority, improvement = sections.get("priority", []), sections.get("improvement", [])
    outcome_paragraphs = [
        line.lstrip("| ").strip() for line in sections.get("outcome", []) if line.strip("| ")
    ]
    outcome_text = "\n\n".join(join_split_paragraphs(outcome_paragraphs))
    return ParsedReport(
        kind="full",
        local_area=local_area,
        start_date=dates[0],
        end_date=dates[1],
        published_date=published,
        previous_inspection=previous[2] if previous else None,
        outcome=_outcome_code(outcome_text),
        outcome_text=outcome_text,
        priority_areas=_priority_areas(priority, structured and _has_cells(priority)),
        improvement_areas=_improvement_areas(improvement, structured and _has_cells(improvement)),
        team=read_team(sections.get("team", [])),
    )


def _has_cells(lines: list[str]) -> bool:
    """Whether a section's rows were read as table cells (the text of a PDF, or a table
    laid out in columns); a section of plain paragraphs is read as paragraphs."""
    return any(CELL_SEPARATOR in line for line in lines)


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
