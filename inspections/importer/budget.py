"""Cheap checks of what reading a PDF's text would cost, made before it is read.

pypdf's text extraction visits every operation of every content stream, and a Form XObject
drawn with `Do` is read again at each drawing. A few kilobytes of compressed PDF can hold
hundreds of thousands of operations, or forms nested so that one is drawn millions of times.
Published reports are nothing like that (the six in fixtures/reports: at most 11 pages,
7,214 operations and 63 KB of content on a page, 56,394 operations in all, no forms), so
anything far beyond them is refused before the expensive part starts. The operations are
counted with one regular expression over the decoded stream: it counts words inside text
strings as well, so it errs on the side of more, and costs a few milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from inspections.importer.errors import PdfTooComplex


@dataclass(frozen=True)
class Budget:
    """The most a PDF may hold for its text to be read."""

    max_pages: int = 200
    max_content_bytes_per_page: int = 1_000_000  # decoded, forms included
    max_operations_per_page: int = 30_000  # forms counted at each drawing
    max_operations: int = 150_000  # the whole document
    max_form_drawings_per_page: int = 100
    max_form_depth: int = 4
    max_text_chars: int = 1_000_000  # what the reader returns, for the web process to parse

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


UNLIMITED = Budget(10**9, 10**12, 10**12, 10**12, 10**9, 10**6, 10**12)
"""No budget at all: for tests that show what the reader process's own limits do."""

# A bare word between delimiters: an operator (or a word inside a text string).
_OPERATION = re.compile(rb"(?<![^\s\[\]()<>{}/%])[A-Za-z'\"][A-Za-z0-9*']*(?![^\s\[\]()<>{}/%])")
_DRAW_FORM = re.compile(rb"/([^\s\[\]()<>{}/%]+)\s+Do(?![A-Za-z0-9*'])")


@dataclass
class _Tally:
    operations: int = 0
    content_bytes: int = 0
    form_drawings: int = 0


def check_budget(pages: Any, budget: Budget) -> None:
    """Raise PdfTooComplex naming the first budget a PDF's pages (pypdf pages) go over."""
    if len(pages) > budget.max_pages:
        raise PdfTooComplex("pages")
    total = 0
    counted: dict[int, tuple[int, int, Counter[bytes]]] = {}
    for page in pages:
        tally = _Tally()
        _visit(page.get("/Contents"), page.get("/Resources"), 0, tally, budget, counted)
        total += tally.operations
        if total > budget.max_operations:
            raise PdfTooComplex("operations in the document")


def _visit(
    contents: Any,
    resources: Any,
    depth: int,
    tally: _Tally,
    budget: Budget,
    counted: dict[int, tuple[int, int, Counter[bytes]]],
) -> None:
    """Add one drawing of `contents` (and of every form it draws) to the page's tally."""
    operations, size, draws = _count(contents, counted)
    tally.operations += operations
    tally.content_bytes += size
    if tally.content_bytes > budget.max_content_bytes_per_page:
        raise PdfTooComplex("content bytes on a page")
    if tally.operations > budget.max_operations_per_page:
        raise PdfTooComplex("operations on a page")
    if not draws:
        return
    forms = _forms(resources)
    for name, times in draws.items():
        form = forms.get(name)
        if form is None:
            continue
        if depth + 1 > budget.max_form_depth:
            raise PdfTooComplex("Form XObject nesting")
        for _ in range(times):
            tally.form_drawings += 1
            if tally.form_drawings > budget.max_form_drawings_per_page:
                raise PdfTooComplex("Form XObject drawings on a page")
            _visit(form, form.get("/Resources"), depth + 1, tally, budget, counted)


def _count(
    contents: Any, counted: dict[int, tuple[int, int, Counter[bytes]]]
) -> tuple[int, int, Counter[bytes]]:
    """Operations, decoded bytes and forms drawn (by name) of a content stream or array of them."""
    if contents is None:
        return 0, 0, Counter()
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, list) else [contents]
    operations, size, draws = 0, 0, Counter[bytes]()
    for item in streams:
        stream = item.get_object()
        key = id(stream)
        if key not in counted:
            data = stream.get_data()
            counted[key] = (
                len(_OPERATION.findall(data)),
                len(data),
                Counter(match.group(1) for match in _DRAW_FORM.finditer(data)),
            )
        more_operations, more_size, more_draws = counted[key]
        operations += more_operations
        size += more_size
        draws.update(more_draws)
    return operations, size, draws


def _forms(resources: Any) -> dict[bytes, Any]:
    """The Form XObjects a content stream can draw, by name (without the slash)."""
    try:
        xobjects = resources.get_object().get("/XObject")
        if not xobjects:
            return {}
        found = {}
        for name, ref in xobjects.get_object().items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                found[str(name).lstrip("/").encode("latin-1", "replace")] = obj
        return found
    except (AttributeError, TypeError, KeyError):
        return {}
