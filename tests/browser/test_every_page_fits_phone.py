"""Done when (issue 17): every page fits a 320 px and a 375 px window (WCAG 1.4.10 reflow) and
passes axe, for the partnership admin with the most in the header and navigation, and for
someone not signed in. The other roles: test_every_page_fits_roles.py; 1280 px:
test_every_page_fits_desktop.py. The pages come from the URL walk (tests/test_access.py)."""

from __future__ import annotations

import pytest

from demo.loader import load_demo
from tests.browser.page_walk import walk, widest_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_fits_320_px_for_an_admin(browser, live_server):
    """Axe runs at 375 px and 1280 px; at 320 px only the width is checked (to keep it quick)."""
    load_demo()
    walk(browser, live_server.url, widest_admin(), 320, axe=False)


def test_every_page_fits_375_px_for_an_admin_and_passes_axe(browser, live_server):
    load_demo()
    walk(browser, live_server.url, widest_admin(), 375, axe=True)


@pytest.mark.parametrize("width", [320, 375])
def test_every_page_fits_for_someone_not_signed_in(browser, live_server, width):
    load_demo()
    walk(browser, live_server.url, None, width, axe=width == 375)
