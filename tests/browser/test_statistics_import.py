"""Staff import national statistics through the page (upload, choose, preview, import);
a partnership then sees its authority against England, region and neighbours. Axe on each
step."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from benchmarks.models import Observation
from demo.loader import DEMO_PASSWORD, load_demo
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STATISTICS = Path(settings.BASE_DIR) / "fixtures" / "statistics"


def test_staff_import_a_file_through_the_page(page):
    load_demo()
    get_user_model().objects.create_user(
        username="statistics-staff", password=DEMO_PASSWORD, is_staff=True
    )
    sign_in(page, "statistics-staff")
    page.goto("/statistics/")
    assert_accessible(page)
    page.locator("#id_ees-file").set_input_files(str(STATISTICS / "ehcp_timeliness_20_week.csv"))
    page.get_by_role("button", name="Read the file").click()
    expect(page.locator("h1")).to_have_text("Choose what to import")
    assert_accessible(page)
    page.get_by_label("Column of figures").select_option("PC_plans_issued_20_weeks_ex")
    page.get_by_label("Name of the indicator").fill(
        "EHC plans within 20 weeks, excluding exceptions (%)"
    )
    page.get_by_label("Higher is better").check()
    page.get_by_label("Source").fill("DfE, Education, health and care plans")
    page.get_by_label("Release").fill("June 2025")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("h1")).to_have_text("Check what will be stored")
    expect(page.get_by_text("970 new figures, 0 revised")).to_be_visible()
    assert_accessible(page)
    assert not Observation.objects.filter(indicator__column="PC_plans_issued_20_weeks_ex").exists()
    page.get_by_role("button", name="Import EHC plans within 20 weeks").click()
    expect(
        page.locator(".govuk-notification-banner, [role=alert], .govuk-body").first
    ).to_be_visible()
    expect(
        page.get_by_text("EHC plans within 20 weeks, excluding exceptions (%)").first
    ).to_be_visible()
    assert_accessible(page)
    assert (
        Observation.objects.filter(indicator__column="PC_plans_issued_20_weeks_ex").count() == 970
    )
    assert page.js_errors == []


def test_the_measures_page_with_comparators_is_accessible(page):
    load_demo()
    sign_in(page, "suffolk-leader")
    page.goto("/p/suffolk/measures/")
    expect(page.get_by_text("East of England").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)
    assert page.js_errors == []
