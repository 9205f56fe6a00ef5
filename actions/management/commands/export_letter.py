"""python manage.py export_letter INSPECTION_ID --output FILE.pdf [--readiness]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.readiness import readiness_letter
from inspections.letters import LetterError, monitoring_letter
from inspections.models import Inspection
from send_tracker.pdf import render_pdf


class Command(BaseCommand):
    help = (
        "Export the monitoring letter of a recorded monitoring inspection as a PDF, or with "
        "--readiness a draft self-evaluation in the same form."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--output", required=True, help="Where to write the PDF")
        parser.add_argument(
            "--readiness", action="store_true", help="A draft self-evaluation (readiness letter)"
        )

    def handle(self, *args, inspection_id: int, output: str, readiness: bool, **options) -> None:
        inspection = (
            Inspection.objects.select_related("partnership").filter(pk=inspection_id).first()
        )
        if inspection is None:
            raise CommandError(f"No inspection has the id {inspection_id}.")
        try:
            if readiness:
                letter = readiness_letter(inspection, timezone.localdate(), "SEND Tracker")
            else:
                letter = monitoring_letter(inspection)
        except LetterError as error:
            raise CommandError(str(error)) from error
        Path(output).write_bytes(render_pdf("pdf/letter.html", {"letter": letter}))
        self.stdout.write(self.style.SUCCESS(f"Wrote {letter.document_title} to {output}"))
