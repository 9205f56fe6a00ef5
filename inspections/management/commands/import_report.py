"""python manage.py import_report FILE: read a published report or letter, and save it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspections.importer import MAX_UPLOAD_BYTES, ParsedReport, ReportReadError, read_file
from inspections.importer.save import ImportRefused, report_import
from inspections.models import Partnership
from send_tracker.presentation import format_date, format_date_range


class Command(BaseCommand):
    help = (
        "Read a published Area SEND inspection report (PDF) or monitoring letter (PDF or "
        "text) and save it to a partnership's record. Safe to run again: importing the same "
        "report twice changes nothing. With --dry-run nothing is saved; with --json the "
        "report is printed as one JSON object (see the README)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The report or letter: a PDF, or a text file.")
        parser.add_argument(
            "--partnership", help="Slug of the partnership to save to (not needed with --dry-run)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read only: save nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print what was read as one JSON object."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        partnership = None
        if not options["dry_run"]:
            if not options["partnership"]:
                raise CommandError("Give --partnership SLUG (or --dry-run to save nothing).")
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(
                    f"There is no partnership with the slug {options['partnership']!r}."
                )
        parsed = self._read(path)

        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(parsed))
        if partnership is None:
            return

        try:
            result = report_import(partnership=partnership, parsed=parsed)
        except ImportRefused as error:
            raise CommandError(error.message) from error
        assert result.inspection is not None
        message = (
            f"Saved to {partnership.name}: {result.inspection.get_kind_display()}, "
            f"{result.inspection.date_range} ({result.summary})."
        )
        # With --json, stdout holds the JSON object only.
        (self.stderr if options["json"] else self.stdout).write(self.style.SUCCESS(message))

    def _read(self, path: Path) -> ParsedReport:
        try:
            size = path.stat().st_size
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if size > MAX_UPLOAD_BYTES:
            raise CommandError(
                f"{path} is too big: the largest report accepted is "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        try:
            _, parsed = read_file(path.read_bytes())
        except ReportReadError as error:
            raise CommandError(f"{path}: {error.message}") from error
        return parsed


def summary(parsed: ParsedReport) -> str:
    """What was read, for a person to check."""
    kind = "Monitoring letter" if parsed.kind == "monitoring" else "Full inspection report"
    lines = [
        f"{kind}: {parsed.local_area}",
        f"  Inspection dates: {format_date_range(parsed.start_date, parsed.end_date)}",
    ]
    if parsed.published_date:
        label = "Letter date" if parsed.kind == "monitoring" else "Published"
        lines.append(f"  {label}: {format_date(parsed.published_date)}")
    if parsed.previous_inspection:
        label = (
            "Follows the inspection of" if parsed.kind == "monitoring" else "Previous inspection"
        )
        lines.append(f"  {label}: {parsed.previous_inspection}")
    if parsed.kind == "full":
        lines.append(f"  Outcome: {parsed.outcome or 'not found'}")
    for area in parsed.priority_areas:
        body = f" ({area.responsible_body})" if area.responsible_body else ""
        lines.append(f"  Area for priority action {area.number}{body}: {_short(area.statement)}")
        lines.extend(f"    • {_short(point)}" for point in area.focus_points)
    for improvement in parsed.improvement_areas:
        body = f" ({improvement.responsible_body})" if improvement.responsible_body else ""
        lines.append(
            f"  Area for improvement {improvement.number}{body}: {_short(improvement.statement)}"
        )
        lines.extend(f"    • {_short(point)}" for point in improvement.focus_points)
    for judgement in parsed.judgements:
        lines.append(
            f"  Area for priority action {judgement.area_number}: {judgement.outcome} action"
        )
    if parsed.team:
        who = "Signed by" if parsed.kind == "monitoring" else "Inspection team"
        lines.append(f"  {who}: " + "; ".join(f"{m.name} ({m.role})" for m in parsed.team))
    return "\n".join(lines)


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
