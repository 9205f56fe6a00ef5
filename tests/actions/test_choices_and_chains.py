"""Ids no row can have are a form error, not a 500; plans cannot replace each other in a loop
(security review finding 5)."""

from __future__ import annotations

import pytest

from actions.models import Measure, Plan
from tests.actions.test_plans_and_measures import MEASURE, PLAN, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808", "-1", "0"])
def test_a_measure_with_an_impossible_finding_id_is_a_form_error(officer, pk):
    before = Measure.objects.count()
    response = officer.post(url("actions:measure-add"), {**MEASURE, "findings": [pk]})
    assert response.status_code == 200
    assert "Choose only from the list: one of the choices is not on it" in (
        response.content.decode()
    )
    assert Measure.objects.count() == before


def test_two_plans_cannot_each_replace_the_other(officer):
    assert officer.post(url("actions:plan-add"), PLAN).status_code == 302
    first = Plan.objects.get(title=PLAN["title"])
    second_data = {**PLAN, "title": "The plan after it", "supersedes": first.pk}
    assert officer.post(url("actions:plan-add"), second_data).status_code == 302
    second = Plan.objects.get(title="The plan after it")
    third_data = {**PLAN, "title": "The plan after that", "supersedes": second.pk}
    assert officer.post(url("actions:plan-add"), third_data).status_code == 302
    third = Plan.objects.get(title="The plan after that")

    for replaced in (second, third):  # directly, and through another plan
        response = officer.post(
            url("actions:plan-edit", pk=first.pk), {**PLAN, "supersedes": replaced.pk}
        )
        assert response.status_code == 200
        assert "a plan cannot replace one that replaces it" in response.content.decode()
        first.refresh_from_db()
        assert first.supersedes_id is None
    # Replacing a plan outside the chain (and replaced by no other) is still possible.
    other = Plan.objects.for_partnership(first.partnership).get(title="Local Area Inclusion Plan")
    response = officer.post(url("actions:plan-edit", pk=first.pk), {**PLAN, "supersedes": other.pk})
    assert response.status_code == 302
