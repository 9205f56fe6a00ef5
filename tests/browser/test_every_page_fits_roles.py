"""Done when (issue 17): every page each role may open fits a 375 px window and passes axe.
The roles are the model's, each walked as its demo account (a role added later is walked
as soon as the demo data has an account for it); the admin is walked in
test_every_page_fits_phone.py and test_every_page_fits_desktop.py."""

from __future__ import annotations

import pytest

from demo.loader import load_demo
from inspections.models import Membership
from tests.browser.conftest import sign_in
from tests.browser.page_walk import demo_user, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER_ROLES = [role for role in Membership.Role.values if role != Membership.Role.ADMIN]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_page_fits_375_px_and_passes_axe(browser, live_server, role):
    load_demo()
    walk(browser, live_server.url, demo_user(role), 375, axe=True)


def test_a_phone_shows_the_menu_button_and_it_opens_the_navigation(browser, live_server):
    load_demo()
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    try:
        page = context.new_page()
        sign_in(page, "suffolk-board")
        page.goto("/p/suffolk/dashboard/")
        menu = page.get_by_role("button", name="Menu")
        deadlines = page.get_by_role("link", name="Deadlines", exact=True)
        assert menu.is_visible() and deadlines.is_hidden()
        assert menu.get_attribute("aria-expanded") == "false"
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        assert deadlines.is_visible()
        deadlines.click()
        page.wait_for_url("**/p/suffolk/deadlines/")
    finally:
        context.close()
