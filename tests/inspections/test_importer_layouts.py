"""The layouts that made published reports read wrongly, each on a PDF built here (or, for
pasted text, text laid out as `pdftotext -layout` gives it): nothing here is one of the
reports in the repository (see report_pdfs for how the PDFs are built)."""

from __future__ import annotations

import pytest

from inspections.importer import ParsedReport, ReportReadError, read_pdf, read_text
from tests.inspections.report_pdfs import Report, Row, report_pdf

BODY = "Testshire County Council and NHS Testshire and Wold ICB"


def read(report: Report) -> tuple[str, ParsedReport]:
    return read_pdf(report_pdf(report))


# --- 1. A responsible body that runs onto the next page -------------------------------------


@pytest.mark.parametrize(
    ("body_before", "body_after", "statement_before", "statement_after"),
    [
        # The last word of the body and the rest of the statement.
        (
            "Testshire County Council and NHS Testshire and Wold Integrated Care",
            "Board",
            ["Leaders should work together to reduce the waiting times for"],
            ["neurodevelopmental assessment, and keep families informed while they wait."],
        ),
        # A whole organisation, after a statement that ends on the first page.
        (
            "Testshire County Council, NHS Testshire ICB and",
            "NHS Wold Integrated Care Board (ICB)",
            ["Leaders should reduce the waiting times for neurodevelopmental assessment."],
            [],
        ),
        # The body's last word, and the bullet points the statement introduces.
        (
            "Testshire County Council and NHS Testshire and Wold Integrated Care",
            "Board",
            ["Leaders should reduce waiting times. In particular they should improve:"],
            [["the information families are given while they wait", "the help in school."]],
        ),
    ],
)
def test_a_responsible_body_running_onto_the_next_page_is_not_a_new_area(
    body_before, body_after, statement_before, statement_after
):
    report = Report(
        priority=[
            Row(BODY, ["Leaders should act with urgency to improve EHC plans."]),
            Row(body_before, statement_before, split=(body_after, statement_after)),
            Row("NHS Testshire and Wold ICB", ["Leaders should improve the local offer."]),
        ]
    )
    text, parsed = read(report)
    assert [area.number for area in parsed.priority_areas] == [1, 2, 3]
    second = parsed.priority_areas[1]
    assert second.responsible_body == f"{body_before} {body_after}"
    whole = " ".join(p for p in statement_before + statement_after if isinstance(p, str))
    points = statement_after[-1] if statement_after else None
    if isinstance(points, list):
        assert second.focus_points == points
        assert second.focus_points_intro == "In particular they should improve:"
        assert second.statement == "Leaders should reduce waiting times."
    else:
        assert second.statement == whole
    assert parsed.priority_areas[2].statement == "Leaders should improve the local offer."
    assert "Area SEND inspection report:" not in text  # the running header is gone


def test_a_statement_alone_running_onto_the_next_page_still_reads_as_one_area():
    report = Report(
        priority=[
            Row(BODY, ["Leaders should act with urgency to"], split=("", ["improve EHC plans."])),
            Row("NHS Testshire and Wold ICB", ["Leaders should improve the local offer."]),
        ]
    )
    _, parsed = read(report)
    assert [(a.number, a.statement) for a in parsed.priority_areas] == [
        (1, "Leaders should act with urgency to improve EHC plans."),
        (2, "Leaders should improve the local offer."),
    ]


def test_a_new_row_at_the_top_of_a_page_is_a_new_area():
    """A row that starts on a new page after one that ended on the page before."""
    report = Report(
        priority=[
            Row(BODY, ["Leaders should act with urgency to improve EHC plans."]),
            Row(
                BODY,
                ["Leaders should improve the local offer."],
                split=("NHS Testshire and Wold ICB", ["Leaders should reduce waiting times."]),
            ),
        ]
    )
    _, parsed = read(report)
    assert [(a.responsible_body, a.statement) for a in parsed.priority_areas] == [
        (BODY, "Leaders should act with urgency to improve EHC plans."),
        (BODY, "Leaders should improve the local offer."),
        ("NHS Testshire and Wold ICB", "Leaders should reduce waiting times."),
    ]


# --- 2. A stray empty bullet after the areas for improvement --------------------------------


