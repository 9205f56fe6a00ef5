"""An officer imports the wrong report into Suffolk, withdraws it and finds everything as it
was; the correction pages pass axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.loader import load_demo
from inspections.models import Finding, Partnership
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORTS = Path(settings.BASE_DIR) / "fixtures" / "reports"
PAGES = ["/p/suffolk/dashboard/", "/p/suffolk/", "/p/suffolk/deadlines/", "/p/suffolk/actions/"]


def main_text(page, path: str) -> str:
    page.goto(path)
    return page.locator("main").inner_text()


def test_officer_withdraws_a_wrongly_imported_report(page):
    load_demo()
    sign_in(page, "suffolk-officer")
    before = {path: main_text(page, path) for path in PAGES}
    assert_accessible(page)

    page.goto("/p/suffolk/import/")
    page.locator("input[type=file]").set_input_files(
        str(REPORTS / "hertfordshire-full-inspection.pdf")
    )
    page.get_by_role("button", name="Read the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This is about Hertfordshire, not Suffolk"
    )
    assert_accessible(page)
    # Another area's report is refused; it gets in only when someone has recorded that
    # area's name for Suffolk by mistake.
    Partnership.objects.filter(slug="suffolk").update(local_areas="Hertfordshire")
    page.locator("input[type=file]").set_input_files(
        str(REPORTS / "hertfordshire-full-inspection.pdf")
    )
    page.get_by_role("button", name="Read the report").click()
    expect(page.locator("h1")).to_contain_text("Check what was read")
    assert_accessible(page)
    page.get_by_role("button", name="Save to Suffolk").click()
    expect(page.locator("h1")).to_contain_text("10 to 14 July 2023")
    assert_accessible(page)
    assert main_text(page, "/p/suffolk/dashboard/") != before["/p/suffolk/dashboard/"]

    page.go_back()
    page.get_by_role("link", name="Withdraw this inspection").click()
    expect(page.locator("h1")).to_contain_text("Withdraw: Full inspection")
    expect(page.get_by_text("with its 7 findings")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw").click()  # no reason: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    assert_accessible(page)
    page.fill("#id_reason", "Hertfordshire's report, imported into Suffolk by mistake")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("h1")).to_contain_text("withdrawn")
    expect(page.locator("main")).to_contain_text("imported into Suffolk by mistake")
    expect(page.get_by_role("button", name="Restore")).to_be_visible()
    assert_accessible(page)

    for path in PAGES:
        assert main_text(page, path) == before[path], path
    assert page.js_errors == []


def test_every_correction_page_passes_axe(page):
    load_demo()
    sign_in(page, "suffolk-officer")
    apa1 = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=1
    )
    point, judgement = apa1.focus_points.first(), apa1.judgements.first()
    assert point is not None and judgement is not None
    for path in [
        f"/p/suffolk/inspections/{apa1.inspection_id}/",
        f"/p/suffolk/inspections/{apa1.inspection_id}/findings/new/",
        f"/p/suffolk/inspections/{apa1.inspection_id}/withdraw/",
        f"/p/suffolk/findings/{apa1.pk}/correct/",
        f"/p/suffolk/findings/{apa1.pk}/withdraw/",
        f"/p/suffolk/findings/{apa1.pk}/focus-points/new/",
        f"/p/suffolk/focus-points/{point.pk}/correct/",
        f"/p/suffolk/focus-points/{point.pk}/withdraw/",
        f"/p/suffolk/findings/{apa1.pk}/judgements/new/",
        f"/p/suffolk/judgements/{judgement.pk}/correct/",
        f"/p/suffolk/judgements/{judgement.pk}/withdraw/",
    ]:
        page.goto(path)
        assert_accessible(page)
    # A form with errors, and a correction saved.
    page.goto(f"/p/suffolk/findings/{apa1.pk}/focus-points/new/")
    page.fill("#id_order", "1")
    page.get_by_role("button", name="Add the focus point").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already recorded")
    assert_accessible(page)
    page.fill("#id_order", "9")
    page.fill("#id_text", "Bullet added by hand")
    page.get_by_role("button", name="Add the focus point").click()
    expect(page.locator("main")).to_contain_text("Bullet added by hand")
    assert_accessible(page)
    assert page.js_errors == []
