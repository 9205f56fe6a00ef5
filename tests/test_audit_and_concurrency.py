"""Audit trail, stale edits, repeated submissions, and races on real PostgreSQL."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import Action, ProgressUpdate
from inspections.models import Deadline, Membership
from inspections.services import deadline_record_outcome
from send_tracker.audit import StaleEdit, history_of
from tests.clients import sign_in

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


def suffolk_action() -> Action:
    return Action.objects.get(plan__partnership__slug="suffolk", title__startswith="Bring annual")


def test_a_change_through_the_page_is_in_the_history_with_who_and_what(leader_client):
    action = suffolk_action()
    leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": action.version},
    )
    page = leader_client.get(url("actions:action-history", pk=action.pk)).content.decode()
    # Each entry is an item of the MOJ timeline: what, by whom, when.
    assert '<h2 class="moj-timeline__title">Changed</h2>' in page
    assert '<p class="moj-timeline__byline">by Demo Suffolk leader</p>' in page
    assert "Status" in page and "In progress" in page and "On hold" in page
    # Loaded by load_demo, outside a request:
    assert '<h2 class="moj-timeline__title">Created</h2>' in page
    assert '<p class="moj-timeline__byline">by System (data load' in page
    entries = history_of(action)
    assert entries[0].who == "Demo Suffolk leader"
    assert {(c.field, c.before, c.after) for c in entries[0].changes} >= {
        ("Status", "In progress", "On hold"),
        ("RAG rating", "Red", "Amber"),
    }


def test_activity_log_filters_by_person_and_date(leader_client, demo):
    action = suffolk_action()
    leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": action.version},
    )
    leader = Membership.objects.get(user__username="suffolk-leader").user
    page = leader_client.get(url("inspections:activity"), {"person": leader.pk}).content.decode()
    assert f"Action ‘{action.title}’ changed" in page
    assert "System (data load" not in page
    everyone = leader_client.get(url("inspections:activity")).content.decode()
    assert "System (data load or command line)" in everyone
    old = leader_client.get(url("inspections:activity"), {"end": "2020-01-01"}).content.decode()
    assert "No activity matches these filters." in old
    bad = leader_client.get(
        url("inspections:activity"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert b"The end date must be the same as or after the start date" in bad.content


def test_the_trail_cannot_be_changed_through_the_app(leader_client):
    action = suffolk_action()
    assert leader_client.post(url("actions:action-history", pk=action.pk)).status_code == 405
    assert leader_client.post(url("inspections:activity")).status_code == 405
    from django.contrib import admin

    registered = {model._meta.label for model in admin.site._registry}
    assert not any(label.split(".")[1].startswith("Historical") for label in registered)


def test_a_stale_status_form_is_refused_and_shows_what_changed(demo):
    action = suffolk_action()
    seen = action.version
    first, second = Client(), Client()
    sign_in("suffolk-leader", first)
    sign_in("suffolk-admin", second)
    ok = second.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": seen},
    )
    assert ok.status_code == 302
    stale = first.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "not_started", "status-rag": "green", "status-version": seen},
        HTTP_HX_REQUEST="true",
    )
    html = stale.content.decode()
    assert "Not saved" in html and "Demo Suffolk admin changed it" in html
    assert "Status: In progress → On hold" in html
    assert 'value="not_started" selected' in html  # the user's own values are kept
    assert f'name="status-version" value="{seen + 1}"' in html  # ready to re-apply
    action.refresh_from_db()
    assert (action.status, action.rag) == ("on_hold", "amber")
    again = first.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "not_started", "status-rag": "green", "status-version": seen + 1},
    )
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag, action.version) == ("not_started", "green", seen + 2)


def test_a_stale_details_form_is_refused(leader_client):
    action = suffolk_action()
    seen = action.version  # the version the leader's details form was shown with
    services.action_update_status(action=action, expected_version=seen, status="on_hold", rag="red")
    data = {
        "title": "Renamed",
        "description": "",
        "finding": action.finding_id,
        "focus_point": "",
        "lead_organisation": action.lead_organisation_id,
        "lead_name": "Head of SEND",
        "start_date": "",
        "due_date": "2026-12-31",
        "version": seen,  # the version before the status change
    }
    response = leader_client.post(url("actions:edit", pk=action.pk), data)
    assert response.status_code == 409 and b"Not saved" in response.content
    action.refresh_from_db()
    assert action.title != "Renamed"


def test_a_stale_deadline_form_is_refused(leader_client):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    deadline_record_outcome(
        deadline=deadline, expected_version=1, status="missed", met_date=None, evidence="Late"
    )
    prefix = f"deadline-{deadline.pk}"
    response = leader_client.post(
        url("inspections:deadline-outcome", pk=deadline.pk),
        {
            f"{prefix}-status": "met",
            f"{prefix}-met_date": "2026-01-02",
            f"{prefix}-evidence": "Done",
            f"{prefix}-version": 1,
        },
        HTTP_HX_REQUEST="true",
    )
    assert b"Not saved" in response.content and "Status: Open → Missed" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == "missed"


def test_a_double_submitted_update_is_recorded_once(leader_client):
    action = suffolk_action()
    before = ProgressUpdate.objects.count()
    data = {
        "update-date": "2026-11-20",
        "update-narrative": "Submitted twice.",
        "update-rag": "amber",
        "update-submission_id": str(uuid.uuid4()),
    }
    first = leader_client.post(
        url("actions:add-update", pk=action.pk), data, HTTP_HX_REQUEST="true"
    )
    second = leader_client.post(
        url("actions:add-update", pk=action.pk), data, HTTP_HX_REQUEST="true"
    )
    assert "Progress update added." in first.content.decode()
    assert "That update was already added." in second.content.decode()
    assert ProgressUpdate.objects.count() == before + 1


# --- Races: threads saving at once, on either database -------------------------------------


def run_threads(count: int, target) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # collected and asserted on below
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_racing_leaders_lose_no_update_and_history_holds_each_write_once():
    from demo.loader import load_demo

    load_demo()
    action = suffolk_action()
    history_before = action.history.count()
    rounds, racers = 12, 6
    ratings = ["red", "amber", "green"]
    successes = 0
    for _ in range(rounds):
        seen = Action.objects.get(pk=action.pk).version

        def attempt(i: int, seen: int = seen):
            mine = Action.objects.get(pk=action.pk)  # each request reads the action itself
            return services.action_update_status(
                action=mine, expected_version=seen, status="in_progress", rag=ratings[i % 3]
            )

        results = run_threads(racers, attempt)
        won = [r for r in results if isinstance(r, Action)]
        lost = [r for r in results if isinstance(r, StaleEdit)]
        assert len(won) == 1 and len(lost) == racers - 1, results
        successes += 1
        current = Action.objects.get(pk=action.pk)
        assert current.rag == won[0].rag  # the winner's write is the one stored
        assert current.version == seen + 1
    assert Action.objects.get(pk=action.pk).version == action.version + successes
    assert action.history.count() == history_before + successes


@pytest.mark.django_db(transaction=True)
def test_racing_duplicate_submissions_create_one_update():
    from demo.loader import load_demo

    load_demo()
    action = suffolk_action()
    author = Membership.objects.get(user__username="suffolk-leader").user
    before = ProgressUpdate.objects.count()
    submission = uuid.uuid4()

    def submit(i: int):
        import datetime as dt

        return services.action_record_progress(
            action=action,
            author=author,
            date=dt.date(2026, 11, 20),
            narrative="Once",
            rag="amber",
            submission_id=submission,
        )

    results = run_threads(8, submit)
    assert all(isinstance(r, tuple) for r in results), results
    assert sum(1 for _, created in results if created) == 1
    assert ProgressUpdate.objects.count() == before + 1
