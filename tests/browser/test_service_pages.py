"""Error pages, password reset by email and the activity log in a real browser, with
axe-core; each at a phone's width too."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from demo.loader import load_demo
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_error_pages_are_in_style_with_a_way_back(page):
    load_demo()
    page.goto("/no-such-page/")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the sign-in page").click()
    expect(page.locator("h1")).to_contain_text("Sign in")
    sign_in(page, "suffolk-board")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/p/suffolk/findings/999999/")
        expect(page.locator("h1")).to_have_text("Page not found")
        assert_accessible(page)
        page.goto("/p/suffolk/actions/new/")  # board members may not add actions
        expect(page.locator("h1")).to_have_text("You cannot do that")
        assert_accessible(page)
    page.get_by_role("link", name="Go to the Suffolk overview").click()
    expect(page).to_have_url(re.compile(r"/p/suffolk/$"))


def test_someone_who_forgot_their_password_resets_it_by_email(page):
    load_demo()
    user = User.objects.get(username="suffolk-officer")
    User.objects.filter(pk=user.pk).update(email="officer@example.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)
    page.fill("#id_email", "officer@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert_accessible(page)
    (message,) = mail.outbox
    found = re.search(r"https?://\S+(/accounts/reset/\S+/)", str(message.body))
    assert found, message.body
    link = found.group(1)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    assert_accessible(page)
    page.fill("#id_new_password1", "Brand-new-words-2026")
    page.fill("#id_new_password2", "Brand-new-words-2026")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator("h1")).to_have_text("Your password has been changed")
    assert_accessible(page)
    sign_in(page, "suffolk-officer", password="Brand-new-words-2026")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.js_errors == []


def test_the_activity_log_filters_and_pages(page):
    load_demo()
    sign_in(page, "suffolk-admin")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/p/suffolk/activity/")
        expect(page.locator("#activity-count")).to_contain_text("Showing 1 to 50 of")
        assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("#activity-count")).to_contain_text("Showing 51 to")
    assert_accessible(page)
    page.select_option("#id_kind", "actions.MeasureValue")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr td:nth-child(3)")
    expect(rows.first).to_contain_text("of measure")
    assert all(text.startswith("Value ") for text in rows.all_inner_texts())
    assert_accessible(page)
    assert page.js_errors == []
