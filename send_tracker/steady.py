"""Retry work that failed because the database was briefly unavailable.

SQLite answers "database is locked" when another process holds the write lock longer than
the busy timeout; PostgreSQL can drop a connection or cancel a statement. Neither means the
work is wrong: wait a little and do it again, a few times, then give up with the error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

RETRY_DELAYS: tuple[float, ...] = (0.5, 2.0, 5.0)
"""Seconds to wait before each retry; after the last, the error is raised."""


def steadily[T](work: Callable[[], T], *, what: str) -> T:
    """`work()`, retried after each delay in RETRY_DELAYS while it raises a database error.

    `work` must be safe to run again: a transaction that failed was rolled back whole."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return work()
        except (OperationalError, InterfaceError) as error:
            if delay is None:
                raise
            logger.warning("%s failed (%s); trying again in %s s", what, error, delay)
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close_if_unusable_or_obsolete()
            time.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises
