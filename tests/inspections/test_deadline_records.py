"""Officers record and correct deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import Deadline
from tests.clients import sign_in

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


NEW = {
    "title": "Written statement of action review",
    "source": "notice",
    "owner": "",
    "due_date": "2027-02-26",
    "due_text": "",
}


def test_officer_adds_a_deadline_once(officer):
    before = Deadline.objects.count()
    assert officer.post(url("inspections:deadline-add"), NEW).status_code == 302
    again = officer.post(url("inspections:deadline-add"), NEW)  # a double-clicked submit
    assert again.status_code == 200 and b"already has a deadline with this title" in again.content
    assert Deadline.objects.count() == before + 1
    page = officer.get(url("inspections:deadlines")).content.decode()
    assert "Written statement of action review" in page and "26 February 2027" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter what has to be done"),
        ({"due_date": "", "due_text": ""}, "Enter a due date, or say how the date was given"),
        ({"due_date": "2026-02-30"}, "Enter a real date"),
        ({"due_date": "3026-01-01"}, "between 2000 and 2100"),
        ({"source": "rumour"}, "from the list"),
        ({"title": "a\x00b"}, "Remove the invalid character"),
    ],
)
def test_bad_deadlines_are_refused(officer, change, message):
    before = Deadline.objects.count()
    response = officer.post(url("inspections:deadline-add"), {**NEW, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Deadline.objects.count() == before


def test_officer_corrects_a_deadline_and_a_stale_form_is_refused(officer):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    data = {
        **NEW,
        "title": "SEND sufficiency strategy completed and published",
        "version": deadline.version,
    }
    assert officer.post(url("inspections:deadline-edit", pk=deadline.pk), data).status_code == 302
    deadline.refresh_from_db()
    assert deadline.title == "SEND sufficiency strategy completed and published"
    assert deadline.due_date == dt.date(2027, 2, 26)
    stale = officer.post(
        url("inspections:deadline-edit", pk=deadline.pk), {**data, "title": "Overwrite"}
    )
    assert stale.status_code == 409 and b"Not saved" in stale.content
    deadline.refresh_from_db()
    assert deadline.title == "SEND sufficiency strategy completed and published"
    assert deadline.history.first().history_user.username == "suffolk-officer"


def test_board_members_cannot_record_deadlines(demo):
    client = Client()
    sign_in("suffolk-board", client)
    assert client.post(url("inspections:deadline-add"), NEW).status_code == 403
    assert "Add a deadline" not in client.get(url("inspections:deadlines")).content.decode()


def test_the_outcome_form_is_fetched_in_place_or_shown_in_the_page(leader_client, board_client):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    page = leader_client.get(url("inspections:deadlines")).content.decode()
    assert f'name="deadline-{deadline.pk}-status"' not in page  # not until it is opened
    form_url = url("inspections:deadline-outcome", pk=deadline.pk)
    assert (
        f'hx-get="{form_url}"' in page and f'href="{form_url}#deadline-row-{deadline.pk}"' in page
    )
    partial = leader_client.get(form_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and partial.lstrip().startswith("<form")
    assert f'name="deadline-{deadline.pk}-status"' in partial
    assert f'name="deadline-{deadline.pk}-version" value="{deadline.version}"' in partial
    whole = leader_client.get(form_url).content.decode()  # without JavaScript
    assert "<html" in whole and f'name="deadline-{deadline.pk}-status"' in whole
    assert board_client.get(form_url).status_code == 403
