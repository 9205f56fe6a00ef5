"""Importing published reports and monitoring letters: reading, saving, command, pages.

The six published reports and the monitoring letter are committed under fixtures/ (see
fixtures/NOTICE). The expected structures below were checked against the PDFs by hand;
Suffolk's and Bexley's also against the demo fixtures, which were transcribed and checked
separately.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import struct
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from inspections.demo import DEMO_DIR, DEMO_PASSWORD
from inspections.importer import (
    MAX_UPLOAD_BYTES,
    ParsedReport,
    ReportReadError,
    read_file,
    read_pdf,
    read_text,
)
from inspections.importer.parse import find_date_range
from inspections.importer.save import (
    ImportRefused,
    guess_organisation_kind,
    organisation_key,
    report_import,
    split_bodies,
)
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)
from tests.factories import PASSWORD, make_member, make_partnership

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REPORTS = FIXTURES / "reports"
LETTER = FIXTURES / "seeds" / "suffolk-monitoring-letter-2026-05.txt"
REPORT_NAMES = ["bedford", "bexley", "gloucestershire", "hertfordshire", "suffolk", "wiltshire"]
JSON_KEYS = {
    "kind",
    "local_area",
    "start_date",
    "end_date",
    "published_date",
    "previous_inspection",
    "outcome",
    "priority_areas",
    "improvement_areas",
    "judgements",
}


def report_pdf(name: str) -> bytes:
    return (REPORTS / f"{name}-full-inspection.pdf").read_bytes()


@functools.cache
def read_report(name: str) -> tuple[str, ParsedReport]:
    """Each PDF is read once per test run (about a second each)."""
    return read_pdf(report_pdf(name))


def letter_text() -> str:
    return LETTER.read_text(encoding="utf-8")


def demo_record(slug: str) -> dict[str, Any]:
    return json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))


# --- Test files made here (no binaries are committed) -------------------------------------


def html_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def png(width: int = 60, height: int = 40) -> bytes:
    """A small grey PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def scanned_pdf() -> bytes:
    import base64

    data = base64.b64encode(png()).decode()
    return html_pdf(f'<img src="data:image/png;base64,{data}" width="400" height="300">')


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(html_pdf("<p>Area SEND inspection of Testshire</p>"))))
    writer.encrypt("a-secret-password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Area SEND inspection</w:document>")
    return out.getvalue()


