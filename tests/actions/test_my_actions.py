"""My actions: the signed-in person's open actions across every partnership they belong to."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from inspections.models import Membership, Partnership
from tests.clients import sign_in
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_member,
    make_partnership,
    make_plan,
    make_update,
)

pytestmark = pytest.mark.django_db
MY_ACTIONS = "/my-actions/"


def rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="my-action-(\d+)"', html)]


def test_the_address_is_my_actions():
    assert reverse("actions:my-actions") == MY_ACTIONS


def test_my_open_actions_across_two_partnerships(demo):
    """suffolk-leader also joins Bexley and owns one of its actions."""
    leader = Membership.objects.get(user__username="suffolk-leader").user
    Membership.objects.create(
        user=leader, partnership=Partnership.objects.get(slug="bexley"), role="officer"
    )
    voice = Action.objects.get(plan__partnership__slug="bexley", title__startswith="Young people")
    Action.objects.filter(pk=voice.pk).update(owner=leader)
    suffolk_open = Action.objects.filter(plan__partnership__slug="suffolk", owner=leader).exclude(
        status="complete"
    )
    assert suffolk_open.exists()
    assert Action.objects.filter(owner=leader, status="complete").exists()  # not listed

    html = sign_in("suffolk-leader").get(MY_ACTIONS).content.decode()
    assert set(rows(html)) == {voice.pk, *suffolk_open.values_list("pk", flat=True)}
    # Each row names its partnership, finding and links to the action in its partnership.
    bexley_row = html.split(f'id="my-action-{voice.pk}"')[1].split("</tr>")[0]
    code, number = voice.finding.short_code.split()
    assert "Bexley" in bexley_row and f">{code}</abbr> {number}" in bexley_row
    assert f'href="/p/bexley/actions/{voice.pk}/"' in bexley_row
    assert "Not started" in bexley_row and "Green" in bexley_row
    assert "No updates yet" in bexley_row  # the demo's Bexley action has none
    for action in suffolk_open:
        assert f'href="/p/suffolk/actions/{action.pk}/"' in html


def test_overdue_first_with_the_last_update_date_and_nothing_closed_withdrawn_or_left():
    today = timezone.localdate()
    first, second = make_partnership(name="Northshire"), make_partnership(name="Southshire")
    me = make_member(first, role=Membership.Role.LEADER)
    make_member(second, role=Membership.Role.BOARD, user=me)
    left = make_partnership(name="Formershire")
    someone = make_member(first)

    def action(partnership, days: int, **kwargs) -> Action:
        plan = make_plan(partnership)
        finding = make_finding(make_inspection(partnership))
        kwargs.setdefault("owner", me)
        return make_action(plan, finding, due_date=today + dt.timedelta(days=days), **kwargs)

    later = action(first, 40, title="Later")
    overdue_here = action(first, -10, title="Overdue here")
    overdue_there = action(second, -3, title="Overdue there", rag="red")
    soon = action(second, 5, title="Soon", status="in_progress", rag="green")
    make_update(soon, date=today - dt.timedelta(days=20), narrative="Older.", rag="green")
    make_update(soon, date=today - dt.timedelta(days=2), narrative="Newer.", rag="green")
    action(first, -50, title="Complete", status="complete", rag="blue", completed_date=today)
    action(first, -40, title="Someone else's", owner=someone)
    action(left, -30, title="In a partnership I left")  # never a member: not listed
    withdrawn = action(first, -20, title="Withdrawn")
    Action.all_objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded by mistake."
    )

    client = Client()
    client.force_login(me)
    html = client.get(MY_ACTIONS).content.decode()
    assert rows(html) == [overdue_here.pk, overdue_there.pk, soon.pk, later.pk]
    assert "You own 4 open actions, 2 of them overdue." in html

    def row(action: Action) -> str:
        return html.split(f'id="my-action-{action.pk}"')[1].split("</tr>")[0]

    def overdue_tag(row_html: str) -> bool:
        return (
            re.search(r'<strong class="govuk-tag govuk-tag--red">\s*Overdue\s*</strong>', row_html)
            is not None
        )

    assert overdue_tag(row(overdue_here)) and overdue_tag(row(overdue_there))
    assert not overdue_tag(row(soon))
    assert "Northshire" in row(overdue_here) and "Southshire" in row(overdue_there)
    newer = today - dt.timedelta(days=2)
    assert f"{newer.day} {newer:%B %Y}" in row(soon)
    assert "In progress" in row(soon) and "Red" in row(overdue_there)

    # Removed from a partnership, its actions leave the list.
    Membership.objects.filter(user=me, partnership=second).delete()
    assert rows(client.get(MY_ACTIONS).content.decode()) == [overdue_here.pk, later.pk]


def test_someone_who_owns_nothing_sees_the_empty_state(demo):
    html = sign_in("suffolk-board").get(MY_ACTIONS).content.decode()
    assert 'id="my-actions-empty"' in html and "You own no open actions." in html
    assert rows(html) == []


def test_the_header_links_to_my_actions_for_signed_in_people(demo):
    client = sign_in("suffolk-officer")
    home = client.get("/p/suffolk/").content.decode()
    assert f'href="{MY_ACTIONS}">My actions</a>' in home
    page = client.get(MY_ACTIONS).content.decode()
    assert f'href="{MY_ACTIONS}" aria-current="page">My actions</a>' in page
    assert "My actions" not in Client().get("/accounts/login/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(MY_ACTIONS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def build(size: int) -> Client:
    """`size` partnerships, each with `size` actions owned by one person, each with updates."""
    partnerships = [make_partnership() for _ in range(size)]
    person = make_member(partnerships[0])
    for partnership in partnerships:
        if partnership != partnerships[0]:
            make_member(partnership, user=person)
        plan = make_plan(partnership)
        for n in range(size):
            finding = make_finding(make_inspection(partnership))
            owned = make_action(plan, finding, owner=person, due_date=dt.date(2026, 1, 1 + n))
            for day in range(1, 4):
                make_update(owned, date=dt.date(2025, 12, day))
    client = Client()
    client.force_login(person)
    return client


def test_query_budget_holds_at_two_sizes():
    """The session, the user, and the actions with their partnerships, findings and last
    update dates: 3 queries whatever the number of partnerships and actions."""
    counts = {}
    for size in (2, 8):
        client = build(size)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(MY_ACTIONS).content.decode()
        assert len(rows(html)) == size * size
        counts[size] = len(queries)
    assert counts == {2: 3, 8: 3}, counts
