"""The calendar feed: valid iCalendar holding exactly the person's partnerships' deadlines
and expected visits and their own open actions, each linking back; a wrong, reset or
removed member's token answers 404; never another partnership's items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from inspections.models import Membership
from reminders.models import CalendarFeed
from reminders.services import calendar_feed_reset
from tests.reminders.world import build_world
from tests.test_access import PUBLIC

pytestmark = pytest.mark.django_db


def feed_url(feed: CalendarFeed) -> str:
    return reverse("reminders:calendar-feed", kwargs={"token": feed.token})


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_feed_parses_back_and_holds_exactly_the_expected_events():
    world = build_world()
    assert "reminders:calendar-feed" in PUBLIC
    feed = calendar_feed_reset(user=world.leader)
    calendar = parse(Client().get(feed_url(feed)))  # no sign-in: the token is the key
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    d = world.deadlines
    expected_deadlines = {d[k].pk for k in ("overdue", "upcoming", "later", "met", "visit")}
    own_actions = {world.soon.pk, world.late.pk, world.quiet.pk}
    fine = world.soon.plan.actions.get(title="Fine action").pk
    own_actions.add(fine)
    assert set(events) == {f"deadline-{pk}" for pk in expected_deadlines} | {
        f"action-{pk}" for pk in own_actions
    }
    visit = events[f"deadline-{d['visit'].pk}"]
    assert str(visit["SUMMARY"]) == "Expected (approximate): Monitoring inspection"
    assert visit.decoded("DTSTART") == d["visit"].due_date
    slug = world.partnership.slug
    assert str(visit["URL"]) == (
        f"http://testserver/p/{slug}/deadlines/#deadline-row-{d['visit'].pk}"
    )
    late = events[f"action-{world.late.pk}"]
    assert str(late["SUMMARY"]) == "Action due: Overdue action"
    assert str(late["URL"]) == f"http://testserver/p/{slug}/actions/{world.late.pk}/"
    assert "Otherford" not in response_text(feed)
    # Every event is an all-day date with an end, a stamp and a link.
    for event in events.values():
        for name in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            assert name in event, name


def response_text(feed: CalendarFeed) -> str:
    return Client().get(feed_url(feed)).content.decode()


def test_a_member_of_two_partnerships_sees_both_and_only_their_own_actions():
    world = build_world()
    Membership.objects.create(user=world.stranger, partnership=world.partnership, role="board")
    feed = calendar_feed_reset(user=world.stranger)
    text = response_text(feed)
    assert "Otherford deadline" in text and "Overdue deadline" in text
    assert "Otherford action" in text and "Due soon action" not in text


def test_a_wrong_reset_or_removed_members_token_answers_404():
    world = build_world()
    feed = calendar_feed_reset(user=world.leader)
    old = feed_url(feed)
    assert Client().get(old).status_code == 200
    assert (
        Client().get(reverse("reminders:calendar-feed", kwargs={"token": "x" * 43})).status_code
        == 404
    )
    assert Client().get("/calendar/short.ics").status_code == 404
    assert Client().post(old).status_code == 405
    new = calendar_feed_reset(user=world.leader)
    assert Client().get(old).status_code == 404
    # The database alone does not hold the address: the token is an HMAC under SECRET_KEY.
    assert new.token not in str(CalendarFeed.objects.filter(pk=new.pk).values().get())
    assert Client().get(feed_url(new)).status_code == 200
    Membership.objects.filter(user=world.leader).delete()
    assert Client().get(feed_url(new)).status_code == 404


def test_leaving_one_partnership_takes_its_items_out_of_the_feed():
    world = build_world()
    Membership.objects.create(user=world.stranger, partnership=world.partnership, role="board")
    feed = calendar_feed_reset(user=world.stranger)
    Membership.objects.filter(user=world.stranger, partnership=world.partnership).delete()
    text = response_text(feed)
    assert "Otherford deadline" in text and "Overdue deadline" not in text


def test_the_feed_takes_the_same_number_of_queries_at_any_size():
    counts = []
    for n in (1, 3):
        worlds = [build_world(f"Cal {n}-{i}", f"Calother {n}-{i}") for i in range(n)]
        user = worlds[0].leader
        for w in worlds[1:]:
            Membership.objects.create(user=user, partnership=w.partnership, role="leader")
            w.soon.owner = user
            w.soon.save()
        feed = calendar_feed_reset(user=user)
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(feed_url(feed)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4, counts
