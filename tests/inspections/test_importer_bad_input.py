"""Files and text that are not a report: each gets a message saying what is wrong."""

from __future__ import annotations

import pytest

from inspections.importer import ReportReadError, read_file, read_pdf, read_text
from tests.inspections.importer_support import BAD_INPUT_NAMES, cached_bad_inputs, docx_bytes


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