def bad_inputs() -> dict[str, tuple[bytes, str]]:
    """name: (file bytes, words the message must contain)."""
    hello = html_pdf("<p>Hello</p>")
    return {
        "not a report": (hello, "does not look like an Area SEND inspection report"),
        "scanned": (scanned_pdf(), "scanned"),
        "encrypted": (encrypted_pdf(), "password"),
        "truncated": (hello[: len(hello) // 2], "damaged or incomplete"),
        "garbage after the header": (
            b"%PDF-1.7\n" + b"\x8f\x03junk" * 500 + b"\n%%EOF\n",
            "damaged",
        ),
        "too big": (b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES, "too big"),
        "a Word document": (docx_bytes(), "not a PDF"),
        "a text file": (b"Area SEND inspection of Testshire Local Area Partnership\n", "not a PDF"),
    }


@functools.cache
def cached_bad_inputs() -> dict[str, tuple[bytes, str]]:
    return bad_inputs()


BAD_INPUT_NAMES = [
    "not a report",
    "scanned",
    "encrypted",
    "truncated",
    "garbage after the header",
    "too big",
    "a Word document",
    "a text file",
]


# --- Expected structures -------------------------------------------------------------------

EXPECTED_REPORTS: dict[str, dict[str, Any]] = {
    "bedford": {
        "kind": "full",
        "local_area": "Bedford Borough",
        "start_date": "2024-11-18",
        "end_date": "2024-11-22",
        "published_date": None,
        "previous_inspection": "19 March 2018",
        "outcome": "positive",
        "priority_areas": [],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "The partnership should establish more effective processes to ensure "
                    "that children and young people’s needs are identified quickly and "
                    "accurately. This is so that unmet needs in schools are addressed "
                    "earlier and better, and so children and young people with SEND at "
                    "risk of exclusion are helped more proactively."
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Some children and young people with SEND wait too long for "
                    "neurodevelopmental assessment in Bedford Borough. The partnership "
                    "has a limited oversight of how long these children are waiting. The "
                    "partnership should improve how it uses information and data to work "
                    "collaboratively to reduce the delays in neurodevelopmental "
                    "assessments that some children and young people currently face."
                ),
            },
        ],
        "judgements": [],
    },
    "bexley": {
        "kind": "full",
        "local_area": "Bexley",
        "start_date": "2023-12-04",
        "end_date": "2023-12-08",
        "published_date": None,
        "previous_inspection": "3 October 2016 to 7 October 2016",
        "outcome": "systemic",
        "priority_areas": [
            {
                "number": 1,
                "responsible_body": "Bexley Council and South East London ICB",
                "statement": (
                    "Leaders across the partnership should act with urgency to improve "
                    "how well they ensure that children and young people are being "
                    "prepared effectively for adulthood."
                ),
                "focus_points": [
                    (
                        "annual reviews from Year 9 and any subsequent amendments to EHC "
                        "plans include a clear focus on how the child and young person "
                        "will be supported to achieve the best outcomes in adult life"
                    ),
                    (
                        "they identify and go on to plan how to meet the child or young "
                        "person’s PfA outcomes across education, health and social care."
                    ),
                ],
            },
            {
                "number": 2,
                "responsible_body": "Bexley Council and South East London ICB",
                "statement": "Leaders across the partnership should act with urgency to ensure that:",
                "focus_points": [
                    "amended EHC plans are completed and issued in a timely way",
                    (
                        "EHC plans better reflect the current needs and provision for the"
                        " child or young person across health, education and social care,"
                        " particularly as they move through different phases of education"
                    ),
                    (
                        "they improve and embed processes for the quality assurance of "
                        "EHC plans and annual reviews."
                    ),
                ],
            },
            {
                "number": 3,
                "responsible_body": "Bexley Council and South East London ICB",
                "statement": (
                    "Leaders across the partnership should work at pace to address the "
                    "delays and gaps in the commissioning and provision of speech and "
                    "language and occupational therapies. They should ensure that there "
                    "is equity of provision across Bexley for children and young people "
                    "to access speech and language and occupational therapies in order to"
                    " meet their needs."
                ),
                "focus_points": [],
            },
        ],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Leaders across the partnership should improve how the voices of "
                    "children and young people are being used to make improvements to "
                    "services and experiences. This should include how children and young"
                    " people are actively involved in genuine co-production."
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Leaders across the partnership should improve how they use data and "
                    "information about children and young people with SEND and their "
                    "families to ensure that:"
                ),
            },
        ],
        "judgements": [],
    },
    "gloucestershire": {
        "kind": "full",
        "local_area": "Gloucestershire",
        "start_date": "2023-12-11",
        "end_date": "2023-12-15",
        "published_date": None,
        "previous_inspection": "13 to 17 June 2016",
        "outcome": "inconsistent",
        "priority_areas": [],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Leaders in the ICB and the LA should strengthen multi-agency working"
                    " across the partnership, between education, health and social care "
                    "providers, so that:"
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Leaders in education, health and social care should work together to"
                    " strengthen and embed the quality assurance framework around all "
                    "existing and newly issued EHC plans."
                ),
            },
            {
                "number": 3,
                "responsible_body": None,
                "statement": (
                    "Leaders in education should continue to review the breadth and offer"
                    " of specialist places for children with SEND, in order to inform "
                    "commissioning and investment in specialist provision to improve the "
                    "experiences and outcomes of children and young people and their "
                    "families."
                ),
            },
            {
                "number": 4,
                "responsible_body": None,
                "statement": (
                    "The partnership should further develop their strategic plans to "
                    "include families in partnership projects, to embed their voice and "
                    "create a model of true co-production. The monitoring of projects and"
                    " interventions should be more inclusive and effectively communicated"
                    " with stakeholders, to create a shared culture of driving "
                    "improvements for children, young people with SEND and their "
                    "families."
                ),
            },
        ],
        "judgements": [],
    },
    "hertfordshire": {
        "kind": "full",
        "local_area": "Hertfordshire",
        "start_date": "2023-07-10",
        "end_date": "2023-07-14",
        "published_date": None,
        "previous_inspection": "4 to 8 July 2016",
        "outcome": "systemic",
        "priority_areas": [
            {
                "number": 1,
                "responsible_body": (
                    "Hertfordshire County Council and NHS Hertfordshire and West Essex "
                    "Integrated Care Board"
                ),
                "statement": (
                    "Leaders should act with urgency to accelerate their data dashboard "
                    "work so that they have a shared, accurate understanding of the exact"
                    " provision for SEND in Hertfordshire, and of its quality, so that "
                    "they can target coherent activity where it is needed most."
                ),
                "focus_points": [],
            },
            {
                "number": 2,
                "responsible_body": (
                    "Hertfordshire County Council and NHS Hertfordshire and West Essex "
                    "Integrated Care Board"
                ),
                "statement": (
                    "Leaders should work more collaboratively and in partnership across "
                    "all of SEND provision, with secure governance and quality assurance "
                    "arrangements in place, and with a particular urgent focus on "
                    "addressing the areas leaders have identified in their strategy for "
                    "SEND."
                ),
                "focus_points": [],
            },
        ],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Leaders across the partnership should address the variability in "
                    "children and young people’s access to health services that exists in"
                    " different areas within the local area so that all children and "
                    "young people with SEND in Hertfordshire have an equal opportunity to"
                    " access appropriate provision and support that meets their needs."
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Leaders across the partnership should act to improve the quality of "
                    "new and existing EHC plans and ensure that plans meaningfully "
                    "capture the voice and experience of children and young people with "
                    "SEND and their families."
                ),
            },
            {
                "number": 3,
                "responsible_body": None,
                "statement": (
                    "Leaders should take action to ensure that pupils with EHC plans are "
                    "attending the provision as stated on their plans, that the provision"
                    " is effective in meeting needs, and that the use of part-time "
                    "timetables is appropriate and is carefully managed and monitored."
                ),
            },
            {
                "number": 4,
                "responsible_body": None,
                "statement": (
                    "Leaders should further address the gaps and delays in service "
                    "provision to meet the full range of needs of children and young "
                    "people with SEND. This includes services for ASD, ADHD, mental "
                    "health, audiology and speech and language."
                ),
            },
            {
                "number": 5,
                "responsible_body": None,
                "statement": (
                    "The local area partnership should act to address parents’ and "
                    "carers’ concerns at an early stage to reduce dissatisfaction and "
                    "eliminate the need for parents and carers to have to follow formal "
                    "routes."
                ),
            },
        ],
        "judgements": [],
    },
    "suffolk": {
        "kind": "full",
        "local_area": "Suffolk",
        "start_date": "2023-11-13",
        "end_date": "2023-11-17",
        "published_date": None,
        "previous_inspection": "21 to 23 January 2019",
        "outcome": "systemic",
        "priority_areas": [
            {
                "number": 1,
                "responsible_body": (
                    "Suffolk County Council, NHS Suffolk and North East Essex ICB and NHS"
                    " Norfolk and Waveney area ICB"
                ),
                "statement": (
                    "The LAP should work more collaboratively and effectively to improve "
                    "strategic planning. This needs to deliver systems with measurable "
                    "impact that will create better experiences and outcomes for children"
                    " and young people with SEND."
                ),
                "focus_points": [
                    "the robustness and impact of governance",
                    (
                        "the rigour of quality assurance approaches, so that these give "
                        "the information leaders require to address weaknesses "
                        "effectively"
                    ),
                    "the frequency and quality of multi-agency working",
                    (
                        "the management of transitions and planning for adulthood for "
                        "children and young people, starting in the earliest years, and "
                        "across services in education, health and care, including putting"
                        " steps in place to reduce NEET, so that they are better "
                        "supported to lead fulfilling lives."
                    ),
                ],
            },
            {
                "number": 2,
                "responsible_body": (
                    "Suffolk County Council, NHS Suffolk and North East Essex ICB and NHS"
                    " Norfolk and Waveney ICB"
                ),
                "statement": (
                    "Local area partnership leaders should cooperate to take urgent "
                    "action to improve the timeliness and quality of the statutory EHC "
                    "plan processes, EHC plan needs assessments, and EHC plans and annual"
                    " reviews, particularly using annual reviews to amend the quality of "
                    "existing EHC plans where required. This should ensure that plans "
                    "meaningfully capture the views and aspirations of children and young"
                    " people with SEND and their families, so that they get the right "
                    "support at the right time."
                ),
                "focus_points": [],
            },
        ],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Leaders across the partnership should use performance data and "
                    "information effectively to inform their evaluation, sufficiency "
                    "planning and joint commissioning of SEND services."
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "The local area partnership should engage effectively and widely with"
                    " children and young people and their families, developing effective "
                    "communications systems, and acting to address parents’ and carers’ "
                    "concerns at an early stage, to reduce dissatisfaction and reduce the"
                    " need for parents and carers to have to follow formal routes."
                ),
            },
            {
                "number": 3,
                "responsible_body": None,
                "statement": (
                    "Leaders across the local area partnership should ensure that "
                    "providers of services for children with social and emotional "
                    "well-being, mental health and neurodiverse conditions work jointly "
                    "to meet the needs of and improve outcomes in these areas for "
                    "children with SEND."
                ),
            },
        ],
        "judgements": [],
    },
    "wiltshire": {
        "kind": "full",
        "local_area": "Wiltshire",
        "start_date": "2024-10-14",
        "end_date": "2024-10-18",
        "published_date": None,
        "previous_inspection": "29 January 2018 to 2 February 2018",
        "outcome": "positive",
        "priority_areas": [],
        "improvement_areas": [
            {
                "number": 1,
                "responsible_body": None,
                "statement": (
                    "Some children and young people wait too long for assessment and "
                    "diagnosis across several health services. The local area "
                    "partnership’s records lack robust information about how long some "
                    "children are waiting. The local area partnership should improve how "
                    "they utilise information and data for health services and work on "
                    "reducing the delays that some children, young people and families "
                    "currently face."
                ),
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Young people’s experiences are more variable post-16 and up to 25 in"
                    " the area. This is because the opportunities to follow their "
                    "aspirations are inhibited by limited choice, late transition "
                    "planning or restrictions in support packages. The local area should "
                    "continue to work in partnership to improve the education, work, "
                    "health services and social integration opportunities for young "
                    "people in their preparation for adulthood."
                ),
            },
        ],
        "judgements": [],
    },
}

