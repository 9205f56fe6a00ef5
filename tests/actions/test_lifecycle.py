"""An action's life through the real stack: created under a finding, given an owner,
closed as complete and reopened; every role, another partnership, bad input, HTMX and the
plain-POST fallback, and the rule that status and RAG agree in forms and database alike."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django import forms
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.forms import ActionStatusForm, ProgressUpdateForm
from actions.forms.lifecycle import ActionCloseForm, ActionReopenForm
from actions.models import Action, Plan, Rag
from inspections.models import Finding, Membership, Organisation
from send_tracker.audit import history_of
from tests.clients import sign_in
from tests.factories import (
    make_finding,
    make_inspection,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
    make_user,
)

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
ROLES = ["suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin"]


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def apa(number: int, slug: str = "suffolk") -> Finding:
    return Finding.objects.get(
        inspection__partnership__slug=slug, kind="priority_action", number=number
    )


def open_action() -> Action:
    """In progress, red, started 1 September 2025 (Suffolk's annual reviews)."""
    return Action.objects.get(
        plan__partnership__slug="suffolk", title__startswith="Bring annual reviews"
    )


def user_id(username: str) -> int:
    return Membership.objects.get(user__username=username).user_id


def create_data(**overrides) -> dict:
    """A valid new action for Suffolk's area for priority action 1."""
    finding = apa(1)
    data = {
        "finding": finding.pk,
        "focus_point": finding.focus_points.get(order=2).pk,
        "plan": Plan.objects.get(partnership__slug="suffolk", title__startswith="Local").pk,
        "title": "Audit the quality of new EHC plans each month",
        "description": "A multi-agency audit of 20 new plans a month.",
        "lead_organisation": Organisation.objects.get(name="Suffolk County Council").pk,
        "owner": user_id("suffolk-officer"),
        "lead_name": "",
        "start_date": "2026-02-01",
        "due_date": "2026-09-30",
    }
    data.update(overrides)
    return data


# --- Creating an action ------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_who_may_create_an_action(demo, username):
    client = sign_in(username)
    finding_page = client.get(url("actions:finding", pk=apa(1).pk)).content.decode()
    list_page = client.get(url("actions:list")).content.decode()
    may = username != "suffolk-board"
    assert ("Add an action" in finding_page) is may and ("Add an action" in list_page) is may
    before = Action.objects.count()
    page = client.get(url("actions:create"), {"finding": apa(1).pk})
    response = client.post(url("actions:create"), create_data())
    if not may:
        assert page.status_code == 403 and response.status_code == 403
        assert Action.objects.count() == before
        return
    assert page.status_code == 200
    action = Action.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == url("actions:action", pk=action.pk)
    assert (action.status, action.rag, action.version) == ("not_started", "amber", 1)
    assert (
        action.owner_id == user_id("suffolk-officer") and action.plan.partnership.slug == "suffolk"
    )
    shown = client.get(response["Location"]).content.decode()
    assert "added: Not started, rated Amber" in shown and "govuk-notification-banner" in shown
    assert "Demo Suffolk officer" in shown  # the owner, by name


def test_anonymous_and_other_partnerships_cannot_create(demo):
    assert Client().get(url("actions:create"))["Location"].startswith("/accounts/login/")
    assert Client().post(url("actions:create"), create_data()).status_code == 302
    bexley = sign_in("bexley-leader")
    before = Action.objects.count()
    assert bexley.get(url("actions:create")).status_code == 404
    assert bexley.post(url("actions:create"), create_data()).status_code == 404
    # Its own slug, Suffolk's records: refused by the form, nothing saved.
    response = bexley.post(url("actions:create", slug="bexley"), create_data())
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert Action.objects.count() == before


def test_the_finding_is_preselected_from_the_finding_page(demo):
    client = sign_in("suffolk-leader")
    finding = apa(1)
    html = client.get(url("actions:create"), {"finding": finding.pk}).content.decode()
    assert f'<option value="{finding.pk}" selected>' in html
    assert f'href="{url("actions:finding", pk=finding.pk)}"' in html  # back to the finding
    laip = Plan.objects.get(partnership__slug="suffolk", title__startswith="Local")
    assert f'<option value="{laip.pk}" selected>' in html  # the plan in force
    # Only this partnership's members who may own an action are offered.
    assert "Demo Suffolk officer" in html and "Demo Suffolk board member" not in html
    assert "Bexley" not in html
    for wrong in ("abc", "-1", "0", "99999999999999999999", str(apa(1, "bexley").pk)):
        page = client.get(url("actions:create"), {"finding": wrong})
        assert page.status_code == 200 and b'" selected>Area for priority' not in page.content


def test_a_new_action_is_in_its_history_and_on_the_pages(demo):
    client = sign_in("suffolk-officer")
    client.post(url("actions:create"), create_data(owner="", lead_name="Head of SEND"))
    action = Action.objects.latest("pk")
    (entry,) = history_of(action)
    assert entry.action == "Created" and entry.who == "Demo Suffolk officer"
    assert (
        "Audit the quality of new EHC plans"
        in client.get(url("actions:finding", pk=action.finding_id)).content.decode()
    )
    assert "Audit the quality" in client.get(url("actions:list")).content.decode()


def other_partnership_ids() -> dict[str, int]:
    other = make_partnership()
    finding = make_finding(make_inspection(other), focus_points=1)
    return {
        "finding": finding.pk,
        "focus_point": finding.focus_points.get().pk,
        "plan": make_plan(other).pk,
        "lead_organisation": make_organisation(other).pk,
        "owner": make_member(other, role=Membership.Role.LEADER).pk,
    }


BAD_CREATE = [
    ({"owner": "board"}, "Choose a member of this partnership"),
    ({"owner": "no-member"}, "Choose a member of this partnership"),
    ({"owner": "99999999999999999999"}, "Choose a member of this partnership"),
    ({"owner": "-1"}, "Choose a member of this partnership"),
    ({"owner": "", "lead_name": ""}, "Choose an owner, or name the lead"),
    ({"start_date": "2026-09-01", "due_date": "2026-08-31"}, "same as or after the start"),
    ({"due_date": ""}, "Enter the due date"),
    ({"due_date": "2026-02-30"}, "Enter a real date"),
    ({"due_date": "9999-12-31"}, "between 2000 and 2100"),
    ({"focus_point": "apa2-point"}, "Choose a focus point of the chosen finding"),
    ({"finding": "withdrawn"}, "Choose one of this partnership"),
    ({"finding": "99999999999999999999"}, "Choose one of this partnership"),
    ({"lead_organisation": "withdrawn"}, "Choose one of this partnership"),
    ({"plan": "abc"}, "Choose one of this partnership"),
    ({"title": ""}, "Enter what will be done"),
    ({"title": "x" * 301}, "300 characters"),
    ({"description": "x" * 5001}, "5,000 characters"),
    ({"lead_name": "x" * 121}, "120 characters"),
    ({"title": "a\x00b"}, "Null characters are not allowed"),
    *[({field: "other"}, "Choose") for field in ("finding", "plan", "lead_organisation")],
    ({"owner": "other"}, "Choose a member of this partnership"),
    ({"focus_point": "other"}, "Choose a focus point of the chosen finding"),
]


@pytest.mark.parametrize(("change", "message"), BAD_CREATE)
def test_bad_new_actions_are_refused_and_nothing_is_saved(demo, change, message):
    client = sign_in("suffolk-officer")
    others = other_partnership_ids()
    withdrawn_finding = make_finding(
        apa(1).inspection,
        withdrawn_at=timezone.now(),
        withdrawal_reason="Recorded twice",
    )
    withdrawn_org = make_organisation(
        apa(1).inspection.partnership, withdrawn_at=timezone.now(), withdrawal_reason="Wrong"
    )
    apa2 = make_finding(apa(1).inspection, focus_points=1)
    stand_ins = {
        "board": user_id("suffolk-board"),
        "no-member": make_user().pk,
        "apa2-point": apa2.focus_points.get().pk,
    }
    data = create_data()
    for field, value in change.items():
        if value == "other":
            value = others[field]
        elif value == "withdrawn":
            value = withdrawn_finding.pk if field == "finding" else withdrawn_org.pk
        data[field] = stand_ins.get(value, value)
    before = Action.objects.count()
    response = client.post(url("actions:create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert message in html
    assert Action.objects.count() == before


def test_create_page_query_budget_holds_at_two_sizes():
    """Session, user, membership; the finding preselected; the plan in force; then the
    choices: findings, focus points, plans, organisations, owners."""
    counts = {}
    for size in (2, 12):
        partnership = make_partnership()
        user = make_member(partnership, role=Membership.Role.OFFICER)
        inspection = make_inspection(partnership)
        findings = [make_finding(inspection, focus_points=2) for _ in range(size)]
        for _ in range(size):
            make_plan(partnership)
            make_organisation(partnership)
            make_member(partnership, role=Membership.Role.LEADER)
        client = Client()
        client.force_login(user)
        target = url("actions:create", partnership.slug) + f"?finding={findings[0].pk}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts[size] = len(queries)
    assert counts[2] == counts[12] == 3 + 2 + 5, counts


# --- Editing an action's owner -----------------------------------------------------------


def edit_data(action: Action, **overrides) -> dict:
    data = {
        "title": action.title,
        "description": action.description,
        "finding": action.finding_id,
        "focus_point": action.focus_point_id or "",
        "lead_organisation": action.lead_organisation_id,
        "owner": "",
        "lead_name": action.lead_name,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat(),
        "version": action.version,
    }
    data.update(overrides)
    return data


def test_an_officer_assigns_an_owner_on_the_edit_page(demo):
    action = open_action()
    client = sign_in("suffolk-officer")
    page = client.get(url("actions:edit", pk=action.pk)).content.decode()
    assert 'name="owner"' in page and "Demo Suffolk board member" not in page
    response = client.post(
        url("actions:edit", pk=action.pk), edit_data(action, owner=user_id("suffolk-leader"))
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner_id == user_id("suffolk-leader") and action.version == 2
    for owner in (user_id("suffolk-board"), user_id("bexley-leader"), "99999999999999999999"):
        refused = client.post(
            url("actions:edit", pk=action.pk), edit_data(action, owner=owner, title="Changed")
        )
        assert b"Choose a member of this partnership" in refused.content
    action.refresh_from_db()
    assert action.owner_id == user_id("suffolk-leader") and action.title != "Changed"


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
