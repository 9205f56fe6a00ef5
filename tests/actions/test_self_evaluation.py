"""Officers record the partnership's own assessment of each area for priority action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import SelfEvaluation
from inspections.models import Finding, Membership
from tests.clients import sign_in
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_member,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def area(number: int = 1, slug: str = "suffolk", kind: str = "priority_action") -> Finding:
    return Finding.objects.get(inspection__partnership__slug=slug, kind=kind, number=number)


def answer(**changes: str | int) -> dict[str, str | int]:
    return {
        "version": 0,
        "assessment": "not_yet_effective",
        "evidence": "Fewer families wait over 20 weeks; the board has not seen it yet.",
        "assessed_on": "2026-11-01",
        **changes,
    }


def test_anonymous_board_and_other_partnerships_cannot_record_one(demo):
    target = url("actions:self-evaluation", pk=area().pk)
    anonymous = Client()
    for response in (anonymous.get(target), anonymous.post(target, answer())):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    board = sign_in("suffolk-board")
    assert board.get(target).status_code == 403
    assert board.post(target, answer()).status_code == 403
    bexley = sign_in("bexley-leader")
    assert bexley.get(target).status_code == 404
    assert bexley.post(target, answer()).status_code == 404
    # Bexley's slug with Suffolk's area: 404 too.
    assert bexley.post(url("actions:self-evaluation", slug="bexley", pk=area().pk)).status_code == (
        404
    )
    assert not SelfEvaluation.objects.exists()


@pytest.mark.parametrize("username", ["suffolk-officer", "suffolk-leader", "suffolk-admin"])
def test_officers_leaders_and_admins_record_and_replace_it(demo, username):
    client = sign_in(username)
    finding = area()
    target = url("actions:self-evaluation", pk=finding.pk)
    page = client.get(target).content.decode()
    assert "The partnership’s self-evaluation" in page and "It is not a judgement" in page
    assert 'name="version" value="0"' in page
    response = client.post(target, answer())
    assert response.status_code == 302
    assert response["Location"] == url("actions:finding", pk=finding.pk)
    evaluation = SelfEvaluation.objects.get(finding=finding)
    assert (evaluation.assessment, evaluation.assessed_on, evaluation.version) == (
        "not_yet_effective",
        dt.date(2026, 11, 1),
        1,
    )
    assert evaluation.recorded_by is not None and evaluation.recorded_by.username == username
    shown = client.get(url("actions:finding", pk=finding.pk)).content.decode()
    assert "not a judgement by Ofsted or CQC" in shown
    assert "Not yet effective" in shown and "(self-assessed)" in shown
    assert "Fewer families wait over 20 weeks" in shown and "Record a new self-evaluation" in shown

    assert client.post(target, answer(version=1, assessment="effective")).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.assessment, evaluation.version) == ("effective", 2)
    assert evaluation.history.count() == 2  # the earlier one is kept
    history = client.get(url("actions:self-evaluation-history", pk=finding.pk)).content.decode()
    assert "Not yet effective" in history and "Effective" in history


def test_an_area_for_improvement_has_no_self_evaluation(officer):
    improvement = area(kind="improvement")
    assert officer.get(url("actions:self-evaluation", pk=improvement.pk)).status_code == 404
    assert (
        officer.post(url("actions:self-evaluation", pk=improvement.pk), answer()).status_code == 404
    )
    page = officer.get(url("actions:finding", pk=improvement.pk)).content.decode()
    assert "self-evaluation" not in page
    assert not SelfEvaluation.objects.exists()


def test_the_finding_page_says_when_none_is_recorded_and_who_may_record_one(demo):
    finding = area()
    board_page = sign_in("suffolk-board").get(url("actions:finding", pk=finding.pk))
    html = board_page.content.decode()
    assert "Not yet assessed." in html and "Record the self-evaluation" not in html
    officer_page = sign_in("suffolk-officer").get(url("actions:finding", pk=finding.pk))
    assert url("actions:self-evaluation", pk=finding.pk) in officer_page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"assessment": ""}, "Choose effective, not yet effective or not assessed"),
        ({"assessment": "outstanding"}, "Choose effective, not yet effective or not assessed"),
        ({"evidence": ""}, "Enter a summary of the evidence behind the assessment"),
        ({"evidence": "x" * 5001}, "5000 characters or fewer"),
        ({"evidence": "a\x00b"}, "Remove the invalid character"),
        ({"assessed_on": ""}, "Enter the date of the assessment"),
        ({"assessed_on": "2026-02-30"}, "Enter a real date"),
        ({"assessed_on": "1999-12-31"}, "Enter a date after 2000"),
        ({"version": "x"}, "The form was out of date"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(officer, changes, message):
    response = officer.post(url("actions:self-evaluation", pk=area().pk), answer(**changes))
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "govuk-error-summary" in html
    assert not SelfEvaluation.objects.exists()


def test_a_future_date_is_refused_and_not_assessed_needs_no_evidence(officer):
    target = url("actions:self-evaluation", pk=area().pk)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = officer.post(target, answer(assessed_on=tomorrow.isoformat())).content.decode()
    assert "must be today or in the past" in html
    assert not SelfEvaluation.objects.exists()
    assert officer.post(target, answer(assessment="not_assessed", evidence="")).status_code == 302
    assert SelfEvaluation.objects.get().assessment == "not_assessed"


def test_a_stale_form_is_refused_and_keeps_the_users_values(demo):
    finding = area()
    target = url("actions:self-evaluation", pk=finding.pk)
    officer, leader = sign_in("suffolk-officer"), sign_in("suffolk-leader")
    assert officer.post(target, answer()).status_code == 302  # version 1
    # Both open the form at version 1; the leader saves first.
    assert leader.post(target, answer(version=1, assessment="effective")).status_code == 302
    stale = officer.post(target, answer(version=1, evidence="My own words."))
    html = stale.content.decode()
    assert stale.status_code == 409 and "Not saved" in html and "My own words." in html
    assert 'name="version" value="2"' in html  # saving again applies the user's values
    evaluation = SelfEvaluation.objects.get(finding=finding)
    assert (evaluation.assessment, evaluation.version) == ("effective", 2)
    # A first form (version 0) after someone recorded one is stale too.
    first = leader.post(target, answer(version=0))
    assert first.status_code == 409 and "Not saved" in first.content.decode()
    assert officer.post(target, answer(version=2, evidence="My own words.")).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.evidence, evaluation.version) == ("My own words.", 3)


def test_the_self_evaluation_page_reads_the_same_queries_whatever_the_data():
    counts = []
    for size in (2, 8):
        partnership = make_partnership()
        user = make_member(partnership, role=Membership.Role.OFFICER)
        full = make_inspection(partnership)
        plan = make_plan(partnership)
        findings = [make_finding(full, number=n, focus_points=2) for n in range(1, size + 1)]
        for finding in findings:
            for _ in range(size):
                make_action(plan, finding)
        SelfEvaluation.objects.create(
            finding=findings[0], assessment="effective", evidence="x", assessed_on=dt.date.today()
        )
        client = Client()
        client.force_login(user)
        target = url("actions:self-evaluation", slug=partnership.slug, pk=findings[0].pk)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    # Session, user, membership; the area with its inspection; its self-evaluation.
    assert counts[0] == counts[1] <= 5, counts