EXPECTED_DETAILS: dict[str, dict[str, Any]] = {
    "bedford": {
        "priority_intros": [],
        "improvement_intros": [
            "",
            "",
        ],
        "improvement_focus_points": [
            [],
            [],
        ],
        "team": [
            ("Charlie Fordham", "HMI, Lead inspector", "ofsted"),
            ("Russel Breyer", "HMI", "ofsted"),
            ("Deena Wallworth", "Ofsted Inspector", "ofsted"),
            ("Tessa Valpy", "CQC Lead inspector", "cqc"),
            ("Eva Mannan", "CQC inspector", "cqc"),
        ],
    },
    "bexley": {
        "priority_intros": [
            "They should particularly focus on ensuring that:",
            "",
            "",
        ],
        "improvement_intros": [
            "",
            "",
        ],
        "improvement_focus_points": [
            [],
            [
                (
                    "practitioners have access to up-to-date and accurate information so "
                    "that everyone works in a joined-up and effective way"
                ),
                "they can evaluate their work more accurately and rigorously; and",
                "they secure improvements to services and provision more effectively.",
            ],
        ],
        "team": [
            ("Sam Hainey", "Ofsted Lead Inspector", "ofsted"),
            ("Maire Atherton", "Ofsted HMI", "ofsted"),
            ("Rosemary Henn-Macrae", "Ofsted Inspector", "ofsted"),
            ("Lesley Perry", "CQC Lead Inspector", "cqc"),
            ("Lea Pickerill", "CQC Inspector", "cqc"),
            ("Rebecca Hogan", "CQC Inspector", "cqc"),
        ],
    },
    "gloucestershire": {
        "priority_intros": [],
        "improvement_intros": [
            "",
            "This includes:",
            "",
            "",
        ],
        "improvement_focus_points": [
            [
                (
                    "children and young people’s needs are identified and assessed in a "
                    "more efficient and timely manner;"
                ),
                (
                    "transitions for children and young people across phases in their "
                    "education are improved;"
                ),
                (
                    "children and young people have access to education and training "
                    "through placements that meet their individual needs;"
                ),
                "young people are better prepared for adulthood earlier; and",
                (
                    "communication with parents and practitioners supports all "
                    "stakeholders effectively, to understand systems and decision-making "
                    "processes."
                ),
            ],
            [
                (
                    "improving the quality and depth of contributions from health "
                    "partners and children’s social care into the plans;"
                ),
                "reducing waiting times for health assessments;",
                "increasing timeliness and quality of needs assessments;",
                "increasing timeliness and quality of EHC plans and annual reviews; and",
                (
                    "ensuring that EHC plans consider information shared by services "
                    "providing support to the child, young person and their family."
                ),
            ],
            [],
            [],
        ],
        "team": [
            ("Dr Tina Pagett", "Ofsted HMI Lead Inspector", "ofsted"),
            ("Marie Thomas", "Ofsted HMI", "ofsted"),
            ("Sarah Canto", "Ofsted HMI", "ofsted"),
            ("Daniel Carrick", "CQC Lead Inspector", "cqc"),
            ("Claire Mason", "CQC Inspector", "cqc"),
        ],
    },
    "hertfordshire": {
        "priority_intros": [
            "",
            "",
        ],
        "improvement_intros": [
            "",
            "",
            "",
            "",
            "",
        ],
        "improvement_focus_points": [
            [],
            [],
            [],
            [],
            [],
        ],
        "team": [
            ("Katherine Douglas", "Ofsted HMI, lead inspector", "ofsted"),
            ("Margaret Burke", "Ofsted HMI", "ofsted"),
            ("Charlie Fordham", "Ofsted HMI", "ofsted"),
            ("Daniel Carrick", "CQC lead inspector", "cqc"),
            ("Lesley Perry", "CQC inspector", "cqc"),
        ],
    },
    "suffolk": {
        "priority_intros": [
            "In particular they should urgently improve:",
            "",
        ],
        "improvement_intros": [
            "",
            "",
            "",
        ],
        "improvement_focus_points": [
            [],
            [],
            [],
        ],
        "team": [
            ("Mr Charlie Fordham", "Ofsted lead inspector", "ofsted"),
            ("Russel Breyer", "Ofsted HMI", "ofsted"),
            ("Dr Keith Tysoe", "Ofsted Inspector", "ofsted"),
            ("Daniel Carrick", "CQC lead inspector", "cqc"),
            ("Andrea Crosby-Josephs", "CQC Inspector", "cqc"),
            ("Lesley Perry", "CQC Inspector", "cqc"),
        ],
    },
    "wiltshire": {
        "priority_intros": [],
        "improvement_intros": [
            "",
            "",
        ],
        "improvement_focus_points": [
            [],
            [],
        ],
        "team": [
            ("Matthew Barnes", "Ofsted HMI, Lead inspector", "ofsted"),
            ("Sarah Canto", "Ofsted HMI", "ofsted"),
            ("Paul Bagnall", "Ofsted HMI", "ofsted"),
            ("David Roberts", "CQC Lead inspector", "cqc"),
            ("Dan Carrick", "CQC inspector", "cqc"),
            ("Jess Taylor-Beirne", "CQC inspector", "cqc"),
        ],
    },
}


