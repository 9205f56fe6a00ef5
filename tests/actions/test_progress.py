"""The shared figures: derived RAG, counts, measures against target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from actions.models import ProgressUpdate
from actions.progress import dashboard_for, derive_rag, findings_with_progress, sparkline
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_measure,
    make_partnership,
    make_plan,
    make_update,
)

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"total": 0, "complete": 0, "red": 0, "amber": 0, "overdue": 0}, ""),
        ({"total": 2, "complete": 2, "red": 0, "amber": 0, "overdue": 0}, "blue"),
        ({"total": 3, "complete": 1, "red": 1, "amber": 1, "overdue": 0}, "red"),
        ({"total": 3, "complete": 1, "red": 0, "amber": 0, "overdue": 1}, "red"),
        ({"total": 3, "complete": 1, "red": 0, "amber": 1, "overdue": 0}, "amber"),
        ({"total": 3, "complete": 1, "red": 0, "amber": 0, "overdue": 0}, "green"),
    ],
)
def test_derive_rag(counts, expected):
    assert derive_rag(**counts) == expected


@pytest.mark.django_db
def test_findings_counts_and_next_due():
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership), number=1)
    other = make_finding(finding.inspection, number=1, kind="improvement")
    plan = make_plan(partnership)
    make_action(
        plan,
        finding,
        status="complete",
        completed_date=dt.date(2026, 1, 5),
        rag="blue",
        due_date=dt.date(2026, 1, 1),
    )
    make_action(plan, finding, status="in_progress", rag="green", due_date=dt.date(2026, 10, 1))
    make_action(plan, finding, status="not_started", rag="amber", due_date=dt.date(2027, 1, 1))
    rows = {f.pk: f for f in findings_with_progress(partnership, TODAY)}
    row = rows[finding.pk]
    assert (row.total, row.complete, row.in_progress, row.not_started) == (3, 1, 1, 1)
    assert row.overdue == 1  # the in-progress one due 1 October 2026
    assert row.next_due == dt.date(2026, 10, 1)
    assert row.overall_rag == "red"
    assert rows[other.pk].overall_rag == "" and rows[other.pk].total == 0
    # Areas for priority action come first.
    assert [f.kind for f in rows.values()] == ["priority_action", "improvement"]


@pytest.mark.django_db
def test_dashboard_deadlines_and_measures():
    partnership = make_partnership()
    make_deadline(partnership, title="Late", due_date=TODAY - dt.timedelta(days=1))
    make_deadline(partnership, title="Soon", due_date=TODAY + dt.timedelta(days=60))
    make_deadline(partnership, title="Later", due_date=TODAY + dt.timedelta(days=61))
    make_deadline(
        partnership,
        title="Done",
        due_date=TODAY - dt.timedelta(days=9),
        status="met",
        met_date=TODAY - dt.timedelta(days=10),
    )
    measure = make_measure(partnership, values=3, target_value=41, england_average=50)
    dash = dashboard_for(partnership, TODAY)
    assert [d.title for d in dash.overdue_deadlines] == ["Late"]
    assert [d.title for d in dash.upcoming_deadlines] == ["Soon"]
    (summary,) = dash.measures
    assert summary.measure.pk == measure.pk and summary.measure.name == measure.name
    assert summary.latest.value == Decimal("42")
    assert summary.meets_target is True and summary.better_than_england is False
    assert summary.spark["points"].count(",") == 3


def test_sparkline_scales_values_and_references_into_the_box():
    spark = sparkline([Decimal(10), Decimal(20)], [Decimal(30), None])
    xs_ys = [tuple(map(float, p.split(","))) for p in spark["points"].split()]
    assert xs_ys[0][0] < xs_ys[1][0]
    assert xs_ys[0][1] > xs_ys[1][1]  # higher value drawn higher (smaller y)
    assert spark["refs"][0] < xs_ys[1][1] and spark["refs"][1] is None
    assert all(0 <= y <= 32 for _, y in xs_ys)
    assert sparkline([], []) == {}


def _drawn(spark: dict) -> list[tuple[float, float]]:
    """Where a sparkline's points land in its box, its transform applied."""
    points = [tuple(map(float, p.split(","))) for p in spark["points"].split()]
    if "transform" not in spark:
        return points
    a, b, c, d, e, f = map(float, spark["transform"].removeprefix("matrix(")[:-1].split())
    return [(a * x + c * y + e, b * x + d * y + f) for x, y in points]


@pytest.mark.parametrize(
    "texts",
    [["10", "20"], ["54.4", "54.5", "57.2", "61.3", "60.1"], ["-3.5", "0", "2.25"], ["7", "7"]],
)
def test_a_sparkline_of_values_as_text_is_drawn_where_the_numbers_would_be(texts):
    refs = [Decimal(30), None]
    in_box = sparkline([Decimal(t) for t in texts], refs)
    in_data_units = sparkline(texts, refs)
    # The points are the values as read, one per index; the transform puts them in the box.
    assert in_data_units["points"] == " ".join(f"{i},{t}" for i, t in enumerate(texts))
    assert in_data_units["transform"].startswith("matrix(")
    for (x1, y1), (x2, y2) in zip(_drawn(in_box), _drawn(in_data_units), strict=True):
        assert x1 == pytest.approx(x2, abs=0.06) and y1 == pytest.approx(y2, abs=0.06)
    assert in_box["refs"] == in_data_units["refs"] and in_box["last"] == in_data_units["last"]


def test_a_sparkline_of_huge_values_over_a_small_range_is_drawn_in_the_box():
    """Browsers draw in single precision: data units would make such a line jagged."""
    texts = ["1000000000.1", "1000000000.3"]
    spark = sparkline(texts, [None, None])
    assert "transform" not in spark
    assert _drawn(spark) == _drawn(sparkline([Decimal(t) for t in texts], [None, None]))


def _action_of(partnership):
    finding = make_finding(make_inspection(partnership))
    return make_action(make_plan(partnership), finding)


@pytest.mark.django_db
def test_an_update_stores_its_action_s_partnership_on_every_save():
    suffolk, bexley = make_partnership(), make_partnership()
    action = _action_of(suffolk)
    update = make_update(action, date=TODAY)
    assert update.partnership_id == suffolk.pk
    # Moved (as only the admin can) to another partnership's action: it follows.
    update.action = _action_of(bexley)
    update.save(update_fields=["action"])
    update.refresh_from_db()
    assert update.partnership_id == bexley.pk


@pytest.mark.django_db
def test_the_dashboard_s_recent_updates_are_newest_first_and_only_the_partnership_s():
    suffolk, bexley = make_partnership(), make_partnership()
    action = _action_of(suffolk)
    for days in range(10):
        make_update(action, date=TODAY - dt.timedelta(days=days), narrative=f"Day -{days}")
    other = make_update(_action_of(bexley), date=TODAY, narrative="Bexley's")
    recent = dashboard_for(suffolk, TODAY).recent_updates
    assert [u.narrative for u in recent] == [f"Day -{days}" for days in range(8)]
    # The stored partnership only finds rows; whose they are is still the action's plan's.
    ProgressUpdate.objects.filter(pk=other.pk).update(partnership_id=suffolk.pk)
    assert "Bexley's" not in [u.narrative for u in dashboard_for(suffolk, TODAY).recent_updates]
