"""Outcomes of deadlines: a change of a recorded outcome asks why and says what happens to
the evidence; a deadline met after its date says so; the inspectorate's expected visits are
never overdue or missed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from inspections import services
from inspections.models import Deadline, Inspection
from inspections.services import add_months
from send_tracker.presentation import countdown, month_year
from tests.clients import has_tag
from tests.factories import make_deadline, make_inspection, make_member, make_partnership

pytestmark = pytest.mark.django_db
HX_HEADERS = {"HX-Request": "true"}


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def met_deadline() -> Deadline:
    """Suffolk's LAIP deadline, met on its date (29 January 2026)."""
    return Deadline.objects.get(
        partnership__slug="suffolk", title__startswith="Local Area Inclusion"
    )


def post_outcome(client: Client, deadline: Deadline, **fields: str | int) -> str:
    prefix = f"deadline-{deadline.pk}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data.setdefault(f"{prefix}-version", deadline.version)
    return client.post(
        url("inspections:deadline-outcome", pk=deadline.pk), data, headers=HX_HEADERS
    ).content.decode()


def test_met_to_missed_asks_why_and_says_the_evidence_is_cleared(leader_client):
    deadline = met_deadline()
    evidence = deadline.evidence
    assert evidence
    form = leader_client.get(
        url("inspections:deadline-outcome", pk=deadline.pk), headers=HX_HEADERS
    ).content.decode()
    assert "Reason for changing the outcome" in form
    assert "govuk-warning-text" in form and "the evidence of meeting it is cleared" in form
    assert "stays in the deadline’s history" in form

    html = post_outcome(leader_client, deadline, status="missed")
    assert "Enter the reason for changing the deadline from met to missed" in html
    assert "govuk-error-summary" in html
    deadline.refresh_from_db()
    assert (deadline.status, deadline.evidence) == ("met", evidence)  # nothing changed

    html = post_outcome(
        leader_client, deadline, status="missed", outcome_note="The DfE did not accept it."
    )
    assert "marked missed" in html and has_tag(html, "Missed") and "Was due 29 January 2026" in html
    assert "Reason for the last change of outcome: The DfE did not accept it." in html
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_date, deadline.evidence) == ("missed", None, "")
    assert deadline.outcome_note == "The DfE did not accept it."
    # The evidence is gone from the deadline, not from its history.
    assert deadline.history.filter(evidence=evidence).exists()
    history = leader_client.get(url("inspections:deadline-history", pk=deadline.pk))
    assert str(escape(evidence)) in history.content.decode()


def test_missed_to_met_asks_why_too_and_open_outcomes_do_not(leader_client):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    form = leader_client.get(
        url("inspections:deadline-outcome", pk=deadline.pk), headers=HX_HEADERS
    ).content.decode()
    assert "Reason for changing the outcome" not in form  # nothing recorded to change
    html = post_outcome(leader_client, deadline, status="missed", evidence="Not written yet.")
    assert "marked missed" in html
    deadline.refresh_from_db()
    assert (deadline.status, deadline.evidence, deadline.outcome_note) == (
        "missed",
        "Not written yet.",
        "",
    )
    met = {"status": "met", "met_date": "2026-02-20", "evidence": "Published in February."}
    assert "Enter the reason for changing the deadline from missed to met" in post_outcome(
        leader_client, deadline, **met
    )
    html = post_outcome(leader_client, deadline, **met, outcome_note="Finished after all.")
    assert has_tag(html, "Met late") and "Met 20 February 2026" in html
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_date) == ("met", dt.date(2026, 2, 20))
    assert deadline.is_met_late and deadline.outcome_note == "Finished after all."


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 1001, "1000 characters or fewer"),
        ("a\x00b", "Remove the invalid character"),
    ],
)
def test_a_reason_it_cannot_store_is_refused(leader_client, note, message):
    deadline = met_deadline()
    html = post_outcome(leader_client, deadline, status="missed", outcome_note=note)
    assert message in html
    deadline.refresh_from_db()
    assert deadline.status == "met" and deadline.outcome_note == ""


def expected_visits() -> tuple[Deadline, Deadline]:
    """Suffolk's monitoring inspection (it took place) and full reinspection (expected)."""
    visits = Deadline.objects.filter(partnership__slug="suffolk").expected_events()
    return visits.get(title__startswith="Monitoring"), visits.get(title__startswith="Full")