# --- Reading: the six published reports and the letter --------------------------------------


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_reads_the_whole_structure_of_each_published_report(name):
    text, parsed = read_report(name)
    assert parsed.to_json() == EXPECTED_REPORTS[name]
    details = EXPECTED_DETAILS[name]
    assert [a.focus_points_intro for a in parsed.priority_areas] == details["priority_intros"]
    assert [a.focus_points_intro for a in parsed.improvement_areas] == details["improvement_intros"]
    assert [a.focus_points for a in parsed.improvement_areas] == details["improvement_focus_points"]
    assert [(m.name, m.role, m.inspectorate) for m in parsed.team] == details["team"]
    # Running headers and page numbers are gone from the text shown for review.
    assert "Inspection report:" not in text.replace("Area SEND inspection report", "")


@pytest.mark.parametrize("slug", ["suffolk", "bexley"])
def test_reading_matches_the_hand_checked_demo_record(slug):
    """The demo fixtures were transcribed from the PDFs and checked by hand."""
    record = next(i for i in demo_record(slug)["inspections"] if i["kind"] == Inspection.Kind.FULL)
    _, parsed = read_report(slug)
    assert parsed.start_date.isoformat() == record["start_date"]
    assert parsed.end_date.isoformat() == record["end_date"]
    assert parsed.outcome == record["outcome"]
    assert parsed.outcome_text == record["outcome_text"]
    areas = {("priority_action", a.number): a for a in parsed.priority_areas}
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
    assert {k: data[k] for k in JSON_KEYS - {"priority_areas", "judgements"}} == {
        "kind": "monitoring",
        "local_area": "Suffolk",
        "start_date": "2026-03-23",
        "end_date": "2026-03-25",
        "published_date": "2026-05-20",
        "previous_inspection": "13 to 17 November 2023",
        "outcome": None,
        "improvement_areas": [],
    }
    assert data["priority_areas"] == [
        {
            "number": 1,
            "responsible_body": "",
            "statement": (
                "The local area partnership should work more collaboratively and effectively "
                "to improve strategic planning. This needs to deliver systems with measurable "
                "impact that will create better experiences and outcomes for children and "
                "young people with SEND."
            ),
            "focus_points": [
                "the robustness and impact of governance",
                "the rigour of quality assurance approaches so that these give the information "
                "leaders require to address weaknesses effectively",
                "the frequency and quality of multi-agency working",
                "the management of transitions and planning for adulthood for children and "
                "young people, starting in the earliest years, and across services in "
                "education, health and care, including putting steps in place to reduce NEET, "
                "so that they are better supported to lead fulfilling lives.",
            ],
        },
        {
            "number": 2,
            "responsible_body": "",
            "statement": (
                "Local area partnership leaders should cooperate to take urgent action to "
                "improve the timeliness and quality of the statutory education, health and "
                "care (EHC) plan processes, EHC plan needs assessments, and EHC plans and "
                "annual reviews, particularly using annual reviews to amend the quality of "
                "existing EHC plans where required. This should ensure that plans "
                "meaningfully capture the views and aspirations of children and young people "
                "with SEND and their families, so that they get the right support at the "
                "right time."
            ),
            "focus_points": [],
        },
    ]
    assert (
        parsed.priority_areas[0].focus_points_intro
        == "In particular, they should urgently improve:"
    )
    # The narratives, signatories and addressees as transcribed in the demo record, where
    # paragraphs the page breaks cut in two are put back together.
    record = next(
        i for i in demo_record("suffolk")["inspections"] if i["kind"] == Inspection.Kind.MONITORING
    )
    assert data["judgements"] == [
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
    assert parsed.to_json() == EXPECTED_REPORTS[name]


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
            },
            {
                "number": 2,
                "responsible_body": None,
                "statement": (
                    "Leaders should publish what the partnership has done about complaints."
                ),
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
        },
        {
            "number": 2,
            "responsible_body": "NHS Testshire ICB",
            "statement": "Leaders should reduce waiting times so that:",
        },
    ]
    assert parsed.improvement_areas[1].focus_points == [
        "children are assessed sooner",
        "families know how long they will wait.",
    ]


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_INPUT_NAMES)
def test_bad_files_get_a_clear_message(case):
    data, words = cached_bad_inputs()[case]
    with pytest.raises(ReportReadError) as error:
        read_pdf(data)
    assert words in error.value.message


