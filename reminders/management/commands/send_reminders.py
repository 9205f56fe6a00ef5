"""python manage.py send_reminders [--enqueue]

Emails each action owner their reminders (due within 14 days, overdue, no progress update
for 60 days) and each member who wants it the weekly digest of their partnership; retries
sends that failed. Run it once a day (README: cron line or systemd timer). Running it
twice, or on two machines at once, sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reminders.services import reminders_send
from reminders.tasks import send_reminders


class Command(BaseCommand):
    help = "Send the email reminders and weekly digests due today (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the run as a task for the task worker (db_worker) instead.",
        )

    def handle(self, *args, enqueue: bool, **options) -> None:
        if enqueue:
            result = send_reminders.enqueue()
            self.stdout.write(f"Queued the reminder run as task {result.id}.")
            return
        summary = reminders_send()
        self.stdout.write(
            f"Emails sent: {summary.emails_sent}; failed (tried again next run): "
            f"{summary.emails_failed}. Reminders recorded or retried: {summary.recorded}; "
            f"no longer applying: {summary.cancelled}."
        )
        if summary.emails_failed:
            self.stderr.write("Some emails could not be sent: see the log.")
