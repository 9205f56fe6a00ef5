"""The progress pages' main flows in a real browser, with axe-core after every swap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from inspections.models import Deadline, Finding
from tests.browser.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def annual_reviews() -> Action:
    return Action.objects.get(
        plan__partnership__slug="suffolk", title__startswith="Bring annual reviews"
    )


def mark_page(page) -> None:
    """Tag the window: if the page reloads, the tag is gone."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def test_every_progress_page_passes_axe(page):
    load_demo()
    sign_in(page, "suffolk-leader")
    action = annual_reviews()
    finding = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=1
    )
    for path in [
        "/p/suffolk/dashboard/",
        f"/p/suffolk/findings/{finding.pk}/",
        "/p/suffolk/actions/",
        f"/p/suffolk/actions/{action.pk}/",
        f"/p/suffolk/actions/{action.pk}/edit/",
        "/p/suffolk/deadlines/",
        "/p/suffolk/deadlines/new/",
        "/p/suffolk/measures/",
        "/p/suffolk/measures/new/",
        "/p/suffolk/plans/",
        "/p/suffolk/plans/new/",
    ]:
        page.goto(path)
        assert_accessible(page)
    assert page.js_errors == []


def test_leader_changes_status_in_place(page):
    load_demo()
    action = annual_reviews()
    sign_in(page, "suffolk-leader")
    page.goto(f"/p/suffolk/actions/{action.pk}/")
    mark_page(page)
    page.select_option("#id_status-status", "on_hold")
    page.select_option("#id_status-rag", "amber")
    page.click("#status-form button[type=submit]")
    expect(page.locator("#live-region")).to_have_text(
        "Status changed to On hold, RAG rating Amber."
    )
    # Confirmed in words on the page too, as the no-JavaScript path's banner does it.
    banner = page.locator("#notifications .govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Success")
    expect(banner).to_contain_text("Status changed to On hold, RAG rating Amber.")
    expect(page.locator("#action-status-value")).to_contain_text("On hold")
    assert_not_reloaded(page)
    assert_accessible(page)
    page.reload()
    expect(page.locator("#action-status-value")).to_contain_text("On hold")
    expect(page.locator("#action-rag-value")).to_have_text("Amber")
    assert page.js_errors == []


def test_leader_fixes_an_empty_update(page):
    load_demo()
    action = annual_reviews()
    sign_in(page, "suffolk-leader")
    page.goto(f"/p/suffolk/actions/{action.pk}/")
    mark_page(page)
    page.get_by_label("RAG rating now").select_option("green")
    page.click("#update-form button[type=submit]")
    summary = page.locator("#update-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter what has happened since the last update")
    expect(summary).to_be_focused()
    assert_not_reloaded(page)
    assert_accessible(page)
    page.get_by_label("What has happened").fill("Caseworkers recruited; backlog falling.")
    page.click("#update-form button[type=submit]")
    expect(page.locator("#update-list")).to_contain_text("Caseworkers recruited; backlog falling.")
    expect(page.locator("#update-errors")).to_have_count(0)
    expect(page.locator("#live-region")).to_have_text("Progress update added.")
    expect(page.locator("#action-rag-value")).to_have_text("Green")
    assert_not_reloaded(page)
    assert_accessible(page)
    assert action.updates.filter(narrative="Caseworkers recruited; backlog falling.").count() == 1
    assert page.js_errors == []


def test_filter_the_action_list_and_go_back(page):
    load_demo()
    total = Action.objects.filter(plan__partnership__slug="suffolk").count()
    sign_in(page, "suffolk-leader")
    page.goto("/p/suffolk/actions/")
    mark_page(page)
    rows = page.locator("#action-results tbody tr")
    expect(rows).to_have_count(total)
    page.select_option("#id_rag", "red")
    expect(page).to_have_url(re.compile(r"rag=red"))
    red = Action.objects.filter(plan__partnership__slug="suffolk", rag="red").count()
    expect(rows).to_have_count(red)
    assert_not_reloaded(page)
    assert_accessible(page)
    page.check("#id_overdue")
    expect(page).to_have_url(re.compile(r"overdue=on"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"rag=red(?!.*overdue)"))
    expect(rows).to_have_count(red)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/actions/$"))
    expect(rows).to_have_count(total)
    # Shareable: opening the filtered URL directly shows the same results.
    page.goto("/p/suffolk/actions/?rag=red")
    expect(rows).to_have_count(red)
    expect(page.locator("#id_rag")).to_have_value("red")
    assert page.js_errors == []


def test_leader_marks_a_deadline_met_in_place(page):
    load_demo()
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    sign_in(page, "suffolk-leader")
    page.goto("/p/suffolk/deadlines/")
    mark_page(page)
    row = page.locator(f"#deadline-row-{deadline.pk}")
    expect(row).to_contain_text("Overdue")
    row.locator("summary").click()
    row.get_by_label("Met", exact=True).check()
    row.locator("button[type=submit]").click()
    expect(row.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the deadline was met"
    )
    assert_accessible(page)
    fill_date(row, "Date met", "2026-01-12")
    row.get_by_label("Evidence").fill("Strategy approved by Cabinet.")
    row.locator("button[type=submit]").click()
    expect(row).to_contain_text("Met 12 January 2026")
    expect(row).not_to_contain_text("Overdue")
    expect(page.locator("#live-region")).to_contain_text("marked met")
    assert_not_reloaded(page)
    assert_accessible(page)
    deadline.refresh_from_db()
    assert deadline.status == "met"


def test_board_member_sees_no_edit_controls(page):
    load_demo()
    action = annual_reviews()
    sign_in(page, "suffolk-board")
    page.goto(f"/p/suffolk/actions/{action.pk}/")
    expect(page.locator("h1")).to_have_text(action.title)
    expect(page.locator("form#status-form")).to_have_count(0)
    expect(page.locator("form#update-form")).to_have_count(0)
    expect(page.get_by_text("Edit details")).to_have_count(0)
    page.goto("/p/suffolk/deadlines/")
    expect(page.get_by_text("Record outcome")).to_have_count(0)
    assert_accessible(page)


def test_everything_works_without_javascript(browser, live_server):
    load_demo()
    action = annual_reviews()
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "suffolk-leader")
    page.goto("/p/suffolk/actions/")
    page.select_option("#id_rag", "red")
    page.click("#action-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"rag=red"))
    red = Action.objects.filter(plan__partnership__slug="suffolk", rag="red").count()
    expect(page.locator("#action-results tbody tr")).to_have_count(red)
    page.goto(f"/p/suffolk/actions/{action.pk}/")
    page.select_option("#id_status-status", "on_hold")
    page.click("#status-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Status changed to On hold")
    page.click("#update-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what has happened")
    context.close()
