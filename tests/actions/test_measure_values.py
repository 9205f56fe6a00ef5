"""Officers record measure values."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import Measure, MeasureValue

pytestmark = pytest.mark.django_db


def timeliness() -> Measure:
    """A measure whose values are entered here (the EHC plan timeliness measure takes its
    figures from national statistics)."""
    return Measure.objects.get(
        partnership__slug="suffolk", name="Annual reviews completed within 12 months"
    )


def post(client: Client, measure: Measure, **data):
    prefixed = {f"measure-{measure.pk}-{k}": v for k, v in data.items()}
    return client.post(
        reverse("actions:measure-add-value", kwargs={"slug": "suffolk", "pk": measure.pk}), prefixed
    )


def test_officer_adds_a_value_and_the_dashboard_shows_it(officer):
    measure = timeliness()
    assert (
        post(
            officer, measure, date="2026-10-31", value="63.5", note="Rolling 12 months"
        ).status_code
        == 302
    )
    assert (
        MeasureValue.objects.filter(measure=measure, date="2026-10-31").get().note
        == "Rolling 12 months"
    )
    assert (
        "63.5%"
        in officer.get(reverse("actions:dashboard", kwargs={"slug": "suffolk"})).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-09-30", "value": "62"}, "already has a value for that date"),
        ({"date": "2099-01-01", "value": "62"}, "today or in the past"),
        ({"date": "2026-10-31", "value": "101"}, "between 0 and 100"),
        ({"date": "2026-10-31", "value": "lots"}, "Enter a number"),
        ({"date": "", "value": "50"}, "Enter the date the value is for"),
    ],
)
def test_bad_values_are_refused(officer, data, message):
    before = MeasureValue.objects.count()
    response = post(officer, timeliness(), **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert MeasureValue.objects.count() == before


def test_board_members_read_measures_but_cannot_add_values(board_client):
    page = board_client.get(
        reverse("actions:measures", kwargs={"slug": "suffolk"})
    ).content.decode()
    assert "Annual reviews completed within 12 months" in page and "Add a value" not in page
    assert post(board_client, timeliness(), date="2026-10-31", value="60").status_code == 403
