"""Abbreviations and terms the pages use, in plain English.

`GLOSSARY` feeds the glossary page; `abbr` and `expand` (Jinja globals) write an
abbreviation the GOV.UK way: in words with the abbreviation after it at its first use on a
page (`expand`), as an `<abbr>` with its expansion in the title after that (`abbr`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Term:
    short: str
    words: str
    meaning: str


GLOSSARY: tuple[Term, ...] = (
    Term(
        "AFI",
        "area for improvement",
        "Something inspectors found the partnership should improve. The next inspection "
        "looks at whether it has.",
    ),
    Term(
        "AOW",
        "area of weakness",
        "A weakness named in a report under the 2016 framework, answered by a written "
        "statement of action.",
    ),
    Term(
        "APA",
        "area for priority action",
        "The most serious kind of finding: something that must improve quickly. The "
        "partnership publishes a priority action plan for it, and inspectors return to "
        "check (a monitoring inspection).",
    ),
    Term("CQC", "Care Quality Commission", "The health and social care regulator in England."),
    Term(
        "DfE",
        "Department for Education",
        "The government department that can set requirements, such as an improvement "
        "notice, when a partnership's SEND arrangements are failing.",
    ),
    Term(
        "EHC plan",
        "education, health and care plan",
        "A legal document describing a child or young person's special educational needs "
        "and the support they must get.",
    ),
    Term(
        "ICB",
        "integrated care board",
        "The NHS body that plans and pays for health services in an area. It is one of the "
        "partners in a local area partnership.",
    ),
    Term(
        "LAP",
        "local area partnership",
        "The council, the integrated care board and the other bodies responsible together "
        "for SEND services in an area.",
    ),
    Term("NHS", "National Health Service", "The publicly funded health service."),
    Term(
        "Ofsted",
        "Office for Standards in Education, Children's Services and Skills",
        "The inspectorate that leads area SEND inspections, jointly with the CQC.",
    ),
    Term(
        "PCF",
        "parent carer forum",
        "An independent group of parents and carers of disabled children who work with the "
        "partnership.",
    ),
    Term(
        "RAG",
        "red, amber, green",
        "A rating of how an action is going: red means off track, amber at risk, green on "
        "track; complete actions show as complete (blue). SEND Tracker always shows the "
        "word as well as the colour.",
    ),
    Term(
        "SEND",
        "special educational needs and disabilities",
        "Needs that call for special educational provision, and disabilities, of children "
        "and young people aged 0 to 25.",
    ),
)
BY_SHORT = {term.short: term for term in GLOSSARY}


def abbr(short: str, title: str = "") -> SafeString:
    """`<abbr title="red, amber, green">RAG</abbr>`: the expansion from the glossary, or
    `title` for a name the glossary does not hold (an organisation's short name)."""
    term = BY_SHORT.get(short)
    words = title or (term.words if term else "")
    if not words or words == short:
        return format_html("{}", short)
    return format_html('<abbr title="{}">{}</abbr>', words, short)


def expand(short: str, title: str = "") -> SafeString:
    """First use on a page: 'red, amber, green (<abbr>RAG</abbr>)'."""
    term = BY_SHORT.get(short)
    words = title or (term.words if term else "")
    if not words or words == short:
        return format_html("{}", short)
    return format_html('{} (<abbr title="{}">{}</abbr>)', words, words, short)


def words(short: str) -> str:
    """The glossary's words for an abbreviation ('' if it has none)."""
    term = BY_SHORT.get(short)
    return term.words if term else ""


def finding_code(code: str) -> SafeString:
    """'APA 1' with its abbreviation marked up: '<abbr title="area for…">APA</abbr> 1'."""
    short, _, number = code.partition(" ")
    return format_html("{} {}", abbr(short), number)
