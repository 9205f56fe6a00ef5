"""Import one column of an Explore Education Statistics CSV as a national indicator.

    python manage.py import_statistics FILE --list
    python manage.py import_statistics FILE --column pc_plans_issued_within_20_weeks \\
        --breakdown "All EHC plans issued" --name "New EHC plans issued within 20 weeks (%)" \\
        --source "DfE, Education, health and care plans" --release "June 2025"

Re-importing the same file changes nothing; a newer release revises figures (kept in the
history). Prints what it stored, or why the file was refused (nothing stored).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.ees import MAX_UPLOAD_BYTES, StatisticsRefused, read_ees
from benchmarks.services import IndicatorChoice, statistics_import_file


class Command(BaseCommand):
    help = "Import national statistics from an Explore Education Statistics CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--list", action="store_true", help="List columns and breakdowns.")
        parser.add_argument("--column", help="The column of figures to import.")
        parser.add_argument(
            "--breakdown",
            default="",
            help="The breakdown (its `breakdown` value; topic via --breakdown-topic if "
            "it differs). Empty for a file without breakdowns.",
        )
        parser.add_argument("--breakdown-topic", default=None)
        parser.add_argument("--name", help="The indicator's name, as partnerships see it.")
        parser.add_argument("--unit", default="percent", choices=["percent", "count", "rate"])
        parser.add_argument("--lower-is-better", action="store_true")
        parser.add_argument("--source", default="DfE, Explore Education Statistics")
        parser.add_argument("--release", help="Which release the file is from.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(f"The file is bigger than {MAX_UPLOAD_BYTES // 2**20} MB")
        raw = path.read_bytes()
        try:
            if options["list"]:
                file = read_ees(raw)
                self.stdout.write("Columns of figures: " + ", ".join(file.figure_columns()))
                for topic, name in file.breakdowns():
                    self.stdout.write(f"Breakdown: {topic!r} / {name!r}")
                return
            for required in ("column", "name", "release"):
                if not options[required]:
                    raise CommandError(f"--{required} is required (or use --list)")
            breakdown = options["breakdown"]
            topic = (
                options["breakdown_topic"] if options["breakdown_topic"] is not None else breakdown
            )
            choice = IndicatorChoice(
                column=options["column"],
                breakdown=(topic, breakdown),
                name=options["name"],
                unit=options["unit"],
                higher_is_better=not options["lower_is_better"],
                source=options["source"],
                release=options["release"],
            )
            started = time.perf_counter()
            plan, record = statistics_import_file(raw=raw, file_name=path.name, choice=choice)
            took = time.perf_counter() - started
        except StatisticsRefused as error:
            raise CommandError(f"Nothing imported: {error.message}") from None
        if record is None:
            self.stdout.write(f"Nothing changed: {plan.summary} ({took:.1f} s).")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported “{choice.name}”: {plan.summary} ({took:.1f} s).")
            )
