"""Back links go back to where the person came from (dashboard, action list with its
filters, my actions, the finding), and only ever to a page of this site and partnership;
Import is in the navigation of those who may import."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.clients import sign_in
from tests.test_access import suffolk_action, suffolk_finding

pytestmark = pytest.mark.django_db


def back(html: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', html)
    assert match, "no back link"
    return match.group(1).replace("&amp;", "&"), match.group(2)


def finding_url(**query) -> str:
    return reverse("actions:finding", kwargs={"slug": "suffolk", "pk": suffolk_finding()})


def action_url() -> str:
    return reverse("actions:action", kwargs={"slug": "suffolk", "pk": suffolk_action()})


@pytest.mark.parametrize(
    ("origin", "label"),
    [
        ("/p/suffolk/dashboard/", "Back to dashboard"),
        ("/p/suffolk/actions/?status=in_progress&rag=red", "Back to all actions"),
        ("/my-actions/", "Back to my actions"),
        ("/p/suffolk/", "Back to overview"),
    ],
)
def test_the_finding_page_goes_back_where_you_came_from(demo, origin, label):
    client = sign_in("suffolk-board")
    assert client.get(origin.split("?")[0]).status_code == 200, origin
    html = client.get(finding_url(), HTTP_REFERER=f"http://testserver{origin}").content.decode()
    assert back(html) == (origin, label)
    # The same from a `back` parameter.
    html = client.get(finding_url(), {"back": origin}).content.decode()
    assert back(html) == (origin, label)


def test_the_action_page_goes_back_to_its_finding_or_the_list(demo):
    client = sign_in("suffolk-board")
    finding = finding_url()
    html = client.get(action_url(), HTTP_REFERER=f"http://testserver{finding}").content.decode()
    url, label = back(html)
    assert url == finding and label.startswith("Back to area for")
    html = client.get(action_url()).content.decode()
    assert back(html) == ("/p/suffolk/actions/", "All actions")


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example/p/suffolk/dashboard/",
        "//evil.example/p/suffolk/dashboard/",
        "javascript:alert(1)",
        "/p/bexley/dashboard/",  # another partnership's page
        "/admin/",  # not a page that leads here
        "/p/suffolk/no-such-page/",
        "\\\\evil.example/p/suffolk/dashboard/",
    ],
)
def test_a_back_link_never_leaves_the_site_or_partnership(demo, origin):
    client = sign_in("suffolk-board")
    for response in (
        client.get(finding_url(), {"back": origin}),
        client.get(finding_url(), HTTP_REFERER=origin),
    ):
        assert back(response.content.decode()) == ("/p/suffolk/dashboard/", "Back to dashboard")


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("suffolk-board", False),
        ("suffolk-officer", True),
        ("suffolk-leader", True),
        ("suffolk-admin", True),
    ],
)
def test_import_is_in_the_navigation_for_those_who_may_import(demo, username, shown):
    html = sign_in(username).get("/p/suffolk/dashboard/").content.decode()
    link = f'href="{reverse("inspections:import", kwargs={"slug": "suffolk"})}"'
    assert (link in html) is shown
