"""A digest tells what turned red since the partnership's previous digest went: nothing
lost when a week's digest goes on a later weekday than the week before's (a missed
Monday run), nothing told twice when it goes on an earlier one."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from actions.models import Action
from reminders.due import week_of
from reminders.models import Sending
from reminders.services import reminders_send
from tests.reminders.world import TODAY, build_world

pytestmark = pytest.mark.django_db


def previous_digest(world, *, days_ago: float) -> dt.datetime:
    """Record that the partnership's digest of an earlier week went `days_ago` days ago."""
    at = timezone.now() - dt.timedelta(days=days_ago)
    Sending.objects.create(
        user=world.leader,
        partnership=world.partnership,
        kind=Sending.Kind.DIGEST,
        period=week_of(TODAY - dt.timedelta(days=7)),  # an earlier week's
        status=Sending.Status.SENT,
        run=uuid.uuid4(),
        claimed_at=at,
        sent_at=at,
    )
    return at


def turned_red_at(action: Action, when: dt.datetime) -> None:
    """`action`, amber long before, rated red at `when`."""
    Action.history.filter(id=action.pk).update(history_date=when - dt.timedelta(days=30))
    action.rag = "red"
    action.save()
    Action.history.filter(id=action.pk, rag="red").update(history_date=when)


def digest_of(world) -> str:
    (message,) = [
        m
        for m in mail.outbox
        if m.subject == f"SEND Tracker: {world.partnership.name} this week"
        and m.to == ["olu@example.org"]
    ]
    return str(message.body)


def test_what_turned_red_after_a_late_digest_is_in_the_next_one():
    world = build_world()
    sent = previous_digest(world, days_ago=9)
    late = Action.objects.get(pk=world.soon.pk)
    turned_red_at(late, sent + dt.timedelta(hours=1))  # after it went, more than 7 days ago
    reminders_send(today=TODAY)
    assert "Due soon action" in digest_of(world)


def test_what_the_previous_digest_told_is_not_told_again():
    world = build_world()
    sent = previous_digest(world, days_ago=6)
    told = Action.objects.get(pk=world.soon.pk)
    turned_red_at(told, sent - dt.timedelta(hours=1))  # within 7 days, before it went
    reminders_send(today=TODAY)
    body = digest_of(world)
    assert "Due soon action" not in body
    assert "Turned red action" in body  # red 2 days ago, after the previous digest
