"""Done when (issue 17): every page fits a 1280 px window and passes axe for the partnership
admin with the most in the header and navigation (staff, and a member of two partnerships),
whose ten partnership links keep to one line."""

from __future__ import annotations

import pytest

from demo.loader import load_demo
from tests.browser.conftest import sign_in
from tests.browser.page_walk import walk, widest_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_fits_1280_px_for_an_admin_and_passes_axe(browser, live_server):
    load_demo()
    walk(browser, live_server.url, widest_admin(), 1280, axe=True)


@pytest.mark.parametrize("width", [768, 1024])
def test_every_page_fits_a_tablet_for_an_admin(browser, live_server, width):
    """Between the phone and the desktop: where stacked tables turn back into tables and the
    action list's filter moves beside its results (the width only; axe runs at 1280 px)."""
    load_demo()
    walk(browser, live_server.url, widest_admin(), width, axe=False)


def test_an_admins_navigation_keeps_to_one_line_at_1280_px(browser, live_server):
    load_demo()
    admin = widest_admin()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    try:
        page = context.new_page()
        sign_in(page, admin.get_username())
        page.goto("/p/suffolk/dashboard/")
        tops = page.locator(".govuk-service-navigation__item").evaluate_all(
            "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
        )
        # Overview to Families (nine), Import and Members: all on one line.
        assert len(tops) == 11 and len(set(tops)) == 1, tops
        assert page.get_by_role("link", name="Change partnership").is_visible()
        assert page.get_by_role("link", name="National statistics").is_visible()
        # The Menu button is for small screens only.
        assert page.get_by_role("button", name="Menu").is_hidden()
    finally:
        context.close()
