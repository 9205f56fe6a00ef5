"""Owners in a real browser, with axe-core after every page and swap: a board member who owns
an action updates it, "My actions" lists what the person owns in two partnerships, and
removing a member asks who takes over their actions."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from actions.models import Action
from demo.loader import load_demo
from inspections.models import Membership, Partnership
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def suffolk_action(title_start: str) -> Action:
    return Action.objects.get(plan__partnership__slug="suffolk", title__startswith=title_start)


def my_action_row(page: Page, pk: int) -> Locator:
    """My actions' row for an action: the row whose first cell has the action's id."""
    return page.locator("#my-actions tbody tr", has=page.locator(f"#my-action-{pk}"))


def test_a_board_member_updates_the_action_they_own(page):
    load_demo()
    action = suffolk_action("Bring annual reviews")
    board = Membership.objects.get(user__username="suffolk-board")
    Action.objects.filter(pk=action.pk).update(owner=board.user)
    Partnership.objects.filter(slug="suffolk").mark_changed()
    sign_in(page, "suffolk-board")
    page.goto(f"/p/suffolk/actions/{action.pk}/")
    expect(page.locator("#action-owner")).to_have_text("Demo Suffolk board member")
    expect(page.get_by_text("Edit details")).to_have_count(0)
    assert_accessible(page)
    page.evaluate("window.__noReload = true")

    page.select_option("#id_status-status", "on_hold")
    page.select_option("#id_status-rag", "red")
    page.click("#status-form button[type=submit]")
    expect(page.locator("#live-region")).to_have_text("Status changed to On hold, RAG rating Red.")
    expect(page.locator("#action-status-value")).to_contain_text("On hold")
    assert_accessible(page)

    page.get_by_label("What has happened").fill("Board owner: chased the casework team.")
    page.get_by_label("RAG rating now").select_option("amber")
    page.click("#update-form button[type=submit]")
    expect(page.locator("#update-list")).to_contain_text("Board owner: chased the casework team.")
    expect(page.locator("#live-region")).to_have_text("Progress update added.")
    expect(page.locator("#action-rag-value")).to_have_text("Amber")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    assert_accessible(page)

    # My actions lists it, with today's update.
    page.get_by_role("link", name="My actions").click()
    expect(my_action_row(page, action.pk)).to_contain_text("On hold")
    assert_accessible(page)
    assert page.js_errors == []


def test_my_actions_lists_what_i_own_in_two_partnerships(page):
    load_demo()
    leader = Membership.objects.get(user__username="suffolk-leader").user
    bexley = Partnership.objects.get(slug="bexley")
    Membership.objects.create(user=leader, partnership=bexley, role=Membership.Role.OFFICER)
    voice = Action.objects.get(plan__partnership=bexley, title__startswith="Young people")
    Action.objects.filter(pk=voice.pk).update(owner=leader)
    suffolk_open = Action.objects.filter(plan__partnership__slug="suffolk", owner=leader).exclude(
        status="complete"
    )
    sign_in(page, "suffolk-leader")  # a member of two partnerships: the chooser
    page.get_by_role("link", name="My actions").click()
    expect(page.locator("h1")).to_have_text("My actions")
    rows = page.locator("#my-actions tbody tr")
    expect(rows).to_have_count(suffolk_open.count() + 1)
    expect(my_action_row(page, voice.pk)).to_contain_text("Bexley")
    for action in suffolk_open:
        expect(my_action_row(page, action.pk)).to_contain_text("Suffolk")
    assert_accessible(page)
    # Each title opens the action in its own partnership.
    my_action_row(page, voice.pk).get_by_role("link", name=voice.title).click()
    expect(page).to_have_url(f"{page.url.split('/p/')[0]}/p/bexley/actions/{voice.pk}/")
    expect(page.locator("h1")).to_have_text(voice.title)
    # The dashboard shows one owner's actions when asked.
    page.goto("/p/suffolk/dashboard/")
    page.get_by_label("Show actions owned by").select_option(label="Demo Suffolk leader")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?owner={leader.pk}")
    expect(page.locator("#owner-filter-note")).to_contain_text("owned by Demo Suffolk leader")
    assert_accessible(page)
    assert page.js_errors == []


def test_removing_a_member_asks_who_takes_over_their_actions(page):
    load_demo()
    officer = Membership.objects.get(user__username="suffolk-officer")
    owned = list(
        Action.objects.filter(owner=officer.user)
        .exclude(status="complete")
        .values_list("pk", flat=True)
    )
    sign_in(page, "suffolk-admin")
    page.goto("/p/suffolk/members/")
    page.get_by_role("button", name="Remove Demo Suffolk officer").click()
    expect(page.locator("h1")).to_have_text("Remove Demo Suffolk officer from the partnership?")
    assert_accessible(page)
    page.get_by_role("button", name="Remove Demo Suffolk officer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who takes over")
    assert_accessible(page)
    page.get_by_label("Demo Suffolk leader (Partnership leader)").check()
    page.get_by_role("button", name="Remove Demo Suffolk officer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Demo Suffolk leader now owns their {len(owned)} open actions."
    )
    expect(page.locator("#member-" + str(officer.pk))).to_have_count(0)
    assert_accessible(page)
    assert set(Action.objects.filter(pk__in=owned).values_list("owner__username", flat=True)) == {
        "suffolk-leader"
    }
    assert page.js_errors == []
