"""The reader process: `python -m inspections.importer.pdf_reader LIMITS` reads a PDF's bytes
from standard input and writes what it found as JSON to standard output.

It is started for each uploaded PDF by `bounded.text_from_pdf_bounded`, and limits itself
before it reads anything: CPU seconds (the kernel stops it with SIGXCPU), address space
(MemoryError, reported as exit status MEMORY_EXIT) and no files written. It imports nothing
of Django: only the importer's reading modules and pypdf.

Output: {"text": ...}, {"error": message} for a file that is not a readable report, or
{"limit": name} when a budget (`budget.Budget`) was over.
"""

from __future__ import annotations

import json
import os
import resource
import sys

MEMORY_EXIT = 3
"""Exit status of a reader that ran out of the memory it was allowed."""


def limit_self(*, cpu_seconds: int, memory_bytes: int) -> None:
    """Limits the kernel enforces on this process from here on (they cannot be raised again)."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def main() -> int:
    limits = json.loads(sys.argv[1])
    limit_self(cpu_seconds=limits["cpu_seconds"], memory_bytes=limits["memory_bytes"])
    try:
        from inspections.importer.budget import Budget
        from inspections.importer.errors import PdfTooComplex, ReportReadError
        from inspections.importer.extract import text_from_pdf

        data = sys.stdin.buffer.read()
        try:
            reply: dict[str, str] = {"text": text_from_pdf(data, budget=Budget(**limits["budget"]))}
        except PdfTooComplex as error:
            reply = {"limit": error.limit}
        except ReportReadError as error:
            reply = {"error": error.message}
        out = json.dumps(reply).encode()
    except MemoryError:
        os._exit(MEMORY_EXIT)  # nothing more can be allocated, not even to say so
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