def test_expected_inspections_have_their_own_table_and_are_never_overdue(leader_client):
    monitoring, reinspection = expected_visits()
    today = timezone.localdate()
    # Past its expected date: still only expected.
    past = add_months(today, -2)
    Deadline.objects.filter(pk=reinspection.pk).update(due_date=past)
    page = leader_client.get(url("inspections:deadlines")).content.decode()
    requirements, expected = page.split('id="expected"', 1)
    assert "SEND sufficiency strategy completed" in requirements
    assert "Full reinspection" not in requirements and "Monitoring inspection" not in requirements
    row = expected[expected.index(f'id="deadline-row-{reinspection.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"Expected around {past:%B %Y}" in row and "About 2 months ago" in row
    assert has_tag(row, "Expected") and "Overdue" not in row and "Missed" not in row
    assert "Record that it took place" in row
    row = expected[expected.index(f'id="deadline-row-{monitoring.pk}"') :]
    row = row[: row.index("</tr>")]
    assert has_tag(row, "Took place") and "25 March 2026" in row and "Met late" not in row
    # The overview, the inspection page and the dashboard keep them apart too.
    for page_url in (
        url("inspections:partnership"),
        url("inspections:inspection", pk=reinspection.inspection_id),
    ):
        html = leader_client.get(page_url).content.decode()
        assert "Expected around" in html and has_tag(html, "Took place")
        to_meet = html[: html.index("Expected around")]
        assert "Full reinspection" not in to_meet.split("Deadline</th>", 1)[-1]
    dashboard = leader_client.get(url("actions:dashboard")).content.decode()
    overdue = dashboard[dashboard.index(">Overdue</h3>") : dashboard.index("Due in the next")]
    assert "Full reinspection" not in overdue
    assert "Full reinspection" in dashboard[dashboard.index("Expected inspections") :]


def test_an_expected_inspection_is_recorded_as_taking_place_never_missed(leader_client):
    _, reinspection = expected_visits()
    form = leader_client.get(
        url("inspections:deadline-outcome", pk=reinspection.pk), headers=HX_HEADERS
    ).content.decode()
    assert "Took place" in form and 'value="missed"' not in form
    assert "Reason for changing" not in form
    html = post_outcome(leader_client, reinspection, status="missed")
    assert "from the list" in html
    reinspection.refresh_from_db()
    assert reinspection.status == "open"
    with pytest.raises(ValueError, match="cannot be missed"):
        services.deadline_record_outcome(
            deadline=reinspection,
            expected_version=reinspection.version,
            status="missed",
            met_date=None,
            evidence="",
        )
    html = post_outcome(
        leader_client,
        reinspection,
        status="met",
        met_date="2026-11-20",
        evidence="Reinspection held 16 to 20 November 2026.",
    )
    assert "took place" in html and has_tag(html, "Took place") and "20 November 2026" in html
    reinspection.refresh_from_db()
    assert (reinspection.status, reinspection.met_date) == ("met", dt.date(2026, 11, 20))


def test_countdown_in_words_around_an_expected_date():
    partnership = make_partnership()
    user = make_member(partnership)
    today = timezone.localdate()
    inspection = make_inspection(partnership, kind=Inspection.Kind.FULL)
    make_deadline(
        partnership,
        title="Next full inspection",
        source="framework",
        inspection=inspection,
        due_date=today + dt.timedelta(days=130),
        is_approximate=True,
    )
    client = Client()
    client.force_login(user)
    html = client.get(url("inspections:deadlines", slug=partnership.slug)).content.decode()
    due = today + dt.timedelta(days=130)
    assert f"Expected around {due:%B %Y}" in html and re.search(r"In about [45] months", html)


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (dt.date(2027, 3, 1), "in about 4 months"),
        (dt.date(2026, 12, 31), "in about a month"),
        (dt.date(2026, 11, 1), "about now"),
        (dt.date(2026, 10, 30), "about a month ago"),
        (dt.date(2025, 11, 30), "about 12 months ago"),
        (None, ""),
    ],
)
def test_countdown_counts_calendar_months(when, words):
    assert countdown(when, dt.date(2026, 11, 22)) == words
    assert month_year(dt.date(2027, 3, 1)) == "March 2027"


def test_a_stale_form_shows_the_conflict_and_asks_the_reason_to_save_again(leader_client):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    shown_at = deadline.version
    services.deadline_record_outcome(
        deadline=deadline, expected_version=shown_at, status="missed", met_date=None, evidence=""
    )
    met: dict[str, str | int] = {"status": "met", "met_date": "2026-01-02", "evidence": "Done"}
    html = post_outcome(leader_client, deadline, **met, version=shown_at)
    # What changed meanwhile (Open to Missed), and what saving again now needs.
    assert "Not saved" in html and "Open → Missed" in html
    assert "Enter the reason for changing the deadline from missed to met" in html
    html = post_outcome(leader_client, deadline, **met, version=shown_at + 1)
    assert "Not saved" not in html
    assert "Enter the reason for changing the deadline from missed to met" in html
    deadline.refresh_from_db()
    assert deadline.status == "missed"
