"""python manage.py benchmark_reminders --partnerships N [--seed 0] [--json] [--rollback]

One reminder run (`reminders_send`) on generated data (devtools/scale/) in a scratch
database, never the configured one (as benchmark_pages: a `test_…` SQLite file or
PostgreSQL database, created, migrated and dropped). Generated actions have no owner, so
each is given one first: the partnership's leaders, officers and admins in turn. Mail goes
to Django's in-memory backend: what is timed is deciding, recording and composing every
email, not a mail server.

Reports, for a partnership alone and then for all N: the emails sent, the queries the run
made beside the one UPDATE each email sent costs (the goal: the same number at both
sizes), and the time of the first run (everything sent) and of a second run the same day
(everything already recorded: nothing sent). Results: docs/performance.md.
"""

from __future__ import annotations

import json as json_module
import time
from typing import Any

from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from actions.models import Action
from devtools.benchmark.database import database_version, rolled_back, scratch_database
from devtools.scale import SMALLEST, generate
from inspections.models import Membership, Partnership
from reminders.models import Sending
from reminders.services import RunSummary, reminders_send

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def give_owners(partnerships: list[Partnership]) -> int:
    """Make each open action's owner one of its partnership's leaders, officers and
    admins, in turn (by action id, so the same data gets the same owners). 2 queries and
    a bulk update."""
    ids = [p.pk for p in partnerships]
    owners: dict[int, list[int]] = {}
    for partnership_id, user_id in (
        Membership.objects.filter(partnership__in=ids, role__in=Membership.OWNER_ROLES)
        .order_by("partnership", "user")
        .values_list("partnership", "user")
    ):
        owners.setdefault(partnership_id, []).append(user_id)
    actions = list(
        Action.objects.filter(plan__partnership__in=ids).select_related("plan").order_by("pk")
    )
    for action in actions:
        people = owners[action.plan.partnership_id]
        action.owner_id = people[action.pk % len(people)]
    Action.objects.bulk_update(actions, ["owner"], batch_size=2000)
    return len(actions)


def measured(today: Any) -> tuple[RunSummary, int, RunSummary]:
    """One run from nothing recorded, counting queries: its summary and its queries beyond
    one a sent email; then the summary of a second run from nothing recorded, without the
    query log, for its times."""
    Sending.objects.all().delete()
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        summary = reminders_send(today=today)
    Sending.objects.all().delete()
    mail.outbox = []
    timed = reminders_send(today=today)
    return summary, len(queries) - summary.emails_sent, timed


class Command(BaseCommand):
    help = "Time one reminder run on generated data in a scratch database, and count queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--partnerships", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--rollback",
            action="store_true",
            help="For the test suite: the current test database, in a transaction rolled back.",
        )

    def handle(
        self, *args, partnerships: int, seed: int, json: bool, rollback: bool, **options
    ) -> None:
        if not 1 <= partnerships <= 1000:
            raise CommandError("--partnerships must be between 1 and 1000.")
        today = timezone.localdate()
        database = rolled_back() if rollback else scratch_database()
        with database, override_settings(MAILERS=LOCMEM, DEBUG=False):
            small = generate(1, seed, volumes=SMALLEST)
            give_owners(small)
            small_summary, small_queries, small_timed = measured(today)
            large = generate(partnerships, seed)
            actions = give_owners(large)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            summary, queries, timed = measured(today)
            started = time.perf_counter()
            again = reminders_send(today=today)
            repeat_seconds = time.perf_counter() - started
            vendor = database_version()
        result = {
            "database": vendor,
            "partnerships": partnerships + 1,
            "actions": actions,
            "emails_small": small_summary.emails_sent,
            "queries_small": small_queries,
            "emails": summary.emails_sent,
            "reminders_recorded": summary.recorded,
            "queries": queries,
            "deciding_seconds": round(timed.deciding_seconds, 2),
            "sending_seconds": round(timed.sending_seconds, 2),
            "repeat_emails": again.emails_sent,
            "repeat_seconds": round(repeat_seconds, 2),
        }
        if json:
            self.stdout.write(json_module.dumps(result))
            return
        self.stdout.write(
            f"{vendor}: 1 small partnership: {small_summary.emails_sent} emails, "
            f"{small_queries} queries besides one UPDATE an email "
            f"({small_timed.deciding_seconds + small_timed.sending_seconds:.2f} s).\n"
            f"{partnerships} more generated partnerships ({actions:,} actions, owners given): "
            f"{summary.emails_sent:,} emails carrying {summary.recorded:,} reminders and "
            f"digests, {queries} queries besides one UPDATE an email; deciding, recording "
            f"and composing them {timed.deciding_seconds:.2f} s, sending them (to memory) and "
            f"marking them sent {timed.sending_seconds:.2f} s. "
            f"A second run the same day: {again.emails_sent} emails, {repeat_seconds:.2f} s.\n"
            + (
                "Goal met: the same number of queries at both sizes."
                if queries == small_queries
                else "Goal missed: the number of queries grows with the data."
            )
        )
