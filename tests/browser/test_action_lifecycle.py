"""A partnership runs its own plan in a real browser, with axe-core on every page and after
every swap: Bexley's leader adds an action to area for priority action 1, updates it,
closes it, reopens it and withdraws it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from inspections.models import Finding
from tests.browser.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Weekly multi-agency panel for new EHC needs assessments"


def mark_page(page) -> None:
    """Tag the window: if the page reloads, the tag is gone."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def test_bexley_leader_runs_an_action_from_start_to_withdrawal(page):
    load_demo()
    finding = Finding.objects.get(
        inspection__partnership__slug="bexley", kind="priority_action", number=1
    )
    sign_in(page, "bexley-leader")
    page.goto(f"/p/bexley/findings/{finding.pk}/")
    assert_accessible(page)

    # Create: from the finding's page, the finding already chosen.
    page.get_by_role("button", name=re.compile("Add an action")).click()
    expect(page.locator("h1")).to_have_text("Add an action")
    expect(page.get_by_label("Finding")).to_have_value(str(finding.pk))
    assert_accessible(page)
    page.get_by_label("What will be done").fill(TITLE)
    fill_date(page, "Start date", "2026-03-01")
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill("30")
    due.get_by_label("Month").fill("2")  # 30 February: not a real date
    due.get_by_label("Year").fill("2026")
    page.get_by_label("Lead organisation").select_option(label="London Borough of Bexley")
    page.get_by_role("button", name="Add action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Due date must be a real date")
    expect(due.get_by_label("Day")).to_have_class(re.compile("govuk-input--error"))
    expect(due.get_by_label("Month")).to_have_value("2")  # what was typed stays
    assert_accessible(page)
    fill_date(page, "Due date", "2026-02-01")  # before the start: refused
    page.get_by_role("button", name="Add action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The due date must be the same as or after the start date")
    expect(summary).to_contain_text("Choose an owner, or name the lead")
    assert_accessible(page)
    assert not Action.objects.filter(title=TITLE).exists()
    fill_date(page, "Due date", "2026-12-31")
    # Assigned to another member of the partnership.
    page.get_by_label("Owner").select_option(label="Demo Bexley officer")
    focus_point = finding.focus_points.order_by("order").first()
    assert focus_point is not None
    page.get_by_label("Focus point").select_option(str(focus_point.pk))
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Not started, rated Amber")
    expect(page.locator("#action-owner")).to_have_text("Demo Bexley officer")
    assert_accessible(page)
    action = Action.objects.get(title=TITLE)
    assert (action.status, action.rag, action.plan.partnership.slug) == (
        "not_started",
        "amber",
        "bexley",
    )

    # Update in place.
    mark_page(page)
    page.get_by_label("What has happened").fill("Panel met for the first time.")
    page.get_by_label("RAG rating now").select_option("green")
    page.click("#update-form button[type=submit]")
    expect(page.locator("#update-list")).to_contain_text("Panel met for the first time.")
    expect(page.locator("#action-rag-value")).to_have_text("Green")
    assert_not_reloaded(page)
    assert_accessible(page)

    # Close as complete, on its own page.
    page.get_by_role("link", name=re.compile("Close as complete")).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible(page)
    fill_date(page, "Date completed", "2026-04-30")
    page.get_by_label("Closing note").fill("Assessments now decided within 6 weeks.")
    page.get_by_role("button", name="Close as complete").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("closed as complete")
    expect(page.locator("#action-status-value")).to_contain_text("Complete, 30 April 2026")
    expect(page.locator("#action-rag-value")).to_have_text("Complete")
    expect(page.locator("#status-form")).to_have_count(0)
    expect(page.locator("#update-form select option")).to_have_count(1)  # only blue
    assert_accessible(page)

    # Reopen in place: the status form and the red/amber/green ratings come back.
    mark_page(page)
    page.get_by_label("RAG rating once reopened").select_option("amber")
    page.get_by_role("button", name="Reopen").click()
    expect(page.locator("#live-region")).to_have_text(
        "Action reopened: In progress, RAG rating Amber."
    )
    expect(page.locator("#action-status-value")).to_have_text("In progress")
    expect(page.locator("#status-form")).to_be_visible()
    expect(page.locator("#update-form select option")).to_have_count(4)  # a prompt and R/A/G
    assert_not_reloaded(page)
    assert_accessible(page)

    # Withdraw, with a reason, after a confirmation page.
    page.get_by_role("link", name=re.compile("^Withdraw")).click()
    expect(page.locator("h1")).to_have_text("Withdraw this action?")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why it is being withdrawn")
    assert_accessible(page)
    page.get_by_label("Why is it being withdrawn?").fill("Added to the wrong area.")
    page.get_by_role("button", name="Withdraw action").click()
    expect(page).to_have_url(re.compile(rf"/p/bexley/findings/{finding.pk}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("withdrawn")
    expect(page.locator("main table")).to_have_count(0)  # no actions left on the finding
    assert_accessible(page)

    # Its address says what happened, and a mistake can be put right.
    page.goto(f"/p/bexley/actions/{action.pk}/")
    expect(page.locator("#withdrawn-notice")).to_contain_text("Added to the wrong area.")
    expect(page.locator("#withdrawn-notice")).to_contain_text("by Demo Bexley leader")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("History")).click()
    expect(page.locator("main")).to_contain_text("Added to the wrong area.")
    assert_accessible(page)
    assert page.js_errors == []
