"""Import each local authority's ten statistical neighbours (names matched to the imported
authorities, or through the alias table; any unknown name refuses the whole file).

    python manage.py import_neighbours FILE
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.ees import MAX_UPLOAD_BYTES, StatisticsRefused
from benchmarks.services import neighbours_import


class Command(BaseCommand):
    help = "Import statistical neighbours from the neighbours CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(f"The file is bigger than {MAX_UPLOAD_BYTES // 2**20} MB")
        try:
            result = neighbours_import(raw=path.read_bytes())
        except StatisticsRefused as error:
            raise CommandError(f"Nothing imported: {error.message}") from None
        self.stdout.write(
            f"Neighbours of {result.authorities} authorities: {result.links} links, "
            f"{result.changed} changed."
        )
