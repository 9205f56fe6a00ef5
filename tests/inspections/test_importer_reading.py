"""Reading published reports and monitoring letters, and text laid out the way they are.

The expected results of the published inputs are data files beside them (see
tests/inspections/importer_support.py); made-up inputs keep theirs here, next to the text.
"""

from __future__ import annotations

import io

import pytest

from inspections.importer import read_text
from inspections.importer.dates import find_date_range
from inspections.importer.result import ImprovementArea, PriorityArea
from inspections.models import Inspection
from tests.inspections.importer_support import (
    JSON_KEYS,
    LETTER,
    REPORT_NAMES,
    REPORTS,
    demo_record,
    details_of,
    expected,
    expected_details,
    expected_path,
    letter_text,
    read_report,
    report_path,
    report_pdf,
)

# --- The six published reports and the letter ------------------------------------------------


def test_every_published_input_has_its_expected_results():
    """An input added without expected results (or results left without their input) would
    otherwise go unchecked."""
    reports = sorted(REPORTS.glob("*.pdf"))
    assert reports == [report_path(name) for name in REPORT_NAMES]
    assert sorted(LETTER.parent.glob("*.txt")) == [LETTER]
    for inputs in [reports, [LETTER]]:
        folder = inputs[0].parent / "expected"
        assert sorted(path.name for path in folder.glob("*.json")) == sorted(
            expected_path(source, part).name for source in inputs for part in ("", ".details")
        )


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_reads_each_published_report_as_its_expected_json(name):
    text, parsed = read_report(name)
    data = parsed.to_json()
    assert set(data) == JSON_KEYS
    assert data == expected(report_path(name))
    # Running headers and page numbers are gone from the text shown for review.
    assert "Inspection report:" not in text.replace("Area SEND inspection report", "")


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_reads_each_published_reports_intros_bullet_points_and_team(name):
    _, parsed = read_report(name)
    assert details_of(parsed) == expected_details(report_path(name))


@pytest.mark.parametrize("slug", ["suffolk", "bexley"])
def test_reading_matches_the_hand_checked_demo_record(slug):
    """The demo fixtures were transcribed from the PDFs and checked by hand."""
    record = next(i for i in demo_record(slug)["inspections"] if i["kind"] == Inspection.Kind.FULL)
    _, parsed = read_report(slug)
    assert parsed.start_date.isoformat() == record["start_date"]
    assert parsed.end_date.isoformat() == record["end_date"]
    assert parsed.outcome == record["outcome"]
    assert parsed.outcome_text == record["outcome_text"]
    areas: dict[tuple[str, int], PriorityArea | ImprovementArea] = {
        ("priority_action", a.number): a for a in parsed.priority_areas
    }
    areas |= {("improvement", a.number): a for a in parsed.improvement_areas}
    assert len(areas) == len(record["findings"])
    for finding in record["findings"]:
        area = areas[(finding["kind"], finding["number"])]
        assert area.statement == finding["statement"]
        assert area.focus_points_intro == finding["focus_points_intro"]
        assert area.focus_points == finding["focus_points"]
    assert [
        {"name": m.name, "role": m.role, "inspectorate": m.inspectorate} for m in parsed.team
    ] == record["team"]


def test_reads_the_monitoring_letter():
    _, parsed = read_text(letter_text())
    data = parsed.to_json()
    assert set(data) == JSON_KEYS
    assert data == expected(LETTER)
    assert details_of(parsed) == expected_details(LETTER)


def test_reading_the_letter_matches_the_hand_checked_demo_record():
    """The narratives, signatories and addressees as transcribed in the demo record, where
    paragraphs the page breaks cut in two are put back together."""
    _, parsed = read_text(letter_text())
    record = next(
        i for i in demo_record("suffolk")["inspections"] if i["kind"] == Inspection.Kind.MONITORING
    )
    assert [judgement.to_json() for judgement in parsed.judgements] == [
        {
            "area_number": 1,
            "outcome": "ineffective",
            "narrative": record["judgements"][0]["narrative"],
        },
        {
            "area_number": 2,
            "outcome": "effective",
            "narrative": record["judgements"][1]["narrative"],
        },
    ]
    assert [
        {"name": m.name, "role": m.role, "inspectorate": m.inspectorate} for m in parsed.team
    ] == record["team"]
    assert [vars(a) for a in parsed.addressees] == record["addressees"]


