"""Spreadsheets built for the import tests: workbooks and CSV files from rows."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx(rows: Sequence[Sequence[Any]], title: str = "Actions", **sheets: Any) -> bytes:
    """A workbook whose first sheet (`title`) holds `rows`; `sheets` adds more by name."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, more in sheets.items():
        extra = workbook.create_sheet(name)
        for row in more:
            extra.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(rows: Sequence[Sequence[Any]], bom: bool = True) -> bytes:
    import csv

    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def upload(data: bytes, name: str = "tracker.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def rewrite_member(data: bytes, name: str, change: Any) -> bytes:
    """The workbook with one zip member's bytes passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def add_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, content)
    return out.getvalue()