def test_a_stray_bullet_after_the_areas_for_improvement_ends_them():
    report = Report(
        improvement_html=(
            '<ul class="squares"><li>Leaders should make the local offer easier to use.</li>'
            "<li>Leaders should publish what they have done about complaints.</li><li></li></ul>"
        )
    )
    _, parsed = read(report)
    assert [a.statement for a in parsed.improvement_areas] == [
        "Leaders should make the local offer easier to use.",
        "Leaders should publish what they have done about complaints.",
    ]


# --- 3. Areas for improvement with bullet points --------------------------------------------


def test_areas_for_improvement_in_a_table_keep_their_bullet_points():
    report = Report(
        improvement=[
            Row(
                "Testshire County Council",
                [
                    "Communication with families is patchy. Leaders should improve "
                    "communication to:",
                    ["improve equity for all", "make sure families know what is on offer."],
                ],
            ),
            Row("NHS Testshire ICB", ["Leaders should reduce waiting times."]),
        ]
    )
    _, parsed = read(report)
    first, second = (area.to_json() for area in parsed.improvement_areas)
    assert first == {
        "number": 1,
        "responsible_body": "Testshire County Council",
        "statement": "Communication with families is patchy.",
        "focus_points": ["improve equity for all", "make sure families know what is on offer."],
    }
    assert parsed.improvement_areas[0].focus_points_intro == (
        "Leaders should improve communication to:"
    )
    assert second["focus_points"] == []


def test_areas_for_improvement_as_a_list_keep_the_points_listed_under_them():
    report = Report(
        improvement_html=(
            "<ul><li>Leaders should improve communication to:<ul>"
            "<li>improve equity for all</li><li>make sure families know what is on offer.</li>"
            "</ul></li><li>Leaders should reduce waiting times.</li></ul>"
        )
    )
    _, parsed = read(report)
    assert [area.to_json() for area in parsed.improvement_areas] == [
        {
            "number": 1,
            "responsible_body": None,
            "statement": "Leaders should improve communication to:",
            "focus_points": ["improve equity for all", "make sure families know what is on offer."],
        },
        {
            "number": 2,
            "responsible_body": None,
            "statement": "Leaders should reduce waiting times.",
            "focus_points": [],
        },
    ]


# --- 4. A paragraph after a bullet list -----------------------------------------------------


def test_a_paragraph_after_the_bullet_points_belongs_to_the_statement():
    report = Report(
        priority=[
            Row(
                BODY,
                [
                    "Leaders should act to improve the help families get. In particular they "
                    "should improve:",
                    [
                        "the timeliness of assessments",
                        "the support for children waiting for an assessment for ADHD or autism.",
                    ],
                    "Leaders across the partnership should also ensure that families know how "
                    "long they will wait.",
                ],
            )
        ],
        tight=True,  # no space after the list: only the indent tells the paragraph apart
    )
    _, parsed = read(report)
    (area,) = parsed.priority_areas
    assert area.focus_points == [
        "the timeliness of assessments",
        "the support for children waiting for an assessment for ADHD or autism.",
    ]
    assert area.statement == (
        "Leaders should act to improve the help families get. Leaders across the partnership "
        "should also ensure that families know how long they will wait."
    )


# --- 5. The inspection team -----------------------------------------------------------------

TEAM_HEAD = '<table class="team"><tr><th>Ofsted</th><th>Care Quality Commission</th></tr>'


def test_the_team_table_header_is_not_part_of_the_first_name():
    report = Report(
        team_html=TEAM_HEAD + "<tr><td>Ann Example, Ofsted HMI, lead inspector</td>"
        "<td>Bob Sample, CQC lead inspector</td></tr></table>"
    )
    _, parsed = read(report)
    assert [(m.name, m.role, m.inspectorate) for m in parsed.team] == [
        ("Ann Example", "Ofsted HMI, lead inspector", "ofsted"),
        ("Bob Sample", "CQC lead inspector", "cqc"),
    ]


