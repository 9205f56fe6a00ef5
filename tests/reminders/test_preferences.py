"""The Email and calendar page: each person's choices per partnership, and their calendar
address, which they can replace."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Membership
from reminders.models import CalendarFeed, ReminderPreference
from tests.factories import make_member, make_partnership, make_user
from tests.reminders.world import build_world

pytestmark = pytest.mark.django_db

PAGE = "/email-and-calendar/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_each_partnership_with_the_defaults_for_the_role():
    world = build_world()
    Membership.objects.create(user=world.board, partnership=world.other, role="leader")
    html = client_for(world.board).get(PAGE).content.decode()
    assert "Email and calendar" in html and "bea@example.org" in html
    testshire = Membership.objects.get(user=world.board, partnership=world.partnership)
    otherford = Membership.objects.get(user=world.board, partnership=world.other)
    # Board members get no digest unless they choose it; leaders do.
    assert f'name="p{testshire.pk}-digest" type="radio" value="never" checked' in html
    assert f'name="p{otherford.pk}-digest" type="radio" value="weekly" checked' in html
    assert f'name="p{testshire.pk}-reminders" type="radio" value="on" checked' in html
    assert "Make my calendar address" in html


def test_saving_choices_changes_only_the_persons_own_memberships():
    world = build_world()
    mine = Membership.objects.get(user=world.leader)
    theirs = Membership.objects.get(user=world.stranger)
    client = client_for(world.leader)
    response = client.post(
        PAGE,
        {
            f"p{mine.pk}-reminders": "off",
            f"p{mine.pk}-digest": "never",
            f"p{theirs.pk}-reminders": "off",
            f"p{theirs.pk}-digest": "never",
        },
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    preference = ReminderPreference.objects.get(membership=mine)
    assert (preference.reminders, preference.digest) == (False, "never")
    assert not ReminderPreference.objects.filter(membership=theirs).exists()
    html = client.get(PAGE).content.decode()
    assert "Your email preferences are saved." in html
    assert f'name="p{mine.pk}-reminders" type="radio" value="off" checked' in html


def test_bad_input_gets_a_message_and_saves_nothing():
    world = build_world()
    mine = Membership.objects.get(user=world.leader)
    response = client_for(world.leader).post(
        PAGE, {f"p{mine.pk}-reminders": "maybe", f"p{mine.pk}-digest": "daily"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Choose whether to get reminders" in html
    assert not ReminderPreference.objects.exists()


def test_making_and_replacing_the_calendar_address():
    world = build_world()
    client = client_for(world.leader)
    reset = reverse("reminders:calendar-reset")
    assert client.get(reset).status_code == 405
    response = client.post(reset)
    assert response.status_code == 302 and response["Location"].endswith(f"{PAGE}#calendar")
    first = CalendarFeed.objects.get(user=world.leader).token
    html = page(client)
    assert "Your calendar address is ready" in html and first in html
    client.post(reset)
    second = CalendarFeed.objects.get(user=world.leader).token
    assert second != first
    html = page(client)
    assert "The old address no longer works" in html and first not in html
    # Someone else's page never shows this address.
    assert second not in page(client_for(world.officer))
    assert second in page(client)


def page(client: Client) -> str:
    """The page's text, without the line-break hints in the calendar address."""
    return client.get(PAGE).content.decode().replace("<wbr>", "")


def test_someone_in_no_partnership_is_told_there_is_nothing_to_email():
    html = client_for(make_user(email="")).get(PAGE).content.decode()
    assert "You belong to no partnership" in html and "cannot email you" in html


def test_the_page_takes_the_same_number_of_queries_at_two_sizes():
    counts = []
    for n in (1, 4):
        user = make_user(email="many@example.org")
        for _ in range(n):
            make_member(make_partnership(), role="leader", user=user)
        client = client_for(user)
        client.post(reverse("reminders:calendar-reset"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5, counts


def test_staff_see_every_sending_in_the_admin_and_change_none():
    from reminders.services import reminders_send

    build_world()
    reminders_send()
    staff = make_user(is_staff=True, is_superuser=True)
    client = client_for(staff)
    response = client.get("/admin/reminders/sending/")
    assert response.status_code == 200 and "Overdue" in response.content.decode()
    assert client.get("/admin/reminders/sending/add/").status_code == 403
