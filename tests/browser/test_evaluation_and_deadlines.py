"""The self-evaluation form, and a met deadline changed to missed with a reason, in a real
browser with axe-core after every page and swap."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.models import SelfEvaluation
from demo.loader import load_demo
from inspections.models import Deadline, Finding
from tests.browser.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_the_partnerships_self_evaluation(page):
    load_demo()
    finding = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=2
    )
    sign_in(page, "suffolk-officer")
    page.goto(f"/p/suffolk/findings/{finding.pk}/")
    expect(page.locator("#self-evaluation")).to_have_text("The partnership’s self-evaluation")
    expect(page.get_by_text("Not yet assessed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the self-evaluation").click()
    expect(page.locator("h1")).to_have_text("The partnership’s self-evaluation")
    expect(page.locator(".govuk-inset-text")).to_contain_text("It is not a judgement")
    assert_accessible(page)
    page.get_by_label("Effective", exact=True).check()
    page.get_by_role("button", name="Save self-evaluation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a summary of the evidence behind the assessment"
    )
    assert_accessible(page)
    page.get_by_label("Summary of the evidence").fill(
        "EHC plans within 20 weeks rose from 12% to 31% in a year."
    )
    fill_date(page, "Date of the assessment", "2026-11-02")
    page.get_by_role("button", name="Save self-evaluation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Self-evaluation of")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Effective")
    expect(page.locator(".govuk-summary-list")).to_contain_text("2 November 2026")
    assert_accessible(page)
    evaluation = SelfEvaluation.objects.get(finding=finding)
    assert (evaluation.assessment, evaluation.version) == ("effective", 1)
    assert page.js_errors == []


def test_leader_changes_a_met_deadline_to_missed_with_a_reason(page):
    load_demo()
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title__startswith="Local Area Inclusion Plan"
    )
    sign_in(page, "suffolk-leader")
    page.goto("/p/suffolk/deadlines/")
    page.evaluate("window.__noReload = true")
    row = page.locator(f"#deadline-row-{deadline.pk}")
    expect(row).to_contain_text("Met 29 January 2026")
    row.locator("summary").click()
    expect(row.locator(".govuk-warning-text")).to_contain_text(
        "the evidence of meeting it is cleared"
    )
    assert_accessible(page)
    row.get_by_label("Missed", exact=True).check()
    row.locator("button[type=submit]").click()
    expect(row.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for changing the deadline from met to missed"
    )
    assert_accessible(page)
    row.get_by_label("Reason for changing the outcome").fill("The DfE returned the plan.")
    row.locator("button[type=submit]").click()
    expect(row).to_contain_text("Missed")
    expect(row).to_contain_text("Reason for the last change of outcome: The DfE returned the plan.")
    expect(page.locator("#live-region")).to_contain_text("marked missed")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    assert_accessible(page)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.evidence) == ("missed", "")
    assert page.js_errors == []
