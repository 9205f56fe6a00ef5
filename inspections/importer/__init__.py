"""Import a published Area SEND inspection report or monitoring letter.

extract: PDF bytes or pasted text to structured plain text (ReportReadError for bad input),
         with layout (pages, lines, paragraphs) and tables (columns, cells); a PDF is read
         in a reader process of its own, within limits (bounded, pdf_reader, budget);
parse:   that text to a ParsedReport (result), whose to_json() is the documented JSON object,
         with text (lines, sections, rows), dates, full_report, letter and people;
save:    report_import(), which writes the inspection, findings and judgements idempotently.
"""

from __future__ import annotations

from inspections.importer.bounded import text_from_pdf_bounded
from inspections.importer.errors import PdfTooComplex
from inspections.importer.extract import (
    MAX_UPLOAD_BYTES,
    ReportReadError,
    text_from_paste,
    text_from_pdf,
)
from inspections.importer.parse import parse_report
from inspections.importer.result import ParsedReport

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ParsedReport",
    "PdfTooComplex",
    "ReportReadError",
    "parse_report",
    "read_file",
    "read_pdf",
    "read_text",
    "text_from_paste",
    "text_from_pdf",
]


def read_pdf(data: bytes) -> tuple[str, ParsedReport]:
    """The text of a published PDF and what it says, or ReportReadError (PdfTooComplex when
    reading it would take more than a report ever does: see `bounded`)."""
    text = text_from_pdf_bounded(data)
    return text, parse_report(text)


def read_text(text: str) -> tuple[str, ParsedReport]:
    """Pasted text and what it says, or ReportReadError."""
    text = text_from_paste(text)
    return text, parse_report(text)


def read_file(data: bytes) -> tuple[str, ParsedReport]:
    """A file that is either a PDF or plain UTF-8 text (a letter saved as text)."""
    if len(data) > MAX_UPLOAD_BYTES:
        return read_pdf(data)  # raises the size error
    if data.lstrip(b"\x00\t\n\r ")[:5] == b"%PDF-":
        return read_pdf(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text or "\x00" in text:
        raise ReportReadError(
            "The file is neither a PDF nor a plain text file. Use the report or letter as "
            "published (a PDF), or its text."
        )
    return read_text(text)
