"""A PDF that would tie up a reader is refused because a limit was hit in the reader process,
never read in the web process (security review finding 1).

Each test asserts which limit stopped the reading and that it was another process's; none
measures time. docs/security.md lists the limits.
"""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from inspections.importer import PdfTooComplex, read_pdf
from inspections.importer.bounded import LIMITS, Limits, text_from_pdf_bounded
from inspections.importer.budget import UNLIMITED, Budget, check_budget
from inspections.importer.errors import TOO_COMPLEX
from tests.inspections.hostile_pdfs import (
    inflating_pdf,
    long_text_pdf,
    many_operations_pdf,
    nested_forms_pdf,
)
from tests.inspections.importer_support import REPORT_NAMES, report_pdf, row_counts


def refusal(data: bytes, limits: Limits = LIMITS) -> PdfTooComplex:
    with pytest.raises(PdfTooComplex) as caught:
        text_from_pdf_bounded(data, limits=limits)
    error = caught.value
    assert error.message == TOO_COMPLEX
    assert error.pid is not None and error.pid != os.getpid()  # read in a process of its own
    with pytest.raises(ProcessLookupError):
        os.kill(error.pid, 0)  # which is gone: nothing is left running
    return error


@pytest.mark.parametrize(
    ("pdf", "limit"),
    [
        (many_operations_pdf(200_000), "operations on a page"),
        (long_text_pdf(200_000), "content bytes on a page"),
        (nested_forms_pdf(depth=12, fan_out=1), "Form XObject nesting"),
        (nested_forms_pdf(depth=3, fan_out=6), "Form XObject drawings on a page"),
    ],
    ids=["200,000 operations", "2 MB of content", "12 nested forms", "216 drawings of a form"],
)
def test_hostile_pdfs_are_refused_by_the_budget_before_reading(pdf: bytes, limit: str):
    assert len(pdf) < 80_000  # each is small: the size limit cannot be what refuses it
    assert refusal(pdf).limit == limit


def test_the_budget_counts_every_page_towards_the_document():
    pages = PdfReader(io.BytesIO(many_operations_pdf(20_000))).pages
    check_budget(pages, Budget())  # within every budget
    with pytest.raises(PdfTooComplex) as caught:
        check_budget(pages, Budget(max_operations=10_000))
    assert caught.value.limit == "operations in the document"


def test_the_text_returned_for_parsing_is_bounded_too():
    """The web process parses what the reader returns: that is limited as well."""
    limits = Limits(budget=Budget(max_text_chars=10_000))
    assert refusal(long_text_pdf(10_000), limits).limit == "text"  # 40,000 characters


def test_the_reader_is_stopped_by_its_cpu_limit():
    """With no budget, the kernel's CPU limit on the reader process stops it."""
    limits = Limits(cpu_seconds=1, wall_seconds=60, budget=UNLIMITED)
    assert refusal(long_text_pdf(400_000), limits).limit == "CPU time"


def test_the_reader_is_killed_when_it_runs_past_the_wall_clock_limit():
    """With no budget and CPU to spare, the request stops waiting and kills the reader."""
    limits = Limits(cpu_seconds=120, wall_seconds=1, budget=UNLIMITED)
    assert refusal(long_text_pdf(400_000), limits).limit == "time"


def test_the_reader_is_stopped_by_its_memory_limit():
    """A content stream that inflates to 64 MB, read with no budget in 200 MB of address
    space: the reader runs out of memory, and says so."""
    limits = Limits(memory_bytes=200 * 1024 * 1024, budget=UNLIMITED)
    assert refusal(inflating_pdf(64), limits).limit == "memory"


def test_published_reports_are_well_within_the_budget():
    """Every published report passes a third of each page's budget and half the document's:
    the limits leave room for reports longer than these."""
    defaults = Budget()
    tight = Budget(
        max_content_bytes_per_page=defaults.max_content_bytes_per_page // 3,
        max_operations_per_page=defaults.max_operations_per_page // 3,
        max_operations=defaults.max_operations // 2,
    )
    for name in REPORT_NAMES:
        check_budget(PdfReader(io.BytesIO(report_pdf(name))).pages, tight)
    assert read_pdf(report_pdf("wiltshire"))[1].local_area  # read by the reader process


@pytest.mark.django_db
def test_the_import_page_refuses_a_hostile_pdf_and_saves_nothing(officer):
    before = row_counts()
    url = reverse("inspections:import", kwargs={"slug": "suffolk"})
    upload = SimpleUploadedFile("report.pdf", nested_forms_pdf(), "application/pdf")
    response = officer.post(url, {"report": upload})
    assert response.status_code == 200
    assert TOO_COMPLEX in response.content.decode()
    assert row_counts() == before
