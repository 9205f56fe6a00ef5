"""The public page: approved snapshots only, 404 until switched on, no cookies, nothing
from elsewhere, served from the shared cache in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from actions.models import Measure, MeasureValue
from families import services
from families.models import FamilyItem
from inspections.models import Deadline, Partnership
from tests.test_access import PUBLIC


def public_url(partnership: Partnership) -> str:
    return reverse("families:public", kwargs={"slug": partnership.slug})


def approve(world, **kwargs) -> FamilyItem:
    item = world.awaiting(**kwargs)
    services.family_item_approve(item=item, by=world.users["forum"], expected_version=item.version)
    item.refresh_from_db()
    return item


def visit(world, client: Client | None = None) -> str:
    response = (client or Client()).get(public_url(world.partnership))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_public_and_answers_404_until_switched_on(world):
    assert "families:public" in PUBLIC
    approve(world, title="Approved words")
    answers = set()
    for client in (Client(), world.client("admin"), world.client("stranger")):
        response = client.get(public_url(world.partnership))
        assert response.status_code == 404 and not response.cookies
        answers.add(response.content)
    unknown = Client().get("/families/no-such-place/")
    assert unknown.status_code == 404 and not unknown.cookies
    assert answers == {unknown.content}  # the same answer: nothing says the page exists
    assert b"Testshire" not in unknown.content
    world.switch_on()
    assert "Approved words" in visit(world)
    assert Client().post(public_url(world.partnership)).status_code == 405


@pytest.mark.parametrize("who", [None, "officer", "stranger"])
def test_the_page_sets_no_cookie_and_loads_nothing_from_elsewhere(world, who):
    world.switch_on()
    approve(world)
    client = Client() if who is None else world.client(who)
    for _ in range(2):  # built, then from the cache
        response = client.get(public_url(world.partnership))
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
    html = response.content.decode()
    assert "<script" not in html and "<form" not in html and "csrf" not in html.lower()
    for address in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert address.startswith(("/", "#")), address


def test_only_approved_words_ever_reach_the_page(world):
    world.switch_on()
    approve(world, title="Approved heading", body="Approved words.")
    world.draft(title="Draft heading", body="Draft words.")
    world.awaiting(title="Awaiting heading", body="Awaiting words.")
    returned = world.awaiting(title="Returned heading", body="Returned words.")
    services.family_item_return(
        item=returned, by=world.users["forum"], expected_version=returned.version, comment="No."
    )
    withdrawn = approve(world, title="Withdrawn heading", body="Withdrawn words.")
    services.family_item_withdraw(item=withdrawn, by=world.users["officer"])
    edited = approve(world, title="Edited heading", body="Words as approved.")
    services.family_item_edit(
        item=edited,
        by=world.users["officer"],
        expected_version=edited.version,
        title="Edited heading",
        body="Words not yet approved.",
    )
    approve(world, title="Illustrative heading", body="Made-up words.", is_illustrative=True)
    html = visit(world)
    assert "Approved heading" in html and "Approved words." in html
    for hidden in (
        "Draft",
        "Awaiting",
        "Returned",
        "Withdrawn heading",
        "Withdrawn words",
        "Edited heading",
        "Words as approved",
        "Words not yet approved",
        "Illustrative heading",
        "Made-up words",
        "Demonstration",
    ):
        assert hidden not in html, hidden


def test_a_demo_partnership_shows_illustrative_items_under_its_banner(world):
    Partnership.objects.filter(pk=world.partnership.pk).update(is_demo=True)
    world.switch_on()
    approve(world, title="Illustrative heading", is_illustrative=True)
    html = visit(world)
    assert "Illustrative heading" in html
    assert "Demonstration page." in html and "Demonstration text" in html


def test_figures_are_frozen_when_approved(world):
    world.switch_on()
    approve(
        world,
        kind=FamilyItem.Kind.MEASURE,
        title="Plans on time",
        body="How many plans were on time.",
        measure=world.measure,
    )
    approve(
        world, kind=FamilyItem.Kind.NEXT_EVENT, title="What happens next", body="They come back."
    )
    before = visit(world)
    assert "42% (" in before and "Worse than England (50%)" in before
    assert "Monitoring inspection" in before and "Expected around May 2027" in before
    # The live figures change after approval...
    MeasureValue.objects.create(measure=world.measure, date=dt.date(2025, 6, 1), value=77)
    Measure.objects.filter(pk=world.measure.pk).update(england_average=60)
    Deadline.objects.filter(pk=world.event.pk).update(
        title="Full reinspection", due_date=dt.date(2026, 1, 1)
    )
    Partnership.objects.filter(pk=world.partnership.pk).mark_changed()
    world.partnership.refresh_from_db()
    cache.clear()
    after = visit(world)
    # ...and the page does not.
    assert after == before
    assert "77%" not in after and "Full reinspection" not in after


def test_free_text_is_shown_as_text(world):
    world.switch_on()
    approve(world, title="<b>Bold</b>", body='<script>alert("x")</script>\n\nSecond paragraph.')
    html = visit(world)
    assert "<script>" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert '<p class="govuk-body">Second paragraph.</p>' in html


def test_approving_withdrawing_and_switching_off_show_at_once(world):
    world.switch_on()
    item = approve(world, title="First heading")
    assert "First heading" in visit(world)  # now cached
    second = approve(world, title="Second heading")
    assert "Second heading" in visit(world)
    services.family_item_withdraw(item=second, by=world.users["officer"])
    assert "Second heading" not in visit(world)
    services.family_page_save(partnership=world.partnership, is_public=False, target_reading_age=11)
    assert Client().get(public_url(world.partnership)).status_code == 404
    assert item.title == "First heading"


@pytest.mark.parametrize("items", [1, 12])
def test_query_budget_of_the_public_page(world, items, django_assert_max_num_queries):
    world.switch_on()
    for n in range(items):
        approve(world, title=f"Heading {n}")
    cache.clear()
    client = Client()
    # The partnership, the cache read, the approvals, and the database cache's write (a
    # count, a savepoint, a read, the insert and the release: none with Redis).
    with django_assert_max_num_queries(8):
        assert client.get(public_url(world.partnership)).status_code == 200
    # From the cache: the partnership and the cache read.
    with django_assert_max_num_queries(2):
        html = client.get(public_url(world.partnership)).content.decode()
    assert html.count("Agreed by the parent carer forum") == items


@pytest.mark.parametrize("items", [1, 12])
def test_query_budget_of_the_drafting_pages(world, items, django_assert_max_num_queries):
    for n in range(items):
        item = approve(world, title=f"Heading {n}")
    client = world.client("forum")
    # Session, user, membership, items, page settings.
    with django_assert_max_num_queries(6):
        html = client.get(
            reverse("families:items", kwargs={"slug": world.partnership.slug})
        ).content.decode()
    assert html.count("Approved: on the public page") == items
    with django_assert_max_num_queries(7):
        client.get(reverse("families:item", kwargs={"slug": world.partnership.slug, "pk": item.pk}))
