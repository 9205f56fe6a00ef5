"""Closing an action as complete and reopening it through the real stack (HTMX and the
plain-POST fallback), and the rule that status and RAG agree in forms and database alike."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django import forms
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from actions.forms import ActionStatusForm, ProgressUpdateForm
from actions.forms.lifecycle import ActionCloseForm, ActionReopenForm
from actions.models import Action, Rag
from send_tracker.audit import history_of
from tests.clients import sign_in

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
ROLES = ["suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin"]


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def open_action() -> Action:
    """In progress, red, started 1 September 2025 (Suffolk's annual reviews)."""
    return Action.objects.get(
        plan__partnership__slug="suffolk", title__startswith="Bring annual reviews"
    )


# --- Closing as complete, and reopening --------------------------------------------------


def close(client: Client, action: Action, **overrides) -> Any:
    data = {
        "completed_date": "2026-03-31",
        "closing_note": "All reviews up to date; audit shows 94% on time.",
        "version": action.version,
    }
    data.update(overrides)
    return client.post(url("actions:close", pk=action.pk), data)


@pytest.mark.parametrize("username", ROLES)
def test_who_may_close_an_action(demo, username):
    action = open_action()
    client = sign_in(username)
    page = client.get(url("actions:action", pk=action.pk)).content.decode()
    may = username in ("suffolk-leader", "suffolk-admin")
    assert ("Close as complete" in page) is may
    assert client.get(url("actions:close", pk=action.pk)).status_code == (200 if may else 403)
    response = close(client, action)
    action.refresh_from_db()
    if not may:
        assert response.status_code == 403 and action.status == "in_progress"
        return
    assert response.status_code == 302 and response["Location"] == url(
        "actions:action", pk=action.pk
    )
    assert (action.status, action.rag, action.completed_date) == (
        "complete",
        "blue",
        dt.date(2026, 3, 31),
    )
    assert action.closing_note == "All reviews up to date; audit shows 94% on time."
    shown = client.get(response["Location"]).content.decode()
    assert "Action closed as complete." in shown and "audit shows 94% on time" in shown
    # The status form gives way to Reopen, and updates can only be rated blue.
    assert 'id="status-form"' not in shown and 'id="reopen-form"' in shown
    update_form = shown[shown.index('id="update-form"') :]
    assert 'value="blue"' in update_form and 'value="red"' not in update_form


def test_closing_is_refused_for_others_and_anonymous(demo):
    action = open_action()
    assert close(Client(), action).status_code == 302
    assert close(sign_in("bexley-leader"), action).status_code == 404
    action.refresh_from_db()
    assert action.status == "in_progress"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"completed_date": "2099-01-01"}, "today or in the past"),
        ({"completed_date": "2025-08-31"}, "on or after the start date"),
        ({"completed_date": ""}, "Enter the date it was completed"),
        ({"completed_date": "2026-02-30"}, "Enter a real date"),
        ({"closing_note": ""}, "Enter a closing note"),
        ({"closing_note": "   "}, "Enter a closing note"),
        ({"closing_note": "x" * 5001}, "5,000 characters"),
        ({"version": "99999999999999999999"}, "Not saved"),
    ],
)
def test_bad_closes_are_refused(demo, change, message):
    action = open_action()
    response = close(sign_in("suffolk-leader"), action, **change)
    assert message in response.content.decode()
    assert response.status_code in (200, 409)
    action.refresh_from_db()
    assert (action.status, action.rag, action.closing_note) == ("in_progress", "red", "")


def test_a_stale_close_is_refused_and_keeps_the_note(demo):
    action = open_action()
    seen = action.version
    sign_in("suffolk-admin").post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": seen},
    )
    response = close(sign_in("suffolk-leader"), action, closing_note="My own words.")
    html = response.content.decode()
    assert response.status_code == 409 and "Demo Suffolk admin changed it" in html
    assert "My own words." in html and f'name="version" value="{seen + 1}"' in html
    action.refresh_from_db()
    assert action.status == "on_hold"