def test_text_that_is_not_a_report_gets_a_clear_message():
    with pytest.raises(ReportReadError, match="does not look like"):
        read_text("Minutes of the SEND Improvement Board, 3 March 2026.\nApologies: none.")
    with pytest.raises(ReportReadError, match="Paste the text"):
        read_text("   \n ")


def test_a_file_for_the_command_may_be_a_pdf_or_text():
    with pytest.raises(ReportReadError, match="neither a PDF nor a plain text file"):
        read_file(docx_bytes())
    with pytest.raises(ReportReadError, match="does not look like"):
        read_file(b"Just some notes.\n")


# --- Organisations -------------------------------------------------------------------------


def test_responsible_bodies_are_split_where_one_name_ends():
    assert split_bodies(
        "Suffolk County Council, NHS Suffolk and North East Essex ICB and NHS Norfolk and "
        "Waveney area ICB"
    ) == [
        "Suffolk County Council",
        "NHS Suffolk and North East Essex ICB",
        "NHS Norfolk and Waveney area ICB",
    ]
    assert split_bodies(
        "Hertfordshire County Council and NHS Hertfordshire and West Essex Integrated Care Board"
    ) == ["Hertfordshire County Council", "NHS Hertfordshire and West Essex Integrated Care Board"]
    assert split_bodies("Bexley Council and South East London ICB") == [
        "Bexley Council",
        "South East London ICB",
    ]


def test_organisation_names_match_their_variants():
    assert organisation_key("NHS Norfolk and Waveney area ICB") == organisation_key(
        "NHS Norfolk and Waveney ICB"
    )
    assert organisation_key("Hertfordshire and West Essex Integrated Care Board") == (
        organisation_key("NHS  hertfordshire AND west essex ICB")
    )
    assert organisation_key("Suffolk County Council") != organisation_key("Suffolk Council")
    assert guess_organisation_kind("Testshire County Council") == "council"
    assert guess_organisation_kind("London Borough of Testshire") == "council"
    assert guess_organisation_kind("NHS Testshire Integrated Care Board") == "icb"
    assert guess_organisation_kind("Testshire Parent Carer Forum") == "pcf"
    assert guess_organisation_kind("Testshire Police") == "other"


# --- Saving --------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    models = [
        Partnership,
        Organisation,
        Inspection,
        InspectionTeamMember,
        Addressee,
        Finding,
        FocusPoint,
        Judgement,
        Deadline,
    ]
    return {model.__name__: model.objects.count() for model in models}


def snapshot(partnership: Partnership) -> list[Any]:
    """Every saved value of the partnership's inspections, to show nothing changed."""
    rows: list[Any] = []
    for inspection in Inspection.objects.filter(partnership=partnership).order_by("pk"):
        rows.append(
            (
                inspection.kind,
                inspection.start_date,
                inspection.end_date,
                inspection.published_date,
                inspection.outcome,
                inspection.outcome_text,
                inspection.follows_id,
                inspection.source,
            )
        )
        rows += list(inspection.team.values_list("order", "name", "role", "inspectorate"))
        rows += list(inspection.addressees.values_list("order", "name", "role", "organisation"))
        for finding in inspection.findings.order_by("kind", "number"):
            rows.append(
                (finding.kind, finding.number, finding.statement, finding.focus_points_intro)
            )
            rows.append(sorted(finding.responsible_bodies.values_list("name", flat=True)))
            rows += list(finding.focus_points.values_list("order", "text"))
        rows += list(inspection.judgements.values_list("finding_id", "outcome", "narrative"))
        rows += list(inspection.deadlines.values_list("title", "due_date", "status"))
    rows += list(partnership.organisations.values_list("name", "kind"))
    return rows


