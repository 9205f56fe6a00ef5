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

This module tells a report from a letter; `text` tidies the lines and finds the sections,
`dates`, `full_report`, `letter` and `people` read the parts, into the classes in `result`.
"""

from __future__ import annotations

import re

from inspections.importer.full_report import parse_full_report
from inspections.importer.letter import OUTCOME_LINE, parse_letter
from inspections.importer.result import ParsedReport
from inspections.importer.text import prepare_lines

_INSPECTION_DATES = re.compile(r"^Inspection dates?\s*:?\s*\|?\s*(?P<value>.+)$", re.I)

_PREVIOUS_DATES = re.compile(
    r"^Dates? of (?:the )?previous inspection\s*:?\s*\|?\s*(?P<value>.*)$", re.I
)


def parse_report(text: str) -> ParsedReport:
    """Read a full inspection report or a monitoring letter, or raise ReportReadError."""
    lines, structured = prepare_lines(text)
    joined = "\n".join(lines)
    is_letter = bool(
        re.search(
            r"Area SEND monitoring inspection|monitoring inspection (?:to|of)\b", joined, re.I
        )
        or any(OUTCOME_LINE.match(line) for line in lines)
    )
    if is_letter and not any(_INSPECTION_DATES.match(line) for line in lines):
        return parse_letter(lines)
    return parse_full_report(lines, structured)
