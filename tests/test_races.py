"""Writers at the same moment wait for each other rather than fail (security review finding 3):
on SQLite (WAL, a busy timeout and immediate transactions; the test database is a file) and
on PostgreSQL alike. The losing save gets the conflict page, never a 500, and the pack worker
keeps building packs through database errors."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test import Client, override_settings
from django.urls import reverse

from actions.models import Action, BoardPack
from actions.tasks import build_board_pack
from inspections.models import Membership, Partnership
from send_tracker.management.commands.db_worker import SteadyWorker
from tests.clients import sign_in

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def at_once(*work: Any) -> list[Any]:
    """Run each callable in its own thread, released together; their results or errors."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work[i]()
        except Exception as error:  # collected and asserted on below
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def suffolk_action() -> Action:
    return Action.objects.get(plan__partnership__slug="suffolk", title__startswith="Bring annual")


@pytest.mark.django_db(transaction=True)
def test_two_leaders_saving_the_same_action_at_once_get_a_save_and_a_conflict_page():
    from demo.loader import load_demo

    load_demo()
    action = suffolk_action()
    url = reverse("actions:update-status", kwargs={"slug": "suffolk", "pk": action.pk})
    leaders = [sign_in("suffolk-leader"), sign_in("suffolk-admin")]
    for round_ in range(6):
        seen = Action.objects.get(pk=action.pk).version
        ratings = ["red", "green"] if round_ % 2 else ["amber", "red"]

        def save(client: Client, rag: str, seen: int = seen) -> int:
            data = {"status-status": "in_progress", "status-rag": rag, "status-version": seen}
            return client.post(url, data).status_code

        results = at_once(
            *(lambda c=c, r=r: save(c, r) for c, r in zip(leaders, ratings, strict=True))
        )
        # The test client raises a view's exception rather than answer 500: any error, a
        # "database is locked" among them, would be in the results instead of a status.
        assert sorted(results) == [302, 409], results
        assert Action.objects.get(pk=action.pk).version == seen + 1


@pytest.mark.django_db(transaction=True)
def test_a_write_waits_for_a_long_write_of_another_partnership_rather_than_fail():
    """One thread holds the write lock (as an import's save does) while a leader of another
    partnership records progress: the update waits, then saves."""
    from demo.loader import load_demo

    load_demo()
    bexley = Partnership.objects.get(slug="bexley")
    action = Action.objects.filter(plan__partnership=bexley).first()
    assert action is not None
    client = sign_in("bexley-leader")
    url = reverse("actions:add-update", kwargs={"slug": "bexley", "pk": action.pk})
    holding = threading.Event()
    release = threading.Event()

    def long_write() -> str:
        with transaction.atomic():
            Partnership.objects.filter(slug="suffolk").mark_changed()
            holding.set()
            release.wait(timeout=30)  # the lock is held until the update has had to wait
        return "done"

    def update() -> int:
        holding.wait(timeout=30)
        threading.Timer(1.0, release.set).start()
        return client.post(
            url,
            {
                "update-date": "2026-11-20",
                "update-narrative": "Recorded while another partnership's import was saving",
                "update-rag": "amber",
                "update-submission_id": str(uuid.uuid4()),
            },
        ).status_code

    assert at_once(long_write, update) == ["done", 302]
    assert action.updates.filter(narrative__startswith="Recorded while").exists()


# --- The pack worker -----------------------------------------------------------------------


def failing_once(pattern: str, message: str) -> Any:
    """A database execute wrapper that raises OperationalError the first time a statement
    containing `pattern` runs, as a busy SQLite or a dropped connection would."""
    failed: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not failed and pattern in sql:
            failed.append(sql)
            raise OperationalError(message)
        return execute(sql, params, many, context)

    wrapper.failed = failed  # type: ignore[attr-defined]
    return wrapper


def queued_pack() -> BoardPack:
    partnership = Partnership.objects.get(slug="suffolk")
    user = Membership.objects.get(user__username="suffolk-officer").user
    return BoardPack.objects.create(
        partnership=partnership,
        as_of=dt.date(2026, 11, 20),
        since=dt.date(2026, 10, 1),
        prepared_by=user,
        prepared_by_name="Demo officer, Officer",
        submission_id=uuid.uuid4(),
    )


@pytest.mark.django_db(transaction=True)
def test_the_pack_task_retries_a_database_error_and_builds_the_pack():
    from demo.loader import load_demo

    load_demo()
    pack = queued_pack()
    wrapper = failing_once('UPDATE "actions_boardpack"', "database is locked")
    with connection.execute_wrapper(wrapper):
        build_board_pack.call(pack.pk)
    assert wrapper.failed  # the error happened, and was retried
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE and pack.pages


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_survives_a_database_error_and_builds_the_queued_pack():
    from demo.loader import load_demo

    load_demo()
    pack = queued_pack()
    build_board_pack.enqueue(pack.pk)
    worker = SteadyWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # stops when nothing is left to do
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # Not "locked", which the library's own loop already ignores: an error it would die of.
    wrapper = failing_once("django_tasks_database_dbtaskresult", "disk I/O error")
    with connection.execute_wrapper(wrapper):
        worker.run()
    assert wrapper.failed and worker.database_errors == 1
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE
