"""PDFs built to tie up a reader: small files whose pages cost a great deal to read.

Both come from the security review of the importer: one page whose content stream holds
200,000 operations, and Form XObjects nested inside one another, each drawing the next
several times. They are written here object by object (nothing binary is committed).
"""

from __future__ import annotations

import zlib

_SHOW_TEXT = b"BT /F1 9 Tf 72 700 Td (Area SEND inspection) Tj ET\n"  # five operations
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(dictionary: bytes, data: bytes) -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< "
        + dictionary
        + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _one_page(content: bytes, resources: bytes, more: list[bytes]) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + resources
            + b" /Contents 4 0 R >>",
            _stream(b"", content),
            *more,
        ]
    )


def many_operations_pdf(operations: int = 200_000) -> bytes:
    """One page whose content stream holds `operations` operations in 400 KB (compressed:
    a few KB): a line of text, then save and restore the graphics state over and over."""
    content = _SHOW_TEXT + b"q Q\n" * ((operations - 5) // 2)
    return _one_page(content, b"<< /Font << /F1 " + _FONT + b" >> >>", [])


def long_text_pdf(operations: int = 200_000) -> bytes:
    """One page that shows the same text `operations // 5` times (2 MB of content, 6 KB
    compressed): many seconds of pypdf's text extraction."""
    return _one_page(_SHOW_TEXT * (operations // 5), b"<< /Font << /F1 " + _FONT + b" >> >>", [])


def inflating_pdf(megabytes: int = 64) -> bytes:
    """One page whose 60 KB content stream inflates to `megabytes` MB."""
    return _one_page(b"q Q " * (megabytes * 1024 * 256), b"<< >>", [])


def nested_forms_pdf(depth: int = 12, fan_out: int = 4) -> bytes:
    """Form XObjects `depth` deep, each drawing the next `fan_out` times: the innermost
    is drawn fan_out ** depth times from one page of a few KB."""
    first = 5  # objects 1-4: catalog, pages, page, page content
    forms = []
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            content, inner = _SHOW_TEXT, b""
        else:
            content, inner = b"q /X0 Do Q\n" * fan_out, b" /XObject << /X0 %d 0 R >>" % (number + 1)
        forms.append(
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 "
                + _FONT
                + b" >>"
                + inner
                + b" >>",
                content,
            )
        )
    resources = b"<< /Font << /F1 " + _FONT + b" >> /XObject << /X0 %d 0 R >> >>" % first
    return _one_page(b"q /X0 Do Q\n" * fan_out, resources, forms)
