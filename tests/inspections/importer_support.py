"""What the importer tests share: the published inputs, their expected results, files made
to be refused, and snapshots of the saved rows.

The six published reports and the monitoring letter are committed under fixtures/ (see
fixtures/NOTICE). Beside each input, `expected/<input name>.json` is what `import_report
--json` prints for it (`ParsedReport.to_json()`), and `expected/<input name>.details.json`
what the review page shows besides: the sentence introducing each area's bullet points, an
area for improvement's bullet points, the inspection team or signatories, and a letter's
addressees. Both were checked against the documents by hand; Suffolk's and Bexley's also
against the demo fixtures, which were transcribed and checked separately.
"""

from __future__ import annotations

import functools
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from django.conf import settings

from demo.loader import DEMO_DIR
from inspections.importer import MAX_UPLOAD_BYTES, ParsedReport, read_pdf
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Judgement,
    Organisation,
    Partnership,
)

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


def report_path(name: str) -> Path:
    return REPORTS / f"{name}-full-inspection.pdf"


def report_pdf(name: str) -> bytes:
    return report_path(name).read_bytes()


@functools.cache
def read_report(name: str) -> tuple[str, ParsedReport]:
    """Each PDF is read once per test run (about a second each)."""
    return read_pdf(report_pdf(name))


def letter_text() -> str:
    return LETTER.read_text(encoding="utf-8")


def demo_record(slug: str) -> dict[str, Any]:
    return json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))


# --- Expected results ----------------------------------------------------------------------


def expected_path(source: Path, part: str = "") -> Path:
    """Where the expected results for the input `source` are kept (`part` ".details")."""
    return source.parent / "expected" / f"{source.stem}{part}.json"


def expected(source: Path) -> dict[str, Any]:
    """The JSON object the importer should give for `source`."""
    return json.loads(expected_path(source).read_text(encoding="utf-8"))


def expected_details(source: Path) -> dict[str, Any]:
    """What the review page should show for `source` beyond the JSON object."""
    return json.loads(expected_path(source, ".details").read_text(encoding="utf-8"))


def details_of(parsed: ParsedReport) -> dict[str, Any]:
    """The parts of a reading that the JSON object leaves out, in the details files' shape."""
    return {
        "priority_areas": [
            {"number": area.number, "focus_points_intro": area.focus_points_intro}
            for area in parsed.priority_areas
        ],
        "improvement_areas": [
            {
                "number": area.number,
                "focus_points_intro": area.focus_points_intro,
                "focus_points": area.focus_points,
            }
            for area in parsed.improvement_areas
        ],
        "team": [vars(member) for member in parsed.team],
        "addressees": [vars(addressee) for addressee in parsed.addressees],
    }


# --- Files made here to be refused (no binaries of our own are committed) ------------------


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


# --- What is saved ---------------------------------------------------------------------------


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
    return {model.__name__: model._default_manager.count() for model in models}


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
