"""Read the people a document names: a report's inspection team (two columns, Ofsted and
CQC, or one pasted line), a letter's signatories after "Yours sincerely", and its addressees.
"""

from __future__ import annotations

import re
from typing import Literal

from inspections.importer.result import AddresseeRead, TeamMemberRead
from inspections.importer.text import BOILERPLATE, BOILERPLATE_WITHIN, tidy

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
    text = tidy(text).strip(" ,;")
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


_COLUMN_HEADING = re.compile(r"^(?:Ofsted|Care Quality Commission|CQC)\b\s*(?![,’'])", re.I)


def _without_heading(cell: str) -> str:
    """A cell or line that the table's header ("Ofsted", "Care Quality Commission") runs
    into, without it: the header row is not part of the first name."""
    for _ in range(2):
        match = _COLUMN_HEADING.match(cell)
        if match is None or "," not in cell[match.end() :]:
            break
        cell = cell[match.end() :].lstrip(" |")
    return cell


def read_team(lines: list[str]) -> list[TeamMemberRead]:
    columns: list[list[TeamMemberRead]] = [[], []]
    for line in lines:
        if not line:
            continue
        # The back matter, run into the table's last line when nothing spaced them apart.
        line = BOILERPLATE_WITHIN.split(line, maxsplit=1)[0].strip()
        cells = [_without_heading(cell.strip()) for cell in line.split("|")]
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


def read_signatories(lines: list[str]) -> list[TeamMemberRead]:
    """Names, each followed by a role line, after "Yours sincerely"."""
    people: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            continue
        if BOILERPLATE.match(line) or line.startswith("The Office for Standards"):
            break
        is_role = bool(_ROLE_WORDS.search(line)) or (people and line[:1].islower())
        if is_role and people:
            people[-1][1].append(line)
        elif not is_role:
            people.append((line, []))
    return [
        TeamMemberRead(
            name=tidy(name),
            role=tidy(", ".join(roles)),
            inspectorate=_inspectorate(" ".join(roles)),
        )
        for name, roles in people
        if roles
    ]


def read_addressees(lines: list[str]) -> list[AddresseeRead]:
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
        parts = [tidy(part) for part in entry.split(",") if part.strip()]
        if len(parts) < 2:
            continue
        name, *middle, organisation = parts
        people.append(AddresseeRead(name=name, role=", ".join(middle), organisation=organisation))
    return people
