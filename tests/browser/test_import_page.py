"""An officer imports a published report through the browser; axe on both steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.loader import load_demo
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORTS = Path(settings.BASE_DIR) / "fixtures" / "reports"


def test_officer_uploads_reviews_and_saves_a_report(page):
    load_demo()
    sign_in(page, "suffolk-officer")
    page.goto("/p/suffolk/")
    page.get_by_role("link", name="Import a published report or monitoring letter").click()
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(REPORTS / "suffolk-full-inspection.pdf"))
    page.get_by_role("button", name="Read the report").click()
    expect(page.get_by_text("13 to 17 November 2023").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save to Suffolk").click()
    expect(page.locator("h1")).to_contain_text("13 to 17 November 2023")
    assert_accessible(page)
    assert page.js_errors == []
