"""The text each part of the check page was read from, to show beside it.

Splits the text read from a report or letter at the headings the parser uses, so the
officer compares each section's fields with the words they came from, not with the whole
report at once.
"""

from __future__ import annotations

import re

from inspections.importer.text import section_of

_LETTER_AREA = re.compile(r"^Area for priority action\s*\d{1,2}\b", re.I)

MAX_SECTION_CHARS = 40_000

_SHOWN = {"outcome", "priority", "improvement", "team", "findings"}

_BACK_MATTER = re.compile(r"^\s*(?:Yours (?:sincerely|faithfully)|If you are not happy)", re.I)


def source_sections(text: str) -> dict[str, str]:
    """{section: its text} for "outcome", "priority", "improvement", "team" (a report) and
    "findings" (a letter's areas and outcomes, up to "Yours sincerely")."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        bare = re.sub(r"\*\*|__|^\s*#{1,6}\s+", "", line).strip()  # pasted Markdown
        key = section_of(bare)
        if key is None and _LETTER_AREA.match(bare):
            if current != "findings":
                current = "findings"
                sections.setdefault(current, [])
            sections[current].append(line)
            continue
        if key is not None:
            if key != current:
                current = key if key in _SHOWN else None
                if current is not None:
                    sections.setdefault(current, [])
            continue
        if _BACK_MATTER.match(bare):
            current = None
        if current is not None:
            sections[current].append(line)
    return {key: "\n".join(lines).strip()[:MAX_SECTION_CHARS] for key, lines in sections.items()}
