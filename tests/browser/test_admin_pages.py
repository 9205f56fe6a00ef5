"""Packs, history, activity and members pages in a real browser, with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from inspections.models import Deadline, Finding
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
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a username")
    assert_accessible(page)
    assert page.js_errors == []
