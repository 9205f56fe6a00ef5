"""Officers record and correct plans and measure definitions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions.models import Measure, Plan
from inspections.models import Finding

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


PLAN = {
    "title": "SEND strategic plan 2027",
    "kind": "strategic",
    "status": "draft",
    "start_date": "2027-01-01",
    "end_date": "2029-12-31",
    "supersedes": "",
    "summary": "",
}


def test_officer_adds_and_corrects_a_plan(officer):
    assert officer.post(url("actions:plan-add"), PLAN).status_code == 302
    plan = Plan.objects.get(title="SEND strategic plan 2027")
    assert plan.partnership.slug == "suffolk"
    laip = Plan.objects.get(partnership__slug="suffolk", kind="laip")
    response = officer.post(
        url("actions:plan-edit", pk=plan.pk), {**PLAN, "status": "published", "supersedes": laip.pk}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.supersedes) == ("published", laip)
    assert (
        "Replaces Local Area Inclusion Plan" in officer.get(url("actions:plans")).content.decode()
    )
    assert plan.history.first().history_user.username == "suffolk-officer"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_date": "2026-01-01"}, "The end date must be the same as or after the start date"),
        ({"title": "Local Area Inclusion Plan"}, "already has a plan with this title"),
        ({"kind": "wish-list"}, "from the list"),
        ({"title": ""}, "Enter the title"),
    ],
)
def test_bad_plans_are_refused(officer, change, message):
    before = Plan.objects.count()
    response = officer.post(url("actions:plan-add"), {**PLAN, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Plan.objects.count() == before


MEASURE = {
    "name": "Annual reviews held within 4 weeks of their date",
    "definition": "",
    "unit": "percent",
    "higher_is_better": "on",
    "baseline_value": "40",
    "baseline_date": "2025-03-31",
    "target_value": "90",
    "target_date": "2027-03-31",
    "england_average": "",
    "england_average_note": "",
}


def test_officer_adds_and_corrects_a_measure(officer):
    apa2 = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=2
    )
    assert (
        officer.post(url("actions:measure-add"), {**MEASURE, "findings": [apa2.pk]}).status_code
        == 302
    )
    measure = Measure.objects.get(name=MEASURE["name"])
    assert list(measure.findings.all()) == [apa2] and measure.higher_is_better
    response = officer.post(
        url("actions:measure-edit", pk=measure.pk), {**MEASURE, "target_value": "85"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.target_value == 85 and not measure.findings.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_value": "120"}, "between 0 and 100"),
        ({"unit": "weeks", "baseline_value": "-3"}, "cannot be negative"),
        ({"name": "Complaints about SEND services"}, "already has a measure with this name"),
        ({"unit": "furlongs"}, "from the list"),
    ],
)
def test_bad_measures_are_refused(officer, change, message):
    before = Measure.objects.count()
    response = officer.post(url("actions:measure-add"), {**MEASURE, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Measure.objects.count() == before


def test_board_members_cannot_record_plans_or_measures(board_client):
    assert board_client.post(url("actions:plan-add"), PLAN).status_code == 403
    assert board_client.post(url("actions:measure-add"), MEASURE).status_code == 403
    assert "Add a plan" not in board_client.get(url("actions:plans")).content.decode()