def test_a_team_running_over_a_page_keeps_each_person():
    first = [("Ann Example", "Bob Sample"), ("Cat Person", "Dan Other"), ("Eve Name", "Fay Jones")]
    rows = "".join(
        f"<tr><td>{a}, Ofsted Inspector</td><td>{b}, CQC inspector</td></tr>" for a, b in first
    )
    report = Report(
        team_html=TEAM_HEAD
        + rows
        + '</table><table class="team break"><tr><td>Gus Last, Ofsted Inspector</td>'
        "<td>Hal Final, CQC children’s services inspector</td></tr>"
        "<tr><td>Ivy Shadow, Ofsted HMI</td><td></td></tr></table>"
    )
    _, parsed = read(report)
    assert [(m.name, m.inspectorate) for m in parsed.team] == [
        ("Ann Example", "ofsted"),
        ("Cat Person", "ofsted"),
        ("Eve Name", "ofsted"),
        ("Gus Last", "ofsted"),
        ("Ivy Shadow", "ofsted"),
        ("Bob Sample", "cqc"),
        ("Dan Other", "cqc"),
        ("Fay Jones", "cqc"),
        ("Hal Final", "cqc"),
    ]
    assert parsed.team[-1].role == "CQC children’s services inspector"


# --- 6. Pasted text of a report with tables -------------------------------------------------

HEAD = """Area SEND inspection of Testshire Local Area Partnership

Inspection dates: 1 to 5 December 2025
Dates of previous inspection: 2 to 6 March 2020

Inspection outcome

The local area partnership’s arrangements lead to inconsistent experiences and outcomes for
children and young people with special educational needs and/or disabilities (SEND).

"""

# As `pdftotext -layout` gives it: the columns line up, a row runs over a page (with the
# running header and page number between), rows follow each other without a blank line.
LAID_OUT = (
    HEAD
    + """Areas for priority action

Responsible body               Areas for priority action
Testshire County               Leaders should act with urgency to improve the
Council and NHS                timeliness and quality of EHC plans.
Testshire and Wold ICB
Testshire County               Leaders should work together to reduce the waiting
Council and NHS                times for neurodevelopmental assessment. In particular
Testshire and Wold             they should improve:
Integrated Care                    • the information families are given while they


Area SEND inspection report: Testshire Local Area Partnership
1 to 5 December 2025                                                                 6
Board                                 wait
                                   • the help children get in school.
NHS Testshire and              Leaders should improve the local offer.
Wold ICB


Area SEND inspection report: Testshire Local Area Partnership
1 to 5 December 2025                                                                 7
Areas for improvement

Responsible body               Areas for improvement
Testshire County Council       Leaders should improve communication to:
                                   • improve equity for all
                                   • make sure families know what is on offer.

Local area partnership details
"""
)


def test_pasted_text_laid_out_in_columns_reads_each_column_from_its_position():
    _, parsed = read_text(LAID_OUT)
    assert [area.to_json() for area in parsed.priority_areas] == [
        {
            "number": 1,
            "responsible_body": "Testshire County Council and NHS Testshire and Wold ICB",
            "statement": (
                "Leaders should act with urgency to improve the timeliness and quality of "
                "EHC plans."
            ),
            "focus_points": [],
        },
        {
            "number": 2,
            "responsible_body": (
                "Testshire County Council and NHS Testshire and Wold Integrated Care Board"
            ),
            "statement": (
                "Leaders should work together to reduce the waiting times for "
                "neurodevelopmental assessment."
            ),
            "focus_points": [
                "the information families are given while they wait",
                "the help children get in school.",
            ],
        },
        {
            "number": 3,
            "responsible_body": "NHS Testshire and Wold ICB",
            "statement": "Leaders should improve the local offer.",
            "focus_points": [],
        },
    ]
    assert [area.to_json() for area in parsed.improvement_areas] == [
        {
            "number": 1,
            "responsible_body": "Testshire County Council",
            "statement": "Leaders should improve communication to:",
            "focus_points": ["improve equity for all", "make sure families know what is on offer."],
        }
    ]


WOVEN = (
    HEAD
    + """Areas for priority action

Responsible body Areas for priority action
Testshire County Leaders should act with urgency to improve the
Council and NHS timeliness and quality of EHC plans so that
Testshire and Wold families know what is happening.

Areas for improvement

Leaders should improve communication.
"""
)


@pytest.mark.parametrize(
    "text",
    [
        WOVEN,
        # Laid out, but a line of the table runs across the column.
        LAID_OUT.replace(
            "Council and NHS                timeliness",
            "Council and NHS and the Testshire Parent Carer Forum timeliness",
        ),
    ],
)
def test_pasted_columns_that_cannot_be_told_apart_are_refused_asking_for_the_pdf(text):
    with pytest.raises(ReportReadError, match="Upload the report’s PDF instead"):
        read_text(text)
