"""Withdrawing and restoring an inspection go through its deadlines' versions: a form shown
before either is refused as stale, and an outcome saved while the deadline is being withdrawn
answers 404, never a 500 (review finding 6)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.urls import reverse

from demo.loader import load_demo
from inspections import services
from inspections.inspection_withdrawal import inspection_restore, inspection_withdraw
from inspections.models import Deadline
from send_tracker.audit import RecordGone
from tests.clients import sign_in
from tests.inspections.test_inspection_withdrawal import REASON, import_hertfordshire

pytestmark = pytest.mark.django_db
HX_HEADERS = {"HX-Request": "true"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def outcome_url(deadline: Deadline) -> str:
    return reverse("inspections:deadline-outcome", kwargs={"slug": "suffolk", "pk": deadline.pk})


def outcome_data(deadline: Deadline, version: int) -> dict[str, Any]:
    prefix = f"deadline-{deadline.pk}"
    return {
        f"{prefix}-status": "met",
        f"{prefix}-met_date": "2026-01-02",
        f"{prefix}-evidence": "Sent to the DfE.",
        f"{prefix}-version": version,
    }


def test_withdrawing_and_restoring_give_its_deadlines_new_versions(demo):
    leader = sign_in("suffolk-leader")
    wrong = import_hertfordshire()
    deadline = Deadline.objects.filter(inspection=wrong).order_by("pk")[0]
    shown_at = deadline.version  # a leader opens its outcome form
    inspection_withdraw(inspection=wrong, by=user("suffolk-officer"), reason=REASON)
    assert Deadline.all_objects.get(pk=deadline.pk).version == shown_at + 1
    inspection_restore(inspection=wrong)
    restored = Deadline.objects.get(pk=deadline.pk)
    assert restored.version == shown_at + 2
    # The history has one entry per change, each with its version.
    versions = list(restored.history.order_by("history_date").values_list("version", flat=True))
    assert versions[-2:] == [shown_at + 1, shown_at + 2]
    # The form opened before the withdrawal is refused, and nothing is saved.
    response = leader.post(outcome_url(deadline), outcome_data(deadline, shown_at))
    assert response.status_code == 409
    assert "Not saved" in response.content.decode()
    assert Deadline.objects.get(pk=deadline.pk).status == "open"


def withdrawn_meanwhile(after: str, withdraw: Callable[[], None]) -> Any:
    """A database wrapper on this thread's connection: once a query containing `after` has
    run, `withdraw` runs in another thread (its own connection, committed) just before this
    connection's next statement, as another request would between this one's read and
    its save."""
    seen = done = False

    def wrapper(execute, sql, params, many, context):
        nonlocal seen, done
        if seen and not done:
            done = True
            other = threading.Thread(target=in_own_connection(withdraw))
            other.start()
            other.join(timeout=60)
        result = execute(sql, params, many, context)
        seen = seen or after in sql
        return result

    return connection.execute_wrapper(wrapper)


def in_own_connection(work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    return run


@pytest.mark.django_db(transaction=True)
def test_an_outcome_saved_while_its_deadline_is_withdrawn_answers_404():
    load_demo()
    leader = sign_in("suffolk-leader")
    wrong = import_hertfordshire()
    deadline = Deadline.objects.filter(inspection=wrong).order_by("pk")[0]
    by = user("suffolk-officer")

    def withdraw() -> None:
        inspection_withdraw(inspection=wrong, by=by, reason=REASON)

    # The view reads the deadline (its outcome form's query names the evidence); the
    # withdrawal is committed before the save reads the version again.
    with withdrawn_meanwhile('"inspections_deadline"."evidence"', withdraw):
        response = leader.post(outcome_url(deadline), outcome_data(deadline, deadline.version))
    assert response.status_code == 404
    stored = Deadline.all_objects.get(pk=deadline.pk)
    assert stored.is_withdrawn and stored.status == "open"


def test_the_service_refuses_a_deadline_withdrawn_since_it_was_read(demo):
    wrong = import_hertfordshire()
    deadline = Deadline.objects.filter(inspection=wrong).order_by("pk")[0]
    inspection_withdraw(inspection=wrong, by=user("suffolk-officer"), reason=REASON)
    with pytest.raises(RecordGone):
        services.deadline_record_outcome(
            deadline=deadline,
            expected_version=deadline.version,
            status="met",
            met_date=wrong.end_date,
            evidence="Sent.",
        )
    assert Deadline.all_objects.get(pk=deadline.pk).status == "open"
