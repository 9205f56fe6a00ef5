"""python manage.py generate_scale_data --partnerships N [--seed S]

Adds N generated partnerships (slug `scale-NNN-…`, name "… (scale test)") with realistic
volumes to the configured database, with bulk inserts (see devtools/scale/), then updates
the planner's statistics (ANALYZE). Generated
users have unusable passwords; give one a password with `manage.py changepassword`.
Running it again adds N more. Never run it against a production database.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from actions.models import Action, MeasureValue, ProgressUpdate
from devtools.scale import SLUG_PREFIX, generate
from inspections.models import Finding, Partnership


class Command(BaseCommand):
    help = "Create N generated partnerships with national-scale volumes (bulk inserts)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--partnerships", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data.")

    def handle(self, *args, partnerships: int, seed: int, **options) -> None:
        if not 1 <= partnerships <= 1000:
            raise CommandError("--partnerships must be between 1 and 1000.")
        started = time.perf_counter()
        created = generate(partnerships, seed)
        # Planner statistics for the tables just filled, as autovacuum would gather a while
        # later: without them PostgreSQL plans the finding page's queries for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        ids = [p.pk for p in created]
        counts = {
            "findings": Finding.objects.filter(inspection__partnership__in=ids).count(),
            "actions": Action.objects.filter(plan__partnership__in=ids).count(),
            "progress updates": ProgressUpdate.objects.filter(
                action__plan__partnership__in=ids
            ).count(),
            "measure values": MeasureValue.objects.filter(measure__partnership__in=ids).count(),
        }
        self.stdout.write(
            f"Created {len(created)} partnerships ({created[0].slug} to {created[-1].slug}) "
            f"in {seconds:.1f} s: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()) + "."
        )
        total = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).aggregate(n=Count("pk"))[
            "n"
        ]
        self.stdout.write(f"Generated partnerships in the database now: {total}.")
