"""The shared figures: derived RAG, counts, measures against target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.models import Action
from actions.progress import RAG_RULES, findings_with_progress, rag_reason, sparkline
from actions.selectors import dashboard_get
from send_tracker.presentation import rag_word
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


def finding_row(*statuses_and_rags: tuple[str, str, int]):
    """A finding answered by actions of these (status, RAG, days until due) as the shared
    read derives its figures."""
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership), number=1)
    plan = make_plan(partnership)
    for status, rag, due_in in statuses_and_rags:
        make_action(
            plan,
            finding,
            status=status,
            rag=rag,
            due_date=TODAY + dt.timedelta(days=due_in),
            completed_date=TODAY - dt.timedelta(days=400) if status == "complete" else None,
        )
    (row,) = findings_with_progress(partnership=partnership, today=TODAY)
    return row


def overall_rag(*statuses_and_rags: tuple[str, str, int]) -> str:
    return finding_row(*statuses_and_rags).overall_rag


DONE = ("complete", "blue", -500)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([], ""),  # no actions, no rating
        ([DONE, DONE], "blue"),  # all complete
        ([DONE, ("in_progress", "red", 30), ("in_progress", "amber", 30)], "red"),
        ([DONE, ("in_progress", "green", -1)], "red"),  # overdue counts as red
        ([DONE, ("in_progress", "amber", 30), ("not_started", "green", 30)], "amber"),
        ([DONE, ("in_progress", "green", 30)], "green"),
    ],
)
def test_overall_rag(actions, expected):
    assert overall_rag(*actions) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actions", "reason"),
    [
        ([], "No rating: no actions answer the finding."),
        ([DONE, DONE], "Complete: all 2 actions are complete."),
        (
            [DONE, ("in_progress", "red", -3), ("in_progress", "amber", 30)],
            "Red: 1 of 3 actions is red or overdue.",  # red and overdue: one action
        ),
        (
            [("in_progress", "red", 30), ("in_progress", "green", -1)],
            "Red: 2 of 2 actions are red or overdue.",
        ),
        (
            [DONE, ("in_progress", "amber", 30), ("not_started", "green", 30)],
            "Amber: 1 of 3 actions is amber; none is red or overdue.",
        ),
        (
            [DONE, ("in_progress", "green", 30)],
            "Green: 1 of 2 actions is open; none is red, amber or overdue.",
        ),
    ],
)
def test_the_rating_says_how_it_was_worked_out(actions, reason):
    """The sentence comes from the rule that gave the rating, from the counts already read."""
    row = finding_row(*actions)
    assert rag_reason(row) == reason
    assert [rule.rag for rule in RAG_RULES] == ["blue", "red", "amber", "green"]
    assert reason.startswith(("No rating", rag_word(row.overall_rag)))


@pytest.mark.django_db
def test_withdrawn_actions_leave_the_counts_and_the_rating():
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership), number=1)
    plan = make_plan(partnership)
    red = make_action(plan, finding, status="in_progress", rag="red")
    make_action(plan, finding, status="in_progress", rag="green", due_date=dt.date(2027, 1, 1))
    Action.all_objects.filter(pk=red.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded by mistake."
    )
    (row,) = findings_with_progress(partnership=partnership, today=TODAY)
    assert (row.total, row.withdrawn, row.red, row.overall_rag) == (1, 1, 0, "green")
    Action.all_objects.filter(finding=finding).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded by mistake."
    )
    (row,) = findings_with_progress(partnership=partnership, today=TODAY)
    assert (row.total, row.withdrawn, row.overall_rag, row.next_due) == (0, 2, "", None)


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
    rows = {f.pk: f for f in findings_with_progress(partnership=partnership, today=TODAY)}
    row = rows[finding.pk]
    assert (row.total, row.complete, row.in_progress, row.not_started) == (3, 1, 1, 1)
    assert row.overdue == 1  # the in-progress one due 1 October 2026
    assert row.next_due == dt.date(2027, 1, 1)  # never a past date: that one is overdue
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
    make_deadline(
        partnership,
        title="Met long ago",
        due_date=TODAY - dt.timedelta(days=200),
        status="met",
        met_date=TODAY - dt.timedelta(days=190),
    )
    make_deadline(
        partnership, title="Missed", due_date=TODAY - dt.timedelta(days=400), status="missed"
    )
    make_deadline(
        partnership, title="Visit", source="framework", due_date=TODAY - dt.timedelta(days=30)
    )
    measure = make_measure(partnership, values=3, target_value=41, england_average=50)
    deadlines = dashboard_get(partnership=partnership, today=TODAY).deadlines
    assert [d.title for d in deadlines.overdue] == ["Late"]
    assert [d.title for d in deadlines.upcoming] == ["Soon"]
    # A missed deadline stays listed however long ago; met ones for 60 days.
    assert [d.title for d in deadlines.missed] == ["Missed"]
    assert [d.title for d in deadlines.met] == ["Done"]
    # The inspectorate's expected visit is past its date but neither overdue nor missed.
    assert [d.title for d in deadlines.expected] == ["Visit"]
    dash = dashboard_get(partnership=partnership, today=TODAY)
    (summary,) = dash.measures
    assert summary.measure.pk == measure.pk and summary.measure.name == measure.name
    assert summary.latest is not None and summary.latest.value == Decimal("42")
    assert summary.meets_target is True and summary.better_than_england is False
    assert summary.spark["points"].count(",") == 3


def test_sparkline_scales_values_and_references_into_the_box():
    spark = sparkline([Decimal(10), Decimal(20)], [Decimal(30), None])
    xs_ys = [tuple(map(float, p.split(","))) for p in spark["points"].split()]
    assert xs_ys[0][0] < xs_ys[1][0]
    assert xs_ys[0][1] > xs_ys[1][1]  # higher value drawn higher (smaller y)
    target, england = spark["refs"]
    assert target is not None and target < xs_ys[1][1] and england is None
    assert all(0 <= y <= 32 for _, y in xs_ys)
    assert sparkline([], []) == {}


def _action_of(partnership):
    finding = make_finding(make_inspection(partnership))
    return make_action(make_plan(partnership), finding)


@pytest.mark.django_db
def test_the_dashboard_s_recent_updates_are_newest_first_and_only_the_partnership_s():
    suffolk, bexley = make_partnership(), make_partnership()
    action = _action_of(suffolk)
    for days in range(10):
        make_update(action, date=TODAY - dt.timedelta(days=days), narrative=f"Day -{days}")
    other = make_update(_action_of(bexley), date=TODAY, narrative="Bexley's")
    recent = dashboard_get(partnership=suffolk, today=TODAY).recent_updates
    assert [u.narrative for u in recent] == [f"Day -{days}" for days in range(8)]
    assert other.narrative not in [u.narrative for u in recent]
    bexley_recent = dashboard_get(partnership=bexley, today=TODAY).recent_updates
    assert [u.narrative for u in bexley_recent] == ["Bexley's"]