@pytest.mark.django_db
def test_saving_a_report_records_the_inspection_findings_and_bodies():
    partnership = make_partnership("Hertfordshire", slug="hertfordshire")
    _, parsed = read_report("hertfordshire")
    result = report_import(partnership=partnership, parsed=parsed)
    inspection = result.inspection
    assert inspection is not None
    assert (inspection.kind, inspection.outcome) == ("full_2023", "systemic")
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2023, 7, 10),
        dt.date(2023, 7, 14),
    )
    assert inspection.outcome_text.startswith("There are widespread and/or systemic failings")
    assert inspection.findings.filter(kind="priority_action").count() == 2
    assert inspection.findings.filter(kind="improvement").count() == 5
    assert list(inspection.team.values_list("name", "inspectorate")) == [
        ("Katherine Douglas", "ofsted"),
        ("Margaret Burke", "ofsted"),
        ("Charlie Fordham", "ofsted"),
        ("Daniel Carrick", "cqc"),
        ("Lesley Perry", "cqc"),
    ]
    assert sorted(partnership.organisations.values_list("name", "kind")) == [
        ("Hertfordshire County Council", "council"),
        ("NHS Hertfordshire and West Essex Integrated Care Board", "icb"),
    ]
    for finding in inspection.findings.filter(kind="priority_action"):
        assert finding.responsible_bodies.count() == 2
    # The framework's implied deadlines: monitoring in ~18 months, reinspection in ~3 years.
    assert inspection.deadlines.count() == 2
    # 1 inspection, 5 team members, 7 findings, 2 organisations and 2 deadlines.
    assert (result.created, result.updated) == (1 + 5 + 7 + 2 + 2, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_importing_the_same_report_again_changes_nothing(name):
    partnership = make_partnership(f"{name.title()} test", slug=f"{name}-test")
    _, parsed = read_report(name)
    first = report_import(partnership=partnership, parsed=parsed)
    assert first.created > 0
    counts, values = row_counts(), snapshot(partnership)
    second = report_import(partnership=partnership, parsed=parsed)
    assert (second.created, second.updated) == (0, 0)
    assert second.inspection == first.inspection
    assert row_counts() == counts
    assert snapshot(partnership) == values


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["suffolk", "bexley"])
def test_importing_a_demo_report_changes_nothing_in_the_demo_record(demo, slug):
    """The demo record is the hand-checked transcription of the same PDF."""
    partnership = Partnership.objects.get(slug=slug)
    counts, values = row_counts(), snapshot(partnership)
    result = report_import(partnership=partnership, parsed=read_report(slug)[1])
    assert (result.created, result.updated) == (0, 0)
    assert row_counts() == counts
    assert snapshot(partnership) == values


@pytest.mark.django_db
def test_the_letter_changes_nothing_in_the_demo_record(demo):
    suffolk = Partnership.objects.get(slug="suffolk")
    counts, values = row_counts(), snapshot(suffolk)
    result = report_import(partnership=suffolk, parsed=read_text(letter_text())[1])
    assert (result.created, result.updated) == (0, 0)
    assert row_counts() == counts
    assert snapshot(suffolk) == values


@pytest.mark.django_db
def test_the_letters_judgements_attach_to_the_recorded_full_inspection(demo):
    suffolk = Partnership.objects.get(slug="suffolk")
    recorded = Inspection.objects.get(partnership=suffolk, kind="monitoring_2023")
    expected = list(recorded.judgements.values_list("finding_id", "outcome", "narrative"))
    recorded.delete()
    full = Inspection.objects.get(partnership=suffolk, kind="full_2023")
    findings_before = Finding.objects.count()

    result = report_import(partnership=suffolk, parsed=read_text(letter_text())[1])

    monitoring = result.inspection
    assert monitoring is not None and monitoring.follows == full
    assert (monitoring.start_date, monitoring.end_date, monitoring.published_date) == (
        dt.date(2026, 3, 23),
        dt.date(2026, 3, 25),
        dt.date(2026, 5, 20),
    )
    assert sorted(
        monitoring.judgements.values_list("finding_id", "outcome", "narrative")
    ) == sorted(expected)
    assert {j.finding.inspection_id for j in monitoring.judgements.all()} == {full.pk}
    assert Finding.objects.count() == findings_before  # none invented from the letter
    assert list(monitoring.team.values_list("name", "is_signatory")) == [
        ("Kieran Bird", True),
        ("Nick Bennison", True),
        ("Claire Mason", True),
        ("Lisa Laughlin", True),
    ]
    assert monitoring.addressees.count() == 2
    deadline = full.deadlines.get(title__startswith="Monitoring inspection")
    assert (deadline.status, deadline.met_date) == ("met", dt.date(2026, 3, 25))


@pytest.mark.django_db
def test_a_letter_whose_inspection_is_not_recorded_is_refused():
    partnership = make_partnership("Suffolk test", slug="suffolk-test")
    counts = row_counts()
    with pytest.raises(ImportRefused, match="13 to 17 November 2023, which is not recorded"):
        report_import(partnership=partnership, parsed=read_text(letter_text())[1])
    assert row_counts() == counts

    report_import(partnership=partnership, parsed=read_report("suffolk")[1])
    result = report_import(partnership=partnership, parsed=read_text(letter_text())[1])
    assert result.inspection is not None
    assert result.inspection.judgements.count() == 2


@pytest.mark.django_db
def test_responsible_bodies_reuse_the_partnerships_organisations():
    partnership = make_partnership("Testshire", slug="testshire")
    council = Organisation.objects.create(
        partnership=partnership, name="Testshire County Council", short_name="TCC", kind="council"
    )
    icb = Organisation.objects.create(
        partnership=partnership, name="NHS Testshire and Wold ICB", kind="icb"
    )
    parsed = ParsedReport(
        kind="full",
        local_area="Testshire",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 7),
        outcome="systemic",
    )
    from inspections.importer.parse import PriorityArea

    parsed.priority_areas = [
        PriorityArea(
            1, "testshire county  council and NHS Testshire and Wold Integrated Care Board", "A."
        ),
        PriorityArea(2, "TCC, Testshire Parent Carer Forum", "B."),
    ]
    report_import(partnership=partnership, parsed=parsed)
    first, second = Finding.objects.filter(inspection__partnership=partnership).order_by("number")
    assert set(first.responsible_bodies.all()) == {council, icb}
    forum = Organisation.objects.get(partnership=partnership, name="Testshire Parent Carer Forum")
    assert forum.kind == "pcf"
    assert set(second.responsible_bodies.all()) == {council, forum}
    assert partnership.organisations.count() == 3


