"""Why a file or text cannot be imported; the message is shown to the officer as it is."""

from __future__ import annotations

TOO_COMPLEX = (
    "This PDF is too complex to read. If it is a published report, download it again from Ofsted."
)


class ReportReadError(Exception):
    """The file or text cannot be read as a report. The message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PdfTooComplex(ReportReadError):
    """Reading the PDF would cost more than a report ever does: `limit` names the limit hit
    (a budget checked before reading, or the reader process's CPU, memory or time), and
    `pid` the process that hit it (the reader's, when it ran in one)."""

    def __init__(self, limit: str, *, pid: int | None = None) -> None:
        super().__init__(TOO_COMPLEX)
        self.limit = limit
        self.pid = pid

    def __str__(self) -> str:
        return f"{self.message} (limit: {self.limit})"
