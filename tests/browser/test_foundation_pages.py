"""Sign in through a real browser and check every foundation page with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from demo.loader import load_demo
from inspections.models import Inspection
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "Sign in to SEND Tracker"
    assert_accessible(page)
    page.click("button[type=submit]")  # empty form: error summary
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_leader_reads_the_suffolk_record(page):
    load_demo()
    sign_in(page, "suffolk-leader")
    assert page.url.endswith("/p/suffolk/")
    assert page.locator("h1").inner_text() == "Suffolk"
    assert page.get_by_text("Ineffective action, March 2026").is_visible()
    # GOV.UK Frontend's JavaScript ran (it marks the body), with no errors.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.js_errors == []
    assert_accessible(page)

    for inspection in Inspection.objects.filter(partnership__slug="suffolk"):
        page.goto(f"/p/suffolk/inspections/{inspection.pk}/")
        assert inspection.date_range in page.locator("h1").inner_text()
        assert_accessible(page)
    assert page.js_errors == []


def test_skip_link_reaches_main_content(page):
    load_demo()
    sign_in(page, "suffolk-board")
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    # The jump to the fragment lands after the key press returns: wait for it.
    expect(page).to_have_url(re.compile(r"#main-content$"))
