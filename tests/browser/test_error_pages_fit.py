"""Done when (issue 17): every error page renders in the product's style, fits a 320 px and a
375 px window and passes axe. 404, 403, the expired-form 403 and the sign-in lockout's 429 are
real answers of the live server; 400 and 500 cannot be caused from a browser on purpose, so
their handlers' answers are served to the browser at a page address, with the live server's
stylesheet."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory

from demo.loader import load_demo
from send_tracker import errors
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.page_walk import OVERFLOW_SCRIPT
from tests.test_access import url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def handlers_answers() -> dict[str, tuple[int, str]]:
    """What the 400 and 500 handlers send, by name."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    answers = {
        "400": errors.bad_request(request, SuspiciousOperation("x")),
        "500": errors.server_error(RequestFactory().get("/")),
    }
    return {name: (a.status_code, a.content.decode()) for name, a in answers.items()}


def serve(status: int, html: str):
    """A Playwright route handler that answers with `html`."""

    def fulfil(route) -> None:
        route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")

    return fulfil


def send_sign_in(page, username: str, password: str) -> int:
    """Fill in and send the sign-in form on the page; the status of the answer."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.click("button[type=submit]")
    page.wait_for_load_state()
    return sent.value.status


def check(page, name: str, width: int, problems: list[str]) -> None:
    assert page.locator("header.app-header").count() == 1, f"{name} is not in the product's style"
    found = page.evaluate(OVERFLOW_SCRIPT)
    if found["scrollWidth"] > width:
        problems.append(f"{name} is {found['scrollWidth']} px wide: {found['culprits']}")
    try:
        assert_accessible(page)
    except AssertionError as report:
        problems.append(f"{name} axe:\n{report}")


@pytest.mark.parametrize("width", [320, 375])
def test_every_error_page_fits_and_passes_axe(browser, live_server, settings, width):
    load_demo()
    settings.AXES_ENABLED = True
    answers = handlers_answers()
    problems: list[str] = []
    context = browser.new_context(
        viewport={"width": width, "height": 800}, base_url=live_server.url
    )
    try:
        page = context.new_page()
        # Not signed in: a page that is not there, and a form sent after its token expired.
        response = page.goto("/accounts/no-such-page/")
        assert response is not None and response.status == 404
        check(page, "404 (signed out)", width, problems)
        page.goto("/accounts/login/")
        context.clear_cookies()
        assert send_sign_in(page, "suffolk-board", "send-demo-2026") == 403
        check(page, "403 (form expired)", width, problems)
        # The handlers' answers that a browser cannot cause, at a page address.
        for name, (status, html) in answers.items():
            address = f"{live_server.url}/error-page-{name}/"
            page.route(address, serve(status, html))
            page.goto(address)
            check(page, name, width, problems)
        # Signed in as a board member: another page that is not there, and a page the role
        # may not open.
        sign_in(page, "suffolk-board")
        response = page.goto("/p/suffolk/no-such-page/")
        assert response is not None and response.status == 404
        check(page, "404 (signed in)", width, problems)
        response = page.goto(url_for("actions:create"))
        assert response is not None and response.status == 403
        check(page, "403", width, problems)
        # Signed out, five wrong passwords: the sign-in lockout (last: it locks the address).
        context.clear_cookies()
        for attempt in range(1, 6):
            page.goto("/accounts/login/")
            status = send_sign_in(page, "suffolk-leader", "wrong-password-1")
            assert status == (429 if attempt == 5 else 200)
        check(page, "429 (signed out)", width, problems)
    finally:
        context.close()
    assert not problems, f"At {width} px:\n" + "\n".join(problems)
