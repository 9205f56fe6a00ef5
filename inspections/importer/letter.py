"""Read a monitoring letter: its date and addressees, the inspection dates and those of the
inspection it follows, each "Area for priority action N" with its "Outcome: … action" and
narrative, and the signatories.
"""

from __future__ import annotations

import re
from typing import Literal

from inspections.importer.dates import DATE_PATTERN, find_date, find_date_range
from inspections.importer.extract import ReportReadError
from inspections.importer.people import read_addressees, read_signatories
from inspections.importer.result import JudgementRead, ParsedReport, PriorityArea, TeamMemberRead
from inspections.importer.text import (
    NOT_A_REPORT,
    find_local_area,
    join_split_paragraphs,
    section_of,
    split_statement,
)

_APA_HEADING = re.compile(
    r"^Area for priority action\s*(?P<number>\d{1,2})\b\s*:?\s*(?P<rest>.*)$", re.I
)

OUTCOME_LINE = re.compile(
    r"^Outcome\s*:?\s*(?P<outcome>(?:In)?effective)\s+action\b\.?\s*(?P<rest>.*)$", re.I
)


def parse_letter(lines: list[str]) -> ParsedReport:
    local_area = find_local_area(lines)
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
        if line and re.fullmatch(rf"{DATE_PATTERN}\.?", line, re.I):
            letter_date, date_index = find_date(line), index
            break
    addressees = (
        read_addressees(lines[date_index + 1 : title_index]) if date_index is not None else []
    )

    body = lines[title_index + 1 :]
    paragraphs = [line for line in body if line]
    findings_at = next(
        (
            i
            for i, line in enumerate(paragraphs)
            if _APA_HEADING.match(line) or section_of(line) == "findings"
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
    outcome: Literal["effective", "ineffective"] | None = None
    narrative: list[str] = []
    signatories: list[TeamMemberRead] = []

    def finish() -> None:
        if current is None:
            return
        number, texts = current
        statement, intro, points = split_statement(join_split_paragraphs(texts))
        priority_areas.append(
            PriorityArea(number, "", statement, focus_points=points, focus_points_intro=intro)
        )
        if outcome:
            judgements.append(
                JudgementRead(number, outcome, "\n\n".join(join_split_paragraphs(narrative)))
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
        verdict = OUTCOME_LINE.match(line)
        if verdict and outcome is None:
            outcome = "effective" if verdict["outcome"].lower() == "effective" else "ineffective"
            if verdict["rest"]:
                narrative.append(verdict["rest"])
            continue
        if section_of(line) == "next" or re.match(r"^Yours (?:sincerely|faithfully)", line, re.I):
            finish()
            current = None
            if re.match(r"^Yours", line, re.I):
                signatories = read_signatories(paragraphs[index + 1 :])
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
            signatories = read_signatories(paragraphs[sign_off + 1 :])
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
