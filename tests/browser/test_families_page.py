"""The families page in a real browser, axe-core on every step: an officer drafts, the forum
representative returns it with a comment, the officer revises, the representative approves,
and a signed-out visitor reads it; editing takes it off; withdrawing takes it off. At 375 px
too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demo.loader import load_demo
from families.models import FamilyItem
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = "Short breaks for the summer"
FIRST = "We are adding more short breaks in the summer holidays."
REVISED = "We are adding 200 more short break places in the summer holidays of 2027."


def switch_to(page, username: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sign_in(page, username)


def fits(page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def send_to_forum(page) -> None:
    page.get_by_role("button", name="Send to the forum for approval").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Awaiting the forum's approval")
    assert_accessible(page)


def test_draft_return_revise_approve_publish_edit_and_withdraw(page, browser, live_server):
    load_demo()
    visitor = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    public = visitor.new_page()

    # The officer drafts, with the plain English check updating as they type.
    sign_in(page, "suffolk-officer")
    page.goto("/p/suffolk/families-page/")
    assert_accessible(page)
    page.get_by_role("button", name="Draft an item").click()
    page.get_by_label("What we are doing").check()
    page.get_by_label("Heading").fill(HEADING)
    page.get_by_label("What families will read").fill(FIRST + " Ask the SEND team.")
    expect(page.locator("#plain-english")).to_contain_text("Reading age")
    expect(page.locator("#plain-english")).to_contain_text("SEND")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    fits(page, 375)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("What families will read").fill(FIRST)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("h1")).to_have_text(HEADING)
    assert_accessible(page)
    send_to_forum(page)
    item_url = page.url

    # The forum representative returns it with a comment.
    switch_to(page, "suffolk-forum")
    page.goto(item_url)
    assert_accessible(page)
    page.get_by_role("button", name="Return with comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what needs to change")
    assert_accessible(page)
    page.get_by_label("What needs to change").fill("Say how many places, and when.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Returned by the forum")
    expect(page.locator("#history")).to_be_visible()
    assert_accessible(page)

    # The officer revises and sends it again.
    switch_to(page, "suffolk-officer")
    page.goto(item_url)
    expect(page.get_by_text("Say how many places, and when.")).to_be_visible()
    page.get_by_role("button", name="Change the words").click()
    assert_accessible(page)
    page.get_by_label("What families will read").fill(REVISED)
    page.get_by_role("button", name="Save draft").click()
    send_to_forum(page)

    # The representative approves: a signed-out visitor reads it.
    switch_to(page, "suffolk-forum")
    page.goto(item_url)
    page.get_by_role("button", name="Approve for the public page").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Approved: on the public page")
    assert_accessible(page)
    public.goto("/families/suffolk/")
    expect(public.get_by_role("heading", name=HEADING)).to_be_visible()
    expect(public.get_by_text(REVISED)).to_be_visible()
    assert FIRST not in public.content()
    assert visitor.cookies() == []
    fits(public, 375)
    assert_accessible(public)
    public.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(public)

    # Editing takes it off the public page.
    switch_to(page, "suffolk-officer")
    page.goto(item_url)
    page.get_by_role("button", name="Change the words").click()
    expect(page.get_by_text("This item is on the public page")).to_be_visible()
    page.get_by_label("What families will read").fill(REVISED + " Book early.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Draft")
    public.reload()
    expect(public.get_by_role("heading", name=HEADING)).to_have_count(0)
    assert_accessible(public)

    # Approved again, then withdrawn: off at once.
    send_to_forum(page)
    switch_to(page, "suffolk-forum")
    page.goto(item_url)
    page.get_by_role("button", name="Approve for the public page").click()
    public.reload()
    expect(public.get_by_text(REVISED + " Book early.")).to_be_visible()
    switch_to(page, "suffolk-officer")
    page.goto(item_url)
    page.get_by_role("button", name="Withdraw from the public page").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Withdrawn")
    assert_accessible(page)
    public.reload()
    expect(public.get_by_role("heading", name=HEADING)).to_have_count(0)
    assert visitor.cookies() == []
    assert FamilyItem.objects.get(title=HEADING).events.count() == 10
    # The one error the console reports: the return refused without a comment answers 400.
    assert page.js_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    visitor.close()
