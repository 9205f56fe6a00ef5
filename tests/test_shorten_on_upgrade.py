"""Migrations that add a length limit first shorten the texts already over it (review
finding 8): the upgrade of a copy holding a 2.4 MB action description succeeds, the text
ends with a marker, and the action's history keeps it whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from actions.models import Action, ProgressUpdate
from inspections.models import Deadline, Finding
from send_tracker.shorten_on_upgrade import marker, shortened

BEFORE_THE_LIMITS = [
    ("actions", "0007_board_pack_file_in_storage"),
    ("inspections", "0003_partnership_generation"),
]
# PostgreSQL's VARCHAR already holds a title and a name to their length; SQLite does not.
LONG_TITLE, LONG_NAME = (400, 150) if connection.vendor == "sqlite" else (300, 120)
HUGE = "A description pasted from a long document. " * 56_000  # about 2.4 MB


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    """Migrate the test database to `targets` (None: the latest), and return the executor."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)


def rows_before_the_limits(apps) -> dict[str, int]:
    """Over-length texts as a deployed copy held them, written with the old models."""
    partnership = apps.get_model("inspections", "Partnership").objects.create(
        name="Longshire", slug="longshire"
    )
    org = apps.get_model("inspections", "Organisation").objects.create(
        partnership=partnership, name="Longshire Council", kind="council"
    )
    inspection = apps.get_model("inspections", "Inspection").objects.create(
        partnership=partnership,
        kind="full_2023",
        start_date=dt.date(2023, 11, 13),
        end_date=dt.date(2023, 11, 17),
        outcome="systemic",
    )
    finding = apps.get_model("inspections", "Finding").objects.create(
        inspection=inspection, kind="priority_action", number=1, statement="S" * 12_000
    )
    deadline = apps.get_model("inspections", "Deadline").objects.create(
        partnership=partnership,
        title="Plan agreed",
        source="other",
        evidence="E" * 6_000,
        status="met",
        met_date=dt.date(2024, 1, 5),
    )
    plan = apps.get_model("actions", "Plan").objects.create(
        partnership=partnership, title="Priority action plan", kind="priority_action_plan"
    )
    action = apps.get_model("actions", "Action").objects.create(
        plan=plan,
        finding=finding,
        title="T" * LONG_TITLE,
        description=HUGE,
        lead_organisation=org,
        due_date=dt.date(2026, 3, 31),
        lead_name="N" * LONG_NAME,
    )
    update = apps.get_model("actions", "ProgressUpdate").objects.create(
        action=action, date=dt.date(2025, 1, 6), narrative="U" * 7_000, rag="amber"
    )
    return {
        "finding": finding.pk,
        "deadline": deadline.pk,
        "action": action.pk,
        "update": update.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_shortens_over_length_texts_and_their_history_keeps_them():
    executor = migrate(BEFORE_THE_LIMITS)
    try:
        ids = rows_before_the_limits(executor.loader.project_state(BEFORE_THE_LIMITS).apps)
    finally:
        migrate()  # the constraints must accept what the upgrade left

    action = Action.objects.get(pk=ids["action"])
    assert len(action.description) == 5000
    assert action.description.endswith(marker(5000))
    assert "shortened to 5,000 characters on upgrade" in action.description
    assert action.description.startswith(HUGE[:4000])
    if connection.vendor == "sqlite":
        assert action.title == "T" * 299 + "…" and action.lead_name == "N" * 119 + "…"
    else:
        assert action.title == "T" * 300 and action.lead_name == "N" * 120
    assert action.version == 2  # a form shown before the upgrade is stale
    # The history: the whole text as it was, then the shortened row, by the upgrade.
    kept, short = action.history.order_by("history_date", "history_id")
    assert kept.description == HUGE and kept.title == "T" * LONG_TITLE
    assert short.description == action.description and short.history_user is None
    update = ProgressUpdate.objects.get(pk=ids["update"])
    assert len(update.narrative) == 5000
    assert update.history.filter(narrative="U" * 7_000).exists()
    finding = Finding.objects.get(pk=ids["finding"])
    assert len(finding.statement) == 10_000 and finding.statement.endswith(marker(10_000))
    assert finding.history.filter(statement="S" * 12_000).exists()
    deadline = Deadline.objects.get(pk=ids["deadline"])
    assert len(deadline.evidence) == 5000
    assert deadline.history.filter(evidence="E" * 6_000).exists()


def test_a_text_within_its_limit_is_left_alone():
    assert shortened("Short enough.", 5000) == "Short enough."
    assert shortened("x" * 5000, 5000) == "x" * 5000
    assert len(shortened("x" * 5001, 5000)) == 5000
