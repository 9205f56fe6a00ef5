"""An officer imports the partnership's own tracker through the browser: uploads it,
fixes the columns the guess missed, sees each row's problems, uploads the corrected file
and saves. axe on every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from tests.actions.sheet_files import xlsx
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = ["Ref", "Area", "What we will do", "Lead organisation", "Who", "Deadline"]
COUNCIL = "Suffolk County Council"


def test_officer_maps_fixes_and_saves_a_tracker(page, tmp_path):
    load_demo()
    first = tmp_path / "tracker.xlsx"
    first.write_bytes(
        xlsx(
            [
                HEADINGS,
                [
                    "SP-1",
                    "APA 1",
                    "Weekly tracking of EHC plan timeliness",
                    COUNCIL,
                    "Head of SEND",
                    "31/02/2027",
                ],
                [
                    "SP-2",
                    "APA 4",
                    "Joint commissioning review",
                    COUNCIL,
                    "Head of SEND",
                    "30/06/2027",
                ],
            ]
        )
    )
    sign_in(page, "suffolk-officer")
    page.goto("/p/suffolk/actions/")
    page.get_by_role("link", name="All spreadsheets, and import").click()
    assert_accessible(page)
    page.get_by_role("link", name="Import actions").click()
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(first))
    page.get_by_role("button", name="Upload and check").click()

    # The title and owner columns were not guessed: every row says so.
    expect(page.locator("#row-problems")).to_contain_text("row 2: no title for a new action")
    assert_accessible(page)
    page.select_option("#id_title", "2")
    page.select_option("#id_owner", "4")
    page.get_by_role("button", name="Use these columns").click()

    expect(page.locator("#row-problems")).to_contain_text(
        "row 2: due date 31/02/2027 is not a date"
    )
    expect(page.locator("#row-problems")).to_contain_text("row 3: no area for priority action 4")
    expect(page.get_by_role("button", name="Save actions")).to_have_count(0)
    assert_accessible(page)

    corrected = tmp_path / "tracker-corrected.xlsx"
    corrected.write_bytes(
        xlsx(
            [
                HEADINGS,
                [
                    "SP-1",
                    "APA 1",
                    "Weekly tracking of EHC plan timeliness",
                    COUNCIL,
                    "Head of SEND",
                    "28/02/2027",
                ],
                [
                    "SP-2",
                    "APA 2",
                    "Joint commissioning review",
                    COUNCIL,
                    "Head of SEND",
                    "30/06/2027",
                ],
            ]
        )
    )
    page.get_by_role("link", name="Upload a corrected file").click()
    page.locator("input[type=file]").set_input_files(str(corrected))
    page.get_by_role("button", name="Upload and check").click()
    # The columns chosen last time are used again.
    expect(page.locator("#import-summary")).to_contain_text("Add 2 actions and change 0")
    assert_accessible(page)
    page.get_by_role("button", name="Save actions").click()
    expect(page.locator("h1")).to_have_text("Actions")
    expect(page.get_by_text("Spreadsheet saved: 2 actions added, 0 changed.")).to_be_visible()
    assert_accessible(page)
    assert Action.objects.filter(reference__in=["SP-1", "SP-2"]).count() == 2
    assert page.js_errors == []