@pytest.mark.parametrize("name", ["bedford", "gloucestershire", "suffolk", "wiltshire"])
def test_a_report_pasted_as_text_reads_the_same(name):
    """Text copied out of the PDF (lines wrapped, running headers in between) reads the
    same as the PDF itself."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(report_pdf(name))).pages
    pasted = "\n".join(page.extract_text() for page in pages)
    _, parsed = read_text(pasted)
    assert parsed.to_json() == expected(report_path(name))


# --- Dates and made-up text laid out the way reports are -----------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "printed"),
    [
        ("13 to 17 November 2023", "2023-11-13", "2023-11-17", "13 to 17 November 2023"),
        (
            "23 September to 27 September 2024",
            "2024-09-23",
            "2024-09-27",
            "23 September to 27 September 2024",
        ),
        (
            "4 December 2023 to 8 December 2023",
            "2023-12-04",
            "2023-12-08",
            "4 December 2023 to 8 December 2023",
        ),
        ("30 September to 4 October 2024", "2024-09-30", "2024-10-04", None),
        ("29 January 2018 to 2 February 2018", "2018-01-29", "2018-02-02", None),
        (
            "Between 23 March 2026 and 25 March 2026, Ofsted",
            "2026-03-23",
            "2026-03-25",
            "23 March 2026 and 25 March 2026",
        ),
        ("13–17 November 2023", "2023-11-13", "2023-11-17", None),
        ("30 December 2024 to 3 January 2025", "2024-12-30", "2025-01-03", None),
        (
            "The previous full inspection was on 19 March 2018. There was a revisit on 24 "
            "March 2020.",
            "2018-03-19",
            "2018-03-19",
            "19 March 2018",
        ),
    ],
)
def test_dates_written_in_the_ways_reports_write_them(text, start, end, printed):
    found = find_date_range(text)
    assert found is not None
    assert (found[0].isoformat(), found[1].isoformat()) == (start, end)
    if printed:
        assert found[2] == printed


PASTED_VARIANTS = """Local Area Partnership report
Area SEND inspection of Testshire
Local Area Partnership
Inspection dates: 23 September to 27 September 2024
Dates of previous inspection: 30 September to 4 October 2019
Inspection outcome
There are widespread and/or systemic failings leading to significant concerns about the
experiences and outcomes of children and young people with special educational needs
and/or disabilities (SEND), which the local area partnership must address urgently.
Areas for priority action
Responsible body Areas for priority action
Testshire County
Council and NHS
Testshire and Wold
Integrated Care Board
Leaders should act with urgency to improve the
timeliness and quality of EHC plans. In particular,
they should improve:
▪ the quality of advice from health and social care
professionals in new plans
▪ the timeliness of annual reviews, so that plans
are kept up to date
Area SEND inspection report: Testshire Local Area Partnership
23 September to 27 September 2024 7
▪ the way families are told about delays.
NHS Testshire and
Wold ICB
Leaders should reduce the waiting times for
neurodevelopmental assessment.
Areas for improvement
• Leaders should make sure the local offer is up to date and easy to use.
• Leaders should publish what the partnership has done about complaints.
Area SEND inspection report: Testshire Local Area Partnership
23 September to 27 September 2024 8
Inspection team
Ofsted Care Quality Commission
Ann Example, Ofsted HMI, lead inspector Bob Sample, CQC lead inspector
Cat Person, Ofsted Inspector
Area SEND inspection report: Testshire Local Area Partnership
23 September to 27 September 2024 9
"""


def test_reads_by_structure_not_by_wording_of_known_reports():
    """A made-up report: heading with trailing spaces, ▪ and • bullets, a different
    responsible body in each row, a row split by a running header and page number, the
    dates written out twice, and areas for improvement as bullet points."""
    text = PASTED_VARIANTS.replace("Inspection outcome\n", "Inspection outcome   \n")
    text = text.replace("Areas for priority action\nResp", "Areas for priority action  \nResp")
    _, parsed = read_text(text)
    assert parsed.to_json() == {
        "kind": "full",
        "local_area": "Testshire",
        "start_date": "2024-09-23",
        "end_date": "2024-09-27",
        "published_date": None,
        "previous_inspection": "30 September to 4 October 2019",
        "outcome": "systemic",
        "priority_areas": [
            {
                "number": 1,
                "responsible_body": (
                    "Testshire County Council and NHS Testshire and Wold Integrated Care Board"
                ),
                "statement": (
                    "Leaders should act with urgency to improve the timeliness and quality of "
                    "EHC plans."
                ),
                "focus_points": [
                    "the quality of advice from health and social care professionals in new plans",
                    "the timeliness of annual reviews, so that plans are kept up to date",
                    "the way families are told about delays.",
                ],
            },
            {
                "number": 2,
                "responsible_body": "NHS Testshire and Wold ICB",
                "statement": (
                    "Leaders should reduce the waiting times for neurodevelopmental assessment."
                ),
                "focus_points": [],
            },
        ],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Leaders should make sure the local offer is up to date and easy to use."
                ),
                "focus_points": [],
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Leaders should publish what the partnership has done about complaints."
                ),
                "focus_points": [],
            },
        ],
        "judgements": [],
    }
    assert parsed.priority_areas[0].focus_points_intro == "In particular, they should improve:"
    assert [(m.name, m.inspectorate) for m in parsed.team] == [
        ("Ann Example", "ofsted"),
        ("Cat Person", "ofsted"),
        ("Bob Sample", "cqc"),
    ]


def test_reads_a_2025_table_of_areas_for_improvement_with_responsible_bodies():
    text = (
        "Area SEND inspection of Testshire Local Area Partnership\n\n"
        "Inspection dates: 1 to 5 December 2025\n\n"
        "Inspection outcome\n\n"
        "The local area partnership’s arrangements lead to inconsistent experiences and "
        "outcomes for children and young people with special educational needs and/or "
        "disabilities (SEND).\n\n"
        "Areas for improvement\n\n"
        "Responsible body | Areas for improvement\n\n"
        "Testshire Council | Leaders should improve the local offer.\n\n"
        "NHS Testshire ICB | Leaders should reduce waiting times so that:\n"
        "• children are assessed sooner\n\n"
        "| • families know how long they will wait.\n"
    )
    _, parsed = read_text(text)
    assert parsed.outcome == "inconsistent"
    assert parsed.previous_inspection is None
    assert [a.to_json() for a in parsed.improvement_areas] == [
        {
            "number": 1,
            "responsible_body": "Testshire Council",
            "statement": "Leaders should improve the local offer.",
            "focus_points": [],
        },
        {
            "number": 2,
            "responsible_body": "NHS Testshire ICB",
            "statement": "Leaders should reduce waiting times so that:",
            "focus_points": [
                "children are assessed sooner",
                "families know how long they will wait.",
            ],
        },
    ]
