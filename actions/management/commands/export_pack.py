"""python manage.py export_pack SLUG [--as-of YYYY-MM-DD] [--since YYYY-MM-DD] --output FILE.pdf"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.packs import default_since, pack_data, render_pack
from inspections.models import Partnership


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date in the form YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Export a partnership's board briefing pack as a PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("partnership_slug")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--since", help="YYYY-MM-DD (default: since the last pack, else 3 months)"
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF")
        parser.add_argument("--prepared-by", default="SEND Tracker (command line)")

    def handle(self, *args, partnership_slug: str, output: str, **options) -> None:
        partnership = Partnership.objects.filter(slug=partnership_slug).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {partnership_slug!r}.")
        as_of = iso_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        since = (
            iso_date(options["since"]) if options["since"] else default_since(partnership, as_of)
        )
        if since > as_of:
            raise CommandError("--since must be on or before --as-of.")
        data = pack_data(partnership, as_of=as_of, since=since, prepared_by=options["prepared_by"])
        Path(output).write_bytes(render_pack(data))
        self.stdout.write(self.style.SUCCESS(f"Wrote {data.title} to {output}"))
