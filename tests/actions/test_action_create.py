"""Creating an action through the real stack, and choosing its owner: every role, another
partnership, bad input (each refused with nothing saved) and the page's query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Plan
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
    ({"title": "a\x00b"}, "Remove the invalid character"),
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
