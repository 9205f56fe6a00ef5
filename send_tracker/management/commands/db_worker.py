"""`manage.py db_worker`: django-tasks-db's worker, kept running through database errors.

The library's worker ignores "database is locked" while claiming a task, but any other
database error there (SQLite's lock taken at BEGIN EXCLUSIVE past the busy timeout, a
PostgreSQL connection dropped by a restart or failover) ends the process, and queued board
packs wait until someone restarts it. This worker logs the error, waits, reconnects and
goes on; tasks themselves retry their own database work (`send_tracker.steady`).
Same options as the library's command (this app comes first in INSTALLED_APPS).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

RESTART_DELAYS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds to wait after each database error in a row (the last repeats)."""


class SteadyWorker(db_worker.Worker):
    """A worker whose loop starts again after a database error, instead of stopping."""

    database_errors = 0

    def run(self) -> None:
        failures_in_a_row = 0
        while True:
            try:
                super().run()
                return  # stopped as asked (a signal, --batch or --max-tasks)
            except (OperationalError, InterfaceError) as error:
                self.database_errors += 1
                if not self.running:
                    return
                delay = RESTART_DELAYS[min(failures_in_a_row, len(RESTART_DELAYS) - 1)]
                failures_in_a_row += 1
                logger.warning("Database error in the worker (%s); going on in %s s", error, delay)
                connections.close_all()
                time.sleep(delay)
                close_old_connections()


class Command(db_worker.Command):
    """The library's command and options, running a SteadyWorker."""

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # As the library's handle() (django-tasks-db 0.13), with this module's worker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together: no autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SteadyWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloaded child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
