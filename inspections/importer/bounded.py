"""Read an uploaded PDF in a short-lived process of its own, within limits.

A hostile PDF of a few kilobytes can keep a reader busy for minutes and grow it by hundreds
of megabytes. Reading in the web process would hold its worker that long, so each upload is
read by a new process (`pdf_reader`) that the request starts and waits for:

- before reading, the reader checks the PDF against a budget (`budget.Budget`: pages,
  content bytes, operations, Form XObject drawings and nesting);
- while reading, the kernel holds it to `Limits.cpu_seconds` of CPU and
  `Limits.memory_bytes` of address space (`resource.setrlimit`, set in the reader itself);
- the request waits at most `Limits.wall_seconds`, then kills it.

Whichever limit is hit, the officer is told the PDF is too complex to read (PdfTooComplex,
which names the limit for the log and the tests) and nothing is saved.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from inspections.importer.budget import Budget
from inspections.importer.errors import PdfTooComplex, ReportReadError
from inspections.importer.extract import check_pdf_bytes, damaged
from inspections.importer.pdf_reader import MEMORY_EXIT

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Limits:
    """What one reader process may use. A published report takes under a second of CPU and
    about 70 MB; a reader process costs about 0.2 s to start."""

    cpu_seconds: int = 8
    memory_bytes: int = 512 * 1024 * 1024
    wall_seconds: float = 12.0
    budget: Budget = field(default_factory=Budget)


LIMITS = Limits()


def text_from_pdf_bounded(data: bytes, *, limits: Limits = LIMITS) -> str:
    """`extract.text_from_pdf(data)`, read in a reader process within `limits`.

    Raises ReportReadError for a file that is not a readable report, and PdfTooComplex
    (a ReportReadError) when a limit was hit."""
    check_pdf_bytes(data)  # size and header: no need to start a process to refuse these
    arguments = json.dumps(
        {
            "cpu_seconds": limits.cpu_seconds,
            "memory_bytes": limits.memory_bytes,
            "budget": limits.budget.as_dict(),
        }
    )
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
        [sys.executable, "-m", "inspections.importer.pdf_reader", arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )
    try:
        out, err = process.communicate(data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise _too_complex("time", process.pid) from None
    status = process.returncode
    if status in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_complex("CPU time", process.pid)
    if status == MEMORY_EXIT:
        raise _too_complex("memory", process.pid)
    try:
        reply = json.loads(out) if status == 0 else None
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        logger.error(
            "The PDF reader process stopped with status %s: %s",
            status,
            err.decode(errors="replace")[-2000:],
        )
        raise damaged()
    if "limit" in reply:
        raise _too_complex(reply["limit"], process.pid)
    if "error" in reply:
        raise ReportReadError(reply["error"])
    return str(reply["text"])


def _too_complex(limit: str, pid: int) -> PdfTooComplex:
    logger.warning("An uploaded PDF was refused: over the limit of %s (reader %s)", limit, pid)
    return PdfTooComplex(limit, pid=pid)
