"""Report-like PDFs and letters built by the tests, to reproduce layouts of published
documents that are not in the repository (issue: the six layout classes).

WeasyPrint renders a report as Word prints one: A4 pages with a running header and footer
and a page number, the areas in a two-column table with ruled borders. A table row can be
made to break across a page at a chosen point: `Row.split` gives what of each cell is on the
next page, and the builder ends the page there (the rest of the table starts the next page
with that continuation row), as a long row does in a published report.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from tests.inspections.importer_support import html_pdf

AREA = "Testshire"
DATES = "1 to 5 December 2025"

_STYLE = """
@page { size: A4; margin: 28mm 22mm 26mm 22mm;
  @top-center { content: "Area SEND inspection report: %(area)s Local Area Partnership";
                font: 9pt Arial, sans-serif; }
  @bottom-left { content: "%(dates)s"; font: 9pt Arial, sans-serif; }
  @bottom-right { content: counter(page); font: 9pt Arial, sans-serif; } }
body { font: 11pt/1.4 Arial, sans-serif; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%%; }
td, th { border: 0.75pt solid #000; vertical-align: top; padding: 4pt 6pt; text-align: left; }
td.body, th.body { width: 32%%; }
td.body { font-weight: bold; }  /* its own text run: see the module docstring */
table.team td, table.team th { border: none; padding: 1pt 0; width: 50%%; }
table.team td + td { font-style: italic; }
p { margin: 0 0 8pt 0; } ul { margin: 0 0 8pt 0; padding-left: 18pt; }
.break { break-before: page; }
ul.squares { list-style-type: "\\25FC  "; }
"""


@dataclass
class Row:
    """A row of an areas table: the responsible body, and the statement's parts (a string
    is a paragraph, a list a bullet list). `split`: what each cell holds on the next page."""

    body: str
    parts: list[str | list[str]]
    split: tuple[str, list[str | list[str]]] | None = None


@dataclass
class Report:
    priority: list[Row] = field(default_factory=list)
    improvement: list[Row] = field(default_factory=list)
    improvement_html: str = ""  # areas for improvement written out, not as a table
    after_improvement: str = ""  # what the report prints between the areas and the details
    team_html: str = ""
    outcome: str = (
        "There are widespread and/or systemic failings leading to significant concerns about "
        "the experiences and outcomes of children and young people with special educational "
        "needs and/or disabilities (SEND), which the local area partnership must address "
        "urgently."
    )
    area: str = AREA
    tight: bool = False  # no space after paragraphs and lists, as some reports print them


def _cell(parts: list[str | list[str]]) -> str:
    out = []
    for part in parts:
        if isinstance(part, list):
            items = "".join(f"<li>{html.escape(item)}</li>" for item in part)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{html.escape(part)}</p>")
    return "".join(out)


def _table(rows: list[Row], heading: str) -> str:
    """The table, ended and begun again at each row that breaks across a page."""
    head = f'<tr><th class="body">Responsible body</th><th>{heading}</th></tr>'
    out = [f"<table>{head}"]
    for row in rows:
        out.append(
            f'<tr><td class="body">{html.escape(row.body)}</td><td>{_cell(row.parts)}</td></tr>'
        )
        if row.split is not None:
            body, parts = row.split
            out.append('</table><table class="break">')
            out.append(f'<tr><td class="body">{html.escape(body)}</td><td>{_cell(parts)}</td></tr>')
    out.append("</table>")
    return "".join(out)


FILLER = (
    "<p>Children and young people with SEND in the area are usually identified early. "
    "Families told inspectors about long waits for some services, and about the help "
    "they had from schools and settings. Leaders know where the partnership needs to "
    "improve, and have plans to do so.</p>"
)


def report_html(report: Report) -> str:
    style = _STYLE % {"area": report.area, "dates": DATES}
    if report.tight:
        style += "p, ul { margin: 0; }"
    parts = [
        f"<html><head><style>{style}</style></head><body>",
        "<p>Local Area Partnership report</p>",
        f"<h1>Area SEND inspection of {html.escape(report.area)} Local Area Partnership</h1>",
        f"<p>Inspection dates: {DATES}</p>",
        "<p>Dates of previous inspection: 2 to 6 March 2020</p>",
        "<h2>Inspection outcome</h2>",
        f"<p>{report.outcome}</p>",
        "<h2>Information about the local area partnership</h2>",
        FILLER * 3,
        "<h2>What does the area partnership need to do better?</h2>",
        FILLER,
    ]
    if report.priority:
        parts += [
            '<h2 class="break">Areas for priority action</h2>',
            _table(report.priority, "Areas for priority action"),
        ]
    parts.append("<h2>Areas for improvement</h2>")
    if report.improvement:
        parts.append(_table(report.improvement, "Areas for improvement"))
    parts.append(report.improvement_html)
    parts.append(report.after_improvement)
    parts += [
        "<h2>Local area partnership details</h2>",
        "<table><tr><th>Local authority</th><th>Integrated care board</th></tr>",
        f"<tr><td>{report.area} County Council</td><td>NHS {report.area} ICB</td></tr>",
        "<tr><td>www.testshire.gov.uk</td><td>www.testshire.icb.nhs.uk</td></tr></table>",
        "<h2>Information about this inspection</h2>",
        "<p>This inspection was carried out under section 20 of the Children Act 2004.</p>",
        "<h2>Inspection team</h2>",
        report.team_html,
        "<p>If you are not happy with the inspection or the report, you can complain to "
        "Ofsted.</p>",
        "</body></html>",
    ]
    return "".join(parts)


def report_pdf(report: Report) -> bytes:
    return html_pdf(report_html(report))
