"""Action owners: who may change an action's progress, where the owner shows, and the owner
filters of the action list and the dashboard."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.permissions import may_update_progress
from inspections.models import Membership, Partnership
from tests.clients import sign_in
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_member,
    make_partnership,
    make_plan,
    make_update,
)

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def suffolk(title_start: str) -> Action:
    return Action.objects.get(plan__partnership__slug="suffolk", title__startswith=title_start)


def member(username: str) -> Membership:
    return Membership.objects.select_related("user").get(user__username=username)


def owned_by_board() -> Action:
    """Annual reviews (in progress), handed to the board member."""
    action = suffolk("Bring annual reviews")
    Action.objects.filter(pk=action.pk).update(owner=member("suffolk-board").user)
    Partnership.objects.filter(slug="suffolk").mark_changed()  # as every service does
    action.refresh_from_db()
    return action


def status_data(action: Action, status: str = "on_hold", rag: str = "red") -> dict:
    return {"status-version": action.version, "status-status": status, "status-rag": rag}


def update_data(narrative: str, rag: str = "amber") -> dict:
    return {
        "update-date": timezone.localdate().isoformat(),
        "update-narrative": narrative,
        "update-rag": rag,
        "update-submission_id": str(uuid.uuid4()),
    }


# --- Who may change progress --------------------------------------------------------------


def test_leaders_and_admins_everywhere_others_only_on_what_they_own(demo):
    action = owned_by_board()
    other = suffolk("Clear the backlog")
    allowed = {
        username: (
            may_update_progress(member(username), action),
            may_update_progress(member(username), other),
        )
        for username in ("suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin")
    }
    assert allowed == {
        "suffolk-board": (True, False),  # owns the first only
        "suffolk-officer": (False, False),
        "suffolk-leader": (True, True),
        "suffolk-admin": (True, True),
    }


def test_a_board_member_who_owns_an_action_sees_its_controls_and_only_those(demo):
    action = owned_by_board()
    owner = sign_in("suffolk-board")
    html = owner.get(url("actions:action", pk=action.pk)).content.decode()
    assert 'id="status-form"' in html and 'id="update-form"' in html
    assert "Edit details" not in html  # the details stay the leaders'
    assert owner.get(url("actions:edit", pk=action.pk)).status_code == 403
    # On an action they do not own, the page is read-only.
    html = owner.get(url("actions:action", pk=suffolk("Clear the backlog").pk)).content.decode()
    assert 'id="status-form"' not in html and 'id="update-form"' not in html


def test_the_owner_changes_status_and_adds_updates_in_place(demo):
    action = owned_by_board()
    owner = sign_in("suffolk-board")
    htmx = {"HX-Request": "true"}
    response = owner.post(
        url("actions:update-status", pk=action.pk), status_data(action), headers=htmx
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "Status changed to On hold, RAG rating Red." in response.content.decode()
    response = owner.post(
        url("actions:add-update", pk=action.pk),
        update_data("Noted by the board owner."),
        headers=htmx,
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "Noted by the board owner." in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.rag) == ("on_hold", "amber")
    # Without JavaScript: POST and redirect, with a message.
    response = owner.post(
        url("actions:update-status", pk=action.pk),
        status_data(action, "in_progress", "green"),
        follow=True,
    )
    assert "Status changed to In progress, RAG rating Green." in response.content.decode()


def test_someone_else_gets_403_and_changes_nothing(demo):
    action = owned_by_board()
    officer = sign_in("suffolk-officer")
    before = (action.status, action.rag, action.version, action.updates.count())
    for headers in ({}, {"HX-Request": "true"}):
        assert (
            officer.post(
                url("actions:update-status", pk=action.pk), status_data(action), headers=headers
            ).status_code
            == 403
        )
        assert (
            officer.post(
                url("actions:add-update", pk=action.pk), update_data("x"), headers=headers
            ).status_code
            == 403
        )
    action.refresh_from_db()
    assert (action.status, action.rag, action.version, action.updates.count()) == before


def test_an_owner_who_left_the_partnership_gets_404(demo):
    action = owned_by_board()
    member("suffolk-board").delete()
    client = sign_in("suffolk-board")
    assert (
        client.post(url("actions:update-status", pk=action.pk), status_data(action)).status_code
        == 404
    )


def test_owning_an_action_of_another_partnership_gives_nothing_here(demo):
    """A Bexley action's owner who is a board member of Suffolk: 403 by Suffolk's slug,
    whatever the id."""
    bexley_action = Action.objects.filter(plan__partnership__slug="bexley")[0]
    board = member("suffolk-board").user
    Action.objects.filter(pk=bexley_action.pk).update(owner=board)
    client = sign_in("suffolk-board")
    assert (
        client.post(url("actions:update-status", pk=bexley_action.pk), {"x": 1}).status_code == 403
    )
    assert client.post(url("actions:add-update", pk=bexley_action.pk), {"x": 1}).status_code == 403


# --- Where the owner shows ------------------------------------------------------------------


def test_the_owner_shows_on_the_action_page_list_finding_page_and_dashboard(leader_client):
    owned = suffolk("Bring annual reviews")  # owned by suffolk-leader in the demo
    unowned = suffolk("Reduce waiting times")  # only a named lead
    page = leader_client.get(url("actions:action", pk=owned.pk)).content.decode()
    assert re.search(r'id="action-owner">Demo Suffolk leader<', page)
    assert "Head of SEND Casework (illustrative)" in page  # the named lead is kept too
    page = leader_client.get(url("actions:action", pk=unowned.pk)).content.decode()
    assert re.search(r'id="action-owner">Neurodevelopmental Pathway Lead \(illustrative\)<', page)

    rows = leader_client.get(url("actions:list")).content.decode()
    assert re.search(rf'id="action-row-{owned.pk}".*?Owner: Demo Suffolk leader', rows, re.S)
    assert re.search(
        rf'id="action-row-{unowned.pk}".*?Owner: Neurodevelopmental Pathway Lead', rows, re.S
    )

    finding = leader_client.get(url("actions:finding", pk=owned.finding_id)).content.decode()
    assert "Owner: Demo Suffolk leader" in finding

    dashboard = leader_client.get(url("actions:dashboard")).content.decode()
    recent = dashboard.split("Recent progress updates")[1].split("Measures of impact")[0]
    assert "Owner: Demo Suffolk" in recent


# --- Filtering by owner ---------------------------------------------------------------------


def test_the_action_list_filters_by_owner(leader_client):
    officer = member("suffolk-officer").user
    html = leader_client.get(url("actions:list"), {"owner": officer.pk}).content.decode()
    shown = set(map(int, re.findall(r'id="action-row-(\d+)"', html)))
    expected = set(
        Action.objects.filter(plan__partnership__slug="suffolk", owner=officer).values_list(
            "pk", flat=True
        )
    )
    assert shown == expected and expected
    assert f'<option value="{officer.pk}" selected>Demo Suffolk officer</option>' in html
    # Combined with another filter, in the query string like the others.
    html = leader_client.get(
        url("actions:list"), {"owner": officer.pk, "status": "not_started"}
    ).content.decode()
    assert "0 actions match these filters." in html


def test_the_owner_choices_are_the_members_who_may_own_and_any_other_owner(demo):
    leader = sign_in("suffolk-leader")
    html = leader.get(url("actions:list")).content.decode()
    owner_select = html.split('name="owner"')[1].split("</select>")[0]
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', owner_select)
    assert names == ["Demo Suffolk admin", "Demo Suffolk leader", "Demo Suffolk officer"]
    # A board member appears once they own an action (made owner before a role change).
    owned_by_board()
    html = leader.get(url("actions:list")).content.decode()
    assert (
        "Demo Suffolk board member</option>" in html.split('name="owner"')[1].split("</select>")[0]
    )


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1" * 30])
def test_an_unknown_owner_is_ignored_not_an_error(leader_client, value):
    everyone = leader_client.get(url("actions:list")).content.decode()
    found = re.search(r"(\d+) actions? match", everyone)
    assert found is not None
    count = found.group(1)
    html = leader_client.get(url("actions:list"), {"owner": value}).content.decode()
    assert f"{count} actions match" in html
    assert leader_client.get(url("actions:dashboard"), {"owner": value}).status_code == 200


def test_another_partnerships_member_is_no_choice(leader_client):
    bexley_leader = member("bexley-leader").user
    html = leader_client.get(url("actions:list"), {"owner": bexley_leader.pk}).content.decode()
    assert "Demo Bexley" not in html
    assert "0 actions match" not in html  # ignored: every action is listed


def dashboard_figures(html: str) -> tuple[str, list[str]]:
    headline = re.search(r"\d+ overdue actions?[^,]*,", html)
    assert headline is not None
    return headline.group(0), re.findall(r"(\d+ of \d+ complete|None yet)", html)


def test_the_dashboard_counts_one_owners_actions_and_keeps_each_view_apart(demo):
    partnership = make_partnership()
    leader = make_member(partnership, role=Membership.Role.LEADER)
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    finding = make_finding(make_inspection(partnership))
    plan = make_plan(partnership)
    today = timezone.localdate()
    past, soon = today - dt.timedelta(days=3), today + dt.timedelta(days=30)
    make_action(plan, finding, owner=leader, due_date=past, title="Leader's overdue action")
    make_action(plan, finding, owner=officer, due_date=soon, title="Officer's action")
    make_update(
        make_action(plan, finding, owner=officer, due_date=soon, title="Officer's other action"),
        narrative="Officer progress.",
    )
    client = Client()
    client.force_login(leader)
    target = url("actions:dashboard", slug=partnership.slug)
    everyone = client.get(target).content.decode()
    assert dashboard_figures(everyone) == ("1 overdue action,", ["0 of 3 complete"])
    # The cached dashboard of everyone's actions is not served for one owner's, nor the reverse.
    mine = client.get(target, {"owner": officer.pk}).content.decode()
    assert dashboard_figures(mine) == (
        "0 overdue actions owned by " + officer.username + ",",
        ["0 of 2 complete"],
    )
    assert "Action figures and recent updates are of the actions owned by" in mine
    assert "Officer progress." in mine
    theirs = client.get(target, {"owner": leader.pk}).content.decode()
    assert dashboard_figures(theirs)[1] == ["0 of 1 complete"]
    assert "Officer progress." not in theirs and "No progress updates yet." in theirs
    assert dashboard_figures(client.get(target).content.decode()) == dashboard_figures(everyone)


def test_member_changes_refresh_the_cached_owner_choices(demo):
    admin = sign_in("suffolk-admin")
    before = admin.get(url("actions:list")).content.decode()
    assert "Demo Suffolk board member</option>" not in before
    board = member("suffolk-board")
    admin.post(url("inspections:member-role", pk=board.pk), {"role": "officer"})
    after = admin.get(url("actions:list")).content.decode()
    assert "Demo Suffolk board member</option>" in after
    generation = Partnership.objects.get(slug="suffolk").generation
    board = member("suffolk-board")
    admin.post(url("actions:member-remove", pk=board.pk))
    assert Partnership.objects.get(slug="suffolk").generation == generation + 1
    after = admin.get(url("actions:list")).content.decode()
    assert "Demo Suffolk board member</option>" not in after


def test_a_finding_none_of_the_chosen_owners_actions_answer_is_not_a_warning(demo):
    """Filtered to one owner, a finding answered only by others' actions says so plainly:
    the warning that no action answers it is for the whole partnership's view."""
    partnership = make_partnership()
    leader = make_member(partnership, role=Membership.Role.LEADER)
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    finding = make_finding(make_inspection(partnership))
    make_action(make_plan(partnership), finding, owner=leader)
    client = Client()
    client.force_login(leader)
    target = url("actions:dashboard", slug=partnership.slug)
    theirs = client.get(target, {"owner": officer.pk}).content.decode()
    assert f"None of {officer.username}'s actions answer it" in theirs
    assert "No actions answer this" not in theirs
    assert "No actions answer this" not in client.get(target).content.decode()
