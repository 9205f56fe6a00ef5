"""The reminder run as a task on the project's task backend (`manage.py db_worker` runs
it), for a scheduler that enqueues tasks rather than running commands."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task

from reminders.services import reminders_send


@task()
def send_reminders() -> dict[str, int]:
    """Send every reminder and digest due today; safe beside another run (see
    `reminders_send`)."""
    return asdict(reminders_send())