def test_reopening_in_place_clears_the_completion_and_history_keeps_it(demo):
    action = open_action()
    client = sign_in("suffolk-leader")
    close(client, action)
    action.refresh_from_db()
    response = client.post(
        url("actions:reopen", pk=action.pk),
        {"reopen-rag": "green", "reopen-version": action.version},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="action-status"' in html and 'id="status-form"' in html
    assert 'id="progress" hx-swap-oob="outerHTML"' in html  # its ratings change too
    assert "Action reopened: In progress, RAG rating Green." in html
    action.refresh_from_db()
    assert (action.status, action.rag, action.completed_date, action.closing_note) == (
        "in_progress",
        "green",
        None,
        "",
    )
    reopened, closed, *_ = history_of(action)
    assert reopened.who == closed.who == "Demo Suffolk leader"
    changed = {change.field: change for change in closed.changes}
    assert changed["Closing note"].after.startswith("All reviews up to date")
    assert (
        changed["Status"].after == "Complete" and changed["RAG rating"].after == "Blue (complete)"
    )
    assert {c.field: c.before for c in reopened.changes}["Completed date"] == "31 March 2026"
    history = client.get(url("actions:action-history", pk=action.pk)).content.decode()
    assert "All reviews up to date" in history


def test_reopening_without_javascript_and_its_refusals(demo):
    action = open_action()
    client = sign_in("suffolk-admin")
    # An open action cannot be reopened.
    refused = client.post(
        url("actions:reopen", pk=action.pk),
        {"reopen-rag": "green", "reopen-version": action.version},
    )
    assert b"cannot be reopened" in refused.content
    close(client, action)
    action.refresh_from_db()
    for rag in ("blue", "purple", ""):
        response = client.post(
            url("actions:reopen", pk=action.pk),
            {"reopen-rag": rag, "reopen-version": action.version},
        )
        assert response.status_code == 200 and b"govuk-error-summary" in response.content
    action.refresh_from_db()
    assert action.status == "complete"
    response = client.post(
        url("actions:reopen", pk=action.pk),
        {"reopen-rag": "amber", "reopen-version": action.version},
    )
    assert response.status_code == 302
    assert "Action reopened" in client.get(response["Location"]).content.decode()
    for username, status in (
        ("suffolk-officer", 403),
        ("suffolk-board", 403),
        ("bexley-leader", 404),
    ):
        assert sign_in(username).post(url("actions:reopen", pk=action.pk)).status_code == status
    assert client.get(url("actions:reopen", pk=action.pk)).status_code == 405


# --- One rule for status and RAG, in forms and database alike ----------------------------


def choices(form: forms.BaseForm, name: str) -> list[str]:
    """The values a form's select offers, as the page renders them."""
    return [str(option.data["value"]) for option in form[name].subwidgets]


def test_the_forms_offer_only_what_the_database_accepts(demo):
    """Every status and rating the status, update, close and reopen forms accept can be
    stored; every pair the database refuses, they refuse."""
    action = open_action()
    statuses = [s.value for s in Action.Status]
    for status in statuses:
        for rag in [r.value for r in Rag]:
            form = ActionStatusForm(
                {"status-status": status, "status-rag": rag, "status-version": 1}, action=action
            )
            completed = dt.date(2026, 3, 1) if status == "complete" else None
            try:
                with transaction.atomic():
                    Action.objects.filter(pk=action.pk).update(
                        status=status, rag=rag, completed_date=completed
                    )
                    raise RuntimeError("roll back")  # keep the action as it was
            except IntegrityError:
                stored = False
            except RuntimeError:
                stored = True
            if form.is_valid():
                assert stored, (status, rag)
            if not stored:
                assert not form.is_valid(), (status, rag)
    # Offered choices: the status form never offers Complete or Blue; the update form
    # offers Blue only on a complete action, and the reopen form never.
    status_form = ActionStatusForm.for_action(action)
    assert "complete" not in choices(status_form, "status")
    assert "blue" not in choices(status_form, "rag")
    assert "blue" not in choices(ProgressUpdateForm(action=action), "rag")
    action.status, action.rag, action.completed_date = "complete", "blue", dt.date(2026, 3, 1)
    assert list(choices(ProgressUpdateForm(action=action), "rag")) == ["blue"]
    assert "blue" not in choices(ActionReopenForm(action=action), "rag")
    assert not ActionCloseForm(
        {"version": 1, "completed_date": "2026-03-01", "closing_note": "x"}, action=action
    ).is_valid()


def test_a_complete_action_refuses_the_status_form_and_red_updates(demo):
    action = open_action()
    client = sign_in("suffolk-leader")
    close(client, action)
    action.refresh_from_db()
    status = client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "in_progress", "status-rag": "red", "status-version": action.version},
        headers=HX,
    )
    assert b"reopen it to change its status" in status.content
    update = client.post(
        url("actions:add-update", pk=action.pk),
        {
            "update-date": "2026-04-01",
            "update-narrative": "Still going.",
            "update-rag": "red",
            "update-submission_id": uuid.uuid4(),
        },
        headers=HX,
    )
    assert b"This action is complete, so its rating is blue" in update.content
    action.refresh_from_db()
    assert (action.status, action.rag) == ("complete", "blue") and not action.updates.filter(
        narrative="Still going."
    ).exists()
