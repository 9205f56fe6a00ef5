"""The Email and calendar page in a real browser, with axe-core after every page: a leader
switches reminders off and the digest to never, makes a calendar address and replaces it;
the old address then answers 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demo.loader import load_demo
from inspections.models import Membership
from reminders.models import ReminderPreference
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_changes_preferences_and_resets_the_calendar_address(page, live_server):
    load_demo()
    sign_in(page, "suffolk-leader")
    page.get_by_role("link", name="Email and calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email and calendar")
    expect(page.locator("#email-address")).to_contain_text("suffolk-leader@example.org")
    assert_accessible(page)

    page.get_by_label("No, do not email me about them").check()
    page.get_by_label("Never").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("alert")).to_contain_text("Your email preferences are saved.")
    expect(page.get_by_label("No, do not email me about them")).to_be_checked()
    expect(page.get_by_label("Never")).to_be_checked()
    assert_accessible(page)
    preference = ReminderPreference.objects.get(
        membership=Membership.objects.get(user__username="suffolk-leader")
    )
    assert (preference.reminders, preference.digest) == (False, "never")

    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_role("alert")).to_contain_text("Your calendar address is ready")
    first = page.locator("#calendar-address").inner_text()
    assert first.startswith("http://") and first.endswith(".ics")
    assert_accessible(page)
    path = "/" + first.split("/", 3)[3]
    assert page.request.get(path).status == 200

    page.get_by_role("button", name="Make a new calendar address").click()
    expect(page.get_by_role("alert")).to_contain_text("The old address no longer works")
    second = page.locator("#calendar-address").inner_text()
    assert second != first
    assert_accessible(page)
    assert page.request.get(path).status == 404
    feed = page.request.get("/" + second.split("/", 3)[3])
    assert feed.status == 200 and feed.text().startswith("BEGIN:VCALENDAR")
    page.js_errors[:] = [e for e in page.js_errors if not e.startswith("404 ")]
    assert not page.js_errors, page.js_errors


def test_the_page_is_accessible_on_a_small_screen(page):
    load_demo()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "bexley-board")
    page.goto("/email-and-calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    assert_accessible(page)