# --- The command ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_dry_run_json_prints_one_json_object_and_saves_nothing(name):
    counts = row_counts()
    out = io.StringIO()
    call_command(
        "import_report",
        str(REPORTS / f"{name}-full-inspection.pdf"),
        "--dry-run",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())  # the whole output is one JSON object
    assert set(data) == JSON_KEYS
    assert data == EXPECTED_REPORTS[name]
    for area in data["priority_areas"]:
        assert set(area) == {"number", "responsible_body", "statement", "focus_points"}
    for area in data["improvement_areas"]:
        assert set(area) == {"number", "responsible_body", "statement"}
    assert row_counts() == counts


@pytest.mark.django_db
def test_dry_run_json_of_the_letter():
    out = io.StringIO()
    call_command("import_report", str(LETTER), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["kind"] == "monitoring"
    assert [(j["area_number"], j["outcome"]) for j in data["judgements"]] == [
        (1, "ineffective"),
        (2, "effective"),
    ]
    assert set(data["judgements"][0]) == {"area_number", "outcome", "narrative"}


@pytest.mark.django_db
def test_the_command_saves_and_summarises():
    partnership = make_partnership("Wiltshire", slug="wiltshire")
    out = io.StringIO()
    call_command(
        "import_report",
        str(REPORTS / "wiltshire-full-inspection.pdf"),
        "--partnership",
        "wiltshire",
        stdout=out,
    )
    text = out.getvalue()
    assert "Full inspection report: Wiltshire" in text
    assert "Inspection dates: 14 to 18 October 2024" in text
    assert "Outcome: positive" in text
    assert "Saved to Wiltshire" in text
    assert Inspection.objects.filter(partnership=partnership).count() == 1
    out = io.StringIO()
    call_command(
        "import_report",
        str(REPORTS / "wiltshire-full-inspection.pdf"),
        "--partnership=wiltshire",
        stdout=out,
    )
    assert "nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_bad_use_with_a_message(tmp_path):
    pdf = str(REPORTS / "wiltshire-full-inspection.pdf")
    with pytest.raises(CommandError, match="--partnership"):
        call_command("import_report", pdf)
    with pytest.raises(CommandError, match="no partnership with the slug"):
        call_command("import_report", pdf, "--partnership", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_report", str(tmp_path / "missing.pdf"), "--dry-run")
    make_partnership("Suffolk test", slug="suffolk-test")
    with pytest.raises(CommandError, match="not recorded"):
        call_command("import_report", str(LETTER), "--partnership", "suffolk-test")
    for case in ["scanned", "encrypted", "a Word document"]:
        data, words = cached_bad_inputs()[case]
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        with pytest.raises(
            CommandError, match="neither a PDF" if case == "a Word document" else words
        ):
            call_command("import_report", str(path), "--dry-run", "--json", stdout=io.StringIO())
    assert Inspection.objects.count() == 0


# --- The pages -----------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's form with `action`."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "file"}:
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select, self._selected, self._first_option = a.get("name"), None, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            text = text[1:] if text.startswith("\n") else text
            # Browsers send a textarea's lines with CRLF endings.
            self.data.append((self._textarea, text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            value = self._selected if self._selected is not None else self._first_option
            self.data.append((self._select, value or ""))
            self._select = None


def form_data(html: str, action: str) -> dict[str, Any]:
    parser = FormFields(action)
    parser.feed(html)
    data: dict[str, Any] = {}
    for name, value in parser.data:
        data.setdefault(name, value)
    return data


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def officer_client(demo) -> Client:
    return client_for("suffolk-officer")


def upload_url(slug: str = "suffolk") -> str:
    return reverse("inspections:import", kwargs={"slug": slug})


def save_url(slug: str = "suffolk") -> str:
    return reverse("inspections:import-save", kwargs={"slug": slug})


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(demo):
    for url in [upload_url(), save_url()]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_board_members_may_not_import(board_client):
    assert board_client.get(upload_url()).status_code == 403
    assert board_client.post(upload_url(), {"text": letter_text()}).status_code == 403
    assert board_client.post(save_url(), {}).status_code == 403


@pytest.mark.django_db
def test_another_partnerships_members_get_not_found(bexley_client):
    assert bexley_client.get(upload_url("suffolk")).status_code == 404
    assert bexley_client.post(save_url("suffolk"), {}).status_code == 404


@pytest.mark.django_db
def test_the_upload_page(officer_client):
    response = officer_client.get(upload_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and 'name="report"' in html
    assert '<textarea class="govuk-textarea" id="id_text" name="text"' in html
    assert "<script>" not in html and "style=" not in html  # strict CSP
    assert officer_client.get(save_url()).status_code == 405


@pytest.mark.django_db
def test_an_officer_uploads_checks_and_saves_a_report(demo):
    wiltshire = make_partnership("Wiltshire", slug="wiltshire")
    officer = make_member(wiltshire, role=Membership.Role.OFFICER)
    client = Client()
    client.login(username=officer.username, password=PASSWORD)

    upload = SimpleUploadedFile("wiltshire.pdf", report_pdf("wiltshire"), "application/pdf")
    review = client.post(upload_url("wiltshire"), {"report": upload})
    html = review.content.decode()
    assert review.status_code == 200
    assert "Check what was read" in html
    assert "Save to Wiltshire" in html
    assert "readonly>" in html and "Areas for improvement" in html  # the source text
    assert 'value="2024-10-14"' in html and 'value="2024-10-18"' in html
    assert Inspection.objects.filter(partnership=wiltshire).count() == 0  # nothing saved yet

    data = form_data(html, save_url("wiltshire"))
    assert data["report-outcome"] == "positive"
    data["afi-1-statement"] = data["afi-1-statement"].replace("post-16", "after 16")  # a fix
    saved = client.post(save_url("wiltshire"), data)
    inspection = Inspection.objects.get(partnership=wiltshire)
    assert saved.status_code == 302
    assert saved["Location"] == reverse(
        "inspections:inspection", kwargs={"slug": "wiltshire", "pk": inspection.pk}
    )
    assert inspection.findings.count() == 2
    assert "after 16" in inspection.findings.get(number=2).statement
    assert inspection.team.count() == 6
    page = client.get(saved["Location"]).content.decode()
    assert "saved: " in page and "records created" in page

    again = client.post(save_url("wiltshire"), data, follow=True)
    assert "nothing changed" in again.content.decode()
    assert Inspection.objects.filter(partnership=wiltshire).count() == 1


@pytest.mark.django_db
def test_a_leader_imports_the_bexley_report_into_bexley(bexley_client):
    upload = SimpleUploadedFile("bexley.pdf", report_pdf("bexley"), "application/pdf")
    review = bexley_client.post(upload_url("bexley"), {"report": upload})
    html = review.content.decode()
    assert "Save to Bexley" in html
    assert "Bexley Council and South East London ICB" in html
    bexley = Partnership.objects.get(slug="bexley")
    counts, values = row_counts(), snapshot(bexley)
    saved = bexley_client.post(save_url("bexley"), form_data(html, save_url("bexley")), follow=True)
    assert saved.redirect_chain[-1][0].startswith("/p/bexley/inspections/")
    assert "nothing changed" in saved.content.decode()
    assert (row_counts(), snapshot(bexley)) == (counts, values)


@pytest.mark.django_db
def test_an_officer_pastes_the_letter_text(officer_client):
    review = officer_client.post(upload_url(), {"text": letter_text()})
    html = review.content.decode()
    assert "A monitoring letter about Suffolk" in html
    assert "Ineffective action" in html and "Kieran Bird" in html
    data = form_data(html, save_url())
    assert data["judgement-0-outcome"] == "ineffective"
    assert data["judgement-1-outcome"] == "effective"
    saved = officer_client.post(save_url(), data, follow=True)
    assert "nothing changed" in saved.content.decode()  # the demo already holds the letter


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "report-end_date",
            "2024-10-01",
            "The last day must be the same as or after the first day",
        ),
        (
            "report-start_date",
            "2024-02-30",
            "Enter a real date for the first day of the inspection",
        ),
        ("report-outcome", "catastrophic", "Select a valid choice"),
        ("report-outcome", "", "Choose the inspection’s outcome"),
        ("afi-0-statement", "Leaders should\x00 act.", "NUL byte"),
        ("afi-0-statement", "x" * 5001, "Ensure this value has at most 5000 characters"),
        ("afi-0-statement", "", "Enter the area’s statement, or remove the area"),
        ("afi-1-number", "1", "Two areas have the number 1"),
        ("team-0-inspectorate", "fbi", "Select a valid choice"),
    ],
)
def test_reviewed_values_are_validated_again(field, value, message):
    wiltshire = make_partnership("Wiltshire", slug="wiltshire")
    officer = make_member(wiltshire, role=Membership.Role.OFFICER)
    client = Client()
    client.login(username=officer.username, password=PASSWORD)
    upload = SimpleUploadedFile("w.pdf", report_pdf("wiltshire"), "application/pdf")
    html = client.post(upload_url("wiltshire"), {"report": upload}).content.decode()
    data = form_data(html, save_url("wiltshire"))
    data[field] = value
    response = client.post(save_url("wiltshire"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert message in page.replace("&#x27;", "'")
    assert Inspection.objects.filter(partnership=wiltshire).count() == 0


@pytest.mark.django_db
def test_a_refused_letter_is_explained_on_the_review_page():
    partnership = make_partnership("Suffolk test", slug="suffolk-test")
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    client = Client()
    client.login(username=officer.username, password=PASSWORD)
    html = client.post(upload_url("suffolk-test"), {"text": letter_text()}).content.decode()
    response = client.post(save_url("suffolk-test"), form_data(html, save_url("suffolk-test")))
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "not recorded for Suffolk test. Import that inspection’s report first" in page
    assert Inspection.objects.filter(partnership=partnership).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUT_NAMES)
def test_bad_uploads_show_a_message_and_save_nothing(officer_client, case):
    data, words = cached_bad_inputs()[case]
    counts = row_counts()
    upload = SimpleUploadedFile("report.pdf", data, "application/pdf")
    response = officer_client.post(upload_url(), {"report": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert words.replace("’", "&#x27;") in page or words in page
    assert "Check what was read" not in page
    assert row_counts() == counts


@pytest.mark.django_db
def test_the_upload_form_needs_exactly_one_of_file_or_text(officer_client):
    page = officer_client.post(upload_url(), {}).content.decode()
    assert "Choose the report’s PDF, or paste its text" in page
    upload = SimpleUploadedFile("r.pdf", b"%PDF-1.7", "application/pdf")
    page = officer_client.post(
        upload_url(), {"report": upload, "text": "Some text"}
    ).content.decode()
    assert "Upload a file or paste text, not both" in page
