"""python manage.py benchmark_sheets [--rows N] [--json]

Times the spreadsheet import and export on the demo data (Suffolk) with a workbook of
`--rows` new actions (5,000 by default): reading the upload, checking every row (the
preview), saving them all; then exporting the tracker with them, and importing that export
back with every title changed (the round trip: all rows updates). Everything it builds is
rolled back: the database is left as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from actions.models import Action, Plan, SheetKind
from actions.sheets import export, save
from actions.sheets.read import read_table
from actions.sheets.write import csv_bytes, workbook_bytes
from demo.loader import load_demo
from inspections.models import Membership, Organisation, Partnership

HEADINGS = [
    "Ref",
    "Area",
    "Action",
    "Lead organisation",
    "Lead officer",
    "Start",
    "Target date",
    "Status",
    "RAG",
    "Completed",
]


class Rollback(Exception):
    pass


def council_workbook(rows: int, organisation: str) -> bytes:
    """A council's own tracker: references, text and real dates, a few complete."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tracker")
    sheet.append(["SEND PAP Action Tracker (generated for the benchmark)"])
    sheet.append(HEADINGS)
    start = dt.date(2025, 1, 6)
    for n in range(rows):
        area = ["APA 1", "APA 2", "AFI 1", "AFI 2", "AFI 3"][n % 5]
        done = n % 7 == 0
        sheet.append(
            [
                f"B{n + 1}",
                area,
                f"Benchmark action {n + 1}: review and improve the EHC plan pathway",
                organisation,
                "Head of SEND",
                start,
                start + dt.timedelta(days=90 + n % 300),
                "Complete" if done else ["Not started", "In progress", "On hold"][n % 3],
                "Blue" if done else ["Red", "Amber", "Green"][n % 3],
                start + dt.timedelta(days=60) if done else None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed[T](results: dict[str, float], name: str, step: Callable[[], T]) -> T:
    began = time.perf_counter()
    value = step()
    results[name] = round(time.perf_counter() - began, 3)
    return value


class Command(BaseCommand):
    help = "Time the spreadsheet import (read, check, save) and export on generated rows."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, rows: int, json: bool, **options: Any) -> None:
        results: dict[str, Any] = {"rows": rows}
        try:
            with transaction.atomic():
                self._run(rows, results)
                raise Rollback
        except Rollback:
            pass
        if json:
            self.stdout.write(_dumps(results))
            return
        for name, value in results.items():
            self.stdout.write(f"{name:>28}: {value}")

    def _run(self, rows: int, results: dict[str, Any]) -> None:
        load_demo()
        partnership = Partnership.objects.get(slug="suffolk")
        officer = User.objects.get(username="suffolk-officer")
        editor = Membership.objects.get(partnership=partnership, user=officer)
        plan = Plan.objects.for_partnership(partnership).filter(superseded_by__isnull=True).first()
        organisation = Organisation.objects.for_partnership(partnership).first()
        assert plan is not None and organisation is not None
        data = council_workbook(rows, organisation.name)
        results["workbook_bytes"] = len(data)
        today = timezone.localdate()

        table = timed(results, "read_seconds", lambda: read_table(data, prefer_sheet="Actions"))
        upload = timed(
            results,
            "start_seconds",
            lambda: save.sheet_import_start(
                partnership=partnership,
                kind=SheetKind.ACTIONS,
                by=officer,
                filename="benchmark.xlsx",
                table=table,
                plan=plan,
            ),
        )
        checked = timed(
            results,
            "preview_seconds",
            lambda: save.sheet_import_check(upload=upload, today=today, editor=editor),
        )
        assert checked.ok and checked.created == rows, (checked.problems[:5], checked.conflicts[:5])
        timed(
            results,
            "save_seconds",
            lambda: save.sheet_import_save(upload=upload, today=today, by=officer, editor=editor),
        )
        results["actions_after"] = Action.objects.for_partnership(partnership).count()

        def export_workbook() -> bytes:
            sheets = export.workbook_sheets(
                partnership=partnership, criteria={}, filters=[], today=today, by="benchmark"
            )
            return workbook_bytes(sheets)

        exported = timed(results, "export_xlsx_seconds", export_workbook)
        timed(
            results,
            "export_csv_seconds",
            lambda: csv_bytes(export.table("actions", partnership, {}, today)),
        )
        book = load_workbook(io.BytesIO(exported), read_only=True)
        edited = Workbook(write_only=True)
        sheet = edited.create_sheet("Actions")
        for n, row in enumerate(book["Actions"].iter_rows(values_only=True)):
            values = list(row)
            if n:
                values[4] = f"{values[4]} (edited)"
            sheet.append(values)
        out = io.BytesIO()
        edited.save(out)
        table = timed(
            results,
            "round_trip_read_seconds",
            lambda: read_table(out.getvalue(), prefer_sheet="Actions"),
        )
        upload = save.sheet_import_start(
            partnership=partnership,
            kind=SheetKind.ACTIONS,
            by=officer,
            filename="edited.xlsx",
            table=table,
            plan=plan,
        )
        checked = timed(
            results,
            "round_trip_preview_seconds",
            lambda: save.sheet_import_check(upload=upload, today=today, editor=editor),
        )
        assert checked.ok and checked.changed == len(table.rows), (
            checked.problems[:5],
            checked.conflicts[:5],
        )
        timed(
            results,
            "round_trip_save_seconds",
            lambda: save.sheet_import_save(upload=upload, today=today, by=officer, editor=editor),
        )


def _dumps(results: dict[str, Any]) -> str:
    return json.dumps(results)
