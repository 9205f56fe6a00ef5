"""The scale data generator and the page benchmark's contract (not its timings)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from actions.models import Action, Measure, MeasureValue, ProgressUpdate
from devtools.scale import NAME_SUFFIX, SLUG_PREFIX, SMALLEST, TYPICAL, generate
from inspections.models import Deadline, Finding, Inspection, Membership

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def test_generated_partnerships_have_the_promised_volumes():
    partnerships = generate(2, seed=3, today=TODAY)
    assert len(partnerships) == 2
    for p in partnerships:
        assert p.slug.startswith(SLUG_PREFIX) and p.name.endswith(NAME_SUFFIX)
        assert within(Inspection.objects.filter(partnership=p).count(), TYPICAL.inspections)
        findings = Finding.objects.filter(inspection__partnership=p)
        assert within(findings.filter(kind="priority_action").count(), TYPICAL.priority_areas)
        assert within(findings.filter(kind="improvement").count(), TYPICAL.improvement_areas)
        actions = Action.objects.filter(plan__partnership=p)
        assert within(actions.count(), TYPICAL.actions)
        per_action = actions.annotate(n=Count("updates")).values_list("n", flat=True)
        assert all(within(n, TYPICAL.updates_per_action) for n in per_action)
        measures = Measure.objects.filter(partnership=p).annotate(n=Count("values"))
        assert within(measures.count(), TYPICAL.measures)
        assert set(measures.values_list("n", flat=True)) == {36}
        assert Deadline.objects.filter(partnership=p).count() == 10
        roles = Membership.objects.filter(partnership=p).values_list("role", flat=True)
        assert len(roles) == 20 and set(roles) == set(Membership.Role.values)
        member = Membership.objects.filter(partnership=p).select_related("user").first()
        assert member is not None
        assert not member.user.has_usable_password()
        # Every finding is answered, the newest update carries the action's RAG rating.
        assert not findings.filter(actions__isnull=True).exists()
        action = actions.first()
        assert action is not None
        newest = action.updates.order_by("-date", "-pk").first()
        assert newest is not None and newest.rag == action.rag
    # Realistic mixes across the set: overdue work, every status and RAG rating.
    actions = Action.objects.filter(plan__partnership__in=partnerships)
    assert actions.overdue(TODAY).exists()
    assert Deadline.objects.filter(partnership__in=partnerships).overdue(TODAY).exists()
    assert set(actions.values_list("status", flat=True)) >= {"complete", "in_progress"}
    assert set(actions.values_list("rag", flat=True)) == {"red", "amber", "green", "blue"}
    assert not ProgressUpdate.objects.filter(date__gt=TODAY).exists()


def test_smallest_volumes_are_every_lower_bound():
    (p,) = generate(1, seed=1, volumes=SMALLEST, today=TODAY)
    assert Action.objects.filter(plan__partnership=p).count() == 20
    assert ProgressUpdate.objects.filter(action__plan__partnership=p).count() == 200
    assert MeasureValue.objects.filter(measure__partnership=p).count() == 5 * 36


def snapshot(seed: int) -> list[tuple]:
    """What one generated run holds, without database ids; rolled back afterwards."""
    rows: list[tuple] = []
    with transaction.atomic():
        for p in generate(2, seed=seed, today=TODAY):
            rows.append((p.name, p.slug))
            rows += (
                Action.objects.filter(plan__partnership=p)
                .order_by("pk")
                .values_list(
                    "title", "due_date", "status", "rag", "completed_date", "finding__number"
                )
            )
            rows += (
                ProgressUpdate.objects.filter(action__plan__partnership=p)
                .order_by("pk")
                .values_list("date", "rag", "narrative")
            )
            rows += MeasureValue.objects.filter(measure__partnership=p).values_list(
                "measure__name", "date", "value"
            )
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_data():
    first = snapshot(seed=7)
    assert first == snapshot(seed=7)
    assert first != snapshot(seed=8)


def test_a_second_run_adds_more_partnerships():
    first = generate(1, seed=0, today=TODAY)
    second = generate(1, seed=0, today=TODAY)
    assert first[0].slug.startswith("scale-001-") and second[0].slug.startswith("scale-002-")


def test_generate_scale_data_command():
    out = io.StringIO()
    call_command("generate_scale_data", "--partnerships", "1", stdout=out)
    assert "Created 1 partnerships" in out.getvalue()
    # It leaves the planner statistics for what it inserted (ANALYZE).
    table = ProgressUpdate._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        assert cursor.fetchone()[0] > 0


def test_benchmark_pages_prints_one_json_object_per_page():
    out = io.StringIO()
    call_command(
        "benchmark_pages",
        "--partnerships",
        "1",
        "--iterations",
        "2",
        "--warmup",
        "0",
        "--json",
        "--rollback",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert list(result) == ["pages"]
    pages = result["pages"]
    assert [p["page"] for p in pages] == [
        "dashboard",
        "finding",
        "action list",
        "action",
        "deadlines",
        "inspection",
    ]
    for page in pages:
        assert set(page) == {
            "page",
            "median_ms",
            "p95_ms",
            "baseline_median_ms",
            "ratio",
            "queries_small",
            "queries_large",
        }
        assert page["median_ms"] > 0 and page["baseline_median_ms"] > 0
        assert isinstance(page["queries_small"], int)
        # The query budget does not grow with the data (timings are not tested here).
        assert page["queries_small"] == page["queries_large"], page
    # Everything it built was rolled back.
    assert not Action.objects.exists()
