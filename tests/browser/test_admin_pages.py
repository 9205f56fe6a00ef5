"""Packs, history, activity and members pages in a real browser, with axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from inspections.models import Deadline, Finding, Membership
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_builds_and_downloads_a_pack(page):
    load_demo()
    sign_in(page, "suffolk-officer")
    page.goto("/p/suffolk/packs/")
    assert_accessible(page)
    page.get_by_role("button", name="Build pack").click()
    expect(page.get_by_text("Your pack is ready")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the briefing pack (PDF)").click()
    assert download.value.suggested_filename.startswith("suffolk-briefing-pack-")
    assert page.js_errors == []


def test_history_activity_and_members_pages(page):
    load_demo()
    action = Action.objects.filter(plan__partnership__slug="suffolk").first()
    finding = Finding.objects.filter(inspection__partnership__slug="suffolk").first()
    deadline = Deadline.objects.filter(partnership__slug="suffolk").first()
    assert action is not None and finding is not None and deadline is not None
    sign_in(page, "suffolk-admin")
    for path in [
        f"/p/suffolk/actions/{action.pk}/history/",
        f"/p/suffolk/findings/{finding.pk}/history/",
        f"/p/suffolk/deadlines/{deadline.pk}/history/",
        "/p/suffolk/activity/",
        "/p/suffolk/members/",
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    assert_accessible(page)
    assert page.js_errors == []


def test_an_admin_invites_someone_who_accepts_and_lands_on_the_overview(
    page, browser, live_server, settings
):
    """The email's link, opened in another browser where nobody is signed in."""
    load_demo()
    settings.SITE_URL = live_server.url
    sign_in(page, "suffolk-admin")
    page.goto("/p/suffolk/members/")
    page.get_by_label("Email address").fill("new.officer@example.org")
    page.get_by_label("Full name").fill("Robin Okafor")
    page.get_by_label("Role", exact=True).select_option("officer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Invitation sent to new.officer@example.org."
    )
    expect(page.locator("#invitations + table")).to_contain_text("new.officer@example.org")
    assert_accessible(page)
    (message,) = mail.outbox
    link = re.search(
        re.escape(live_server.url) + r"/invitations/[A-Za-z0-9_-]+/", str(message.body)
    )
    assert link is not None
    invitee = browser.new_context()
    other = invitee.new_page()
    other.goto(link.group(0))
    expect(other.locator("h1")).to_have_text("Join Suffolk Local Area Partnership")
    assert_accessible(other)
    other.get_by_label("Choose a password").fill("a-long-test-password-42")
    other.get_by_label("Type the password again").fill("a-long-test-password-42")
    other.get_by_role("button", name="Create account and join").click()
    expect(other).to_have_url(re.compile(r"/p/suffolk/$"))
    expect(other.locator(".govuk-notification-banner")).to_contain_text(
        "You have joined Suffolk Local Area Partnership as Officer."
    )
    assert_accessible(other)
    assert Membership.objects.get(user__username="new.officer@example.org").role == "officer"
    invitee.close()
    assert page.js_errors == []
