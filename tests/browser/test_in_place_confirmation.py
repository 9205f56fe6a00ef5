"""Done when (issue 17): an in-place (htmx) save shows a visible confirmation in words, on a
phone too, where the form sits a screen or more below the page's notification region."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.models import Action
from demo.loader import load_demo
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_in_place_save_is_confirmed_in_sight_on_a_phone(browser, live_server):
    load_demo()
    action = Action.objects.get(
        plan__partnership__slug="suffolk", title__startswith="Bring annual reviews"
    )
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    try:
        page = context.new_page()
        sign_in(page, "suffolk-leader")
        page.goto(f"/p/suffolk/actions/{action.pk}/")
        page.evaluate("window.__noReload = true")
        page.select_option("#id_status-status", "on_hold")
        page.select_option("#id_status-rag", "amber")
        save = page.locator("#status-form button[type=submit]")
        save.scroll_into_view_if_needed()
        # The form is below the fold on a phone: the notification region is out of sight.
        assert page.evaluate(
            "document.getElementById('notifications').getBoundingClientRect().bottom < 0"
        )
        save.click()
        banner = page.locator("#notifications .govuk-notification-banner--success")
        expect(banner).to_contain_text("Status changed to On hold, RAG rating Amber.")
        expect(banner).to_be_visible()
        expect(banner).to_be_in_viewport()
        expect(page.locator("#live-region")).to_have_text(
            "Status changed to On hold, RAG rating Amber."
        )
        assert page.evaluate("window.__noReload === true"), "the page was reloaded"
        assert_accessible(page)
    finally:
        context.close()
