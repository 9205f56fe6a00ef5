"""The model's rules: database constraints, derived values, implied deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import Action, Measure
from inspections.models import Deadline, Inspection, Judgement
from inspections.services import implied_deadlines, inspection_record_implied_deadlines
from send_tracker.presentation import format_date, format_date_range
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_judgement,
    make_measure,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def violates(fn) -> bool:
    """True when `fn` breaks a database constraint (and nothing is written)."""
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_dates_are_written_the_govuk_way():
    assert format_date(dt.date(2026, 1, 29)) == "29 January 2026"
    assert (
        format_date_range(dt.date(2023, 11, 13), dt.date(2023, 11, 17)) == "13 to 17 November 2023"
    )
    assert (
        format_date_range(dt.date(2024, 9, 30), dt.date(2024, 10, 4))
        == "30 September to 4 October 2024"
    )
    assert (
        format_date_range(dt.date(2024, 12, 30), dt.date(2025, 1, 2))
        == "30 December 2024 to 2 January 2025"
    )


def test_inspection_cannot_end_before_it_starts():
    partnership = make_partnership()
    assert violates(
        lambda: make_inspection(
            partnership, start_date=dt.date(2024, 5, 10), end_date=dt.date(2024, 5, 1)
        )
    )
    assert not Inspection.objects.exists()


def test_only_a_full_inspection_has_an_outcome_code():
    partnership = make_partnership()
    assert violates(
        lambda: make_inspection(partnership, kind=Inspection.Kind.MONITORING, outcome="systemic")
    )
    assert violates(lambda: make_inspection(partnership, outcome="excellent"))


def test_publication_cannot_precede_the_inspection():
    partnership = make_partnership()
    assert violates(
        lambda: make_inspection(
            partnership,
            start_date=dt.date(2024, 5, 10),
            end_date=dt.date(2024, 5, 14),
            published_date=dt.date(2024, 5, 1),
        )
    )


def test_finding_numbers_are_unique_per_kind_and_positive():
    inspection = make_inspection(make_partnership())
    make_finding(inspection, number=1)
    assert violates(lambda: make_finding(inspection, number=1))
    assert violates(lambda: make_finding(inspection, number=0))
    make_finding(inspection, number=1, kind="improvement")  # another kind may reuse it


def test_latest_judgement_is_the_most_recent_inspection():
    partnership = make_partnership()
    full = make_inspection(partnership, start_date=dt.date(2023, 11, 13))
    finding = make_finding(full, number=1)
    later = make_inspection(
        partnership, kind=Inspection.Kind.MONITORING, start_date=dt.date(2026, 3, 23)
    )
    earlier = make_inspection(
        partnership, kind=Inspection.Kind.MONITORING, start_date=dt.date(2025, 3, 23)
    )
    make_judgement(finding, later, outcome=Judgement.Outcome.EFFECTIVE)
    make_judgement(finding, earlier, outcome=Judgement.Outcome.INEFFECTIVE)
    latest = finding.latest_judgement
    assert latest is not None and latest.label == "Effective action, March 2026"
    assert violates(lambda: make_judgement(finding, later))  # one per inspection


def test_deadline_met_needs_a_date_and_only_met_has_one():
    partnership = make_partnership()
    assert violates(lambda: make_deadline(partnership, status=Deadline.Status.MET))
    assert violates(lambda: make_deadline(partnership, met_date=dt.date(2026, 1, 1)))
    deadline = make_deadline(partnership, status="met", met_date=dt.date(2026, 1, 20))
    assert not deadline.is_overdue_on(dt.date(2026, 2, 1))
    open_deadline = make_deadline(partnership, due_date=dt.date(2026, 1, 29))
    assert open_deadline.is_overdue_on(dt.date(2026, 1, 30))
    assert not open_deadline.is_overdue_on(dt.date(2026, 1, 29))


def test_action_dates_and_completion():
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership))
    plan = make_plan(partnership)
    assert violates(
        lambda: make_action(
            plan, finding, start_date=dt.date(2026, 5, 1), due_date=dt.date(2026, 4, 1)
        )
    )
    assert violates(lambda: make_action(plan, finding, status=Action.Status.COMPLETE))
    assert violates(lambda: make_action(plan, finding, rag="purple"))
    # One rule for status and RAG: blue means complete, and a complete action is blue.
    assert violates(
        lambda: make_action(
            plan, finding, status="complete", completed_date=dt.date(2026, 2, 1), rag="red"
        )
    )
    assert violates(lambda: make_action(plan, finding, status="in_progress", rag="blue"))
    assert violates(lambda: make_action(plan, finding, closing_note="Done early."))
    assert violates(lambda: make_action(plan, finding, withdrawn_at=timezone.now()))
    done = make_action(
        plan, finding, status="complete", completed_date=dt.date(2026, 2, 1), rag="blue"
    )
    assert done.pk
    assert not Action.objects.exclude(pk=done.pk).exists()


def test_percent_measures_stay_within_0_and_100():
    partnership = make_partnership()
    assert violates(lambda: make_measure(partnership, target_value=120))
    make_measure(partnership, unit=Measure.Unit.WEEKS, target_value=120)


def test_plan_cannot_end_before_it_starts():
    partnership = make_partnership()
    assert violates(
        lambda: make_plan(partnership, start_date=dt.date(2026, 1, 1), end_date=dt.date(2025, 1, 1))
    )


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (
            "systemic",
            [
                ("Monitoring inspection", dt.date(2025, 5, 17)),
                ("Full reinspection", dt.date(2026, 11, 17)),
            ],
        ),
        ("inconsistent", [("Next full inspection", dt.date(2026, 11, 17))]),
        ("positive", [("Next full inspection", dt.date(2028, 11, 17))]),
    ],
)
def test_framework_implies_the_next_inspections(outcome, expected):
    inspection = make_inspection(
        make_partnership(),
        start_date=dt.date(2023, 11, 13),
        end_date=dt.date(2023, 11, 17),
        outcome=outcome,
    )
    got = [(d.title.split(" (")[0], d.due_date) for d in implied_deadlines(inspection)]
    assert got == expected


def test_implied_deadlines_are_recorded_once():
    inspection = make_inspection(make_partnership(), outcome="positive")
    inspection_record_implied_deadlines(inspection=inspection)
    inspection_record_implied_deadlines(inspection=inspection)
    deadlines = Deadline.objects.filter(inspection=inspection)
    assert deadlines.count() == 1
    assert deadlines.get().is_approximate
