"""A small world for the reminder tests: a partnership whose leader owns actions in every
state a reminder cares about, and another partnership whose items must never show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.models import User
from django.utils import timezone

from actions.models import Action
from inspections.models import Deadline, Membership, Partnership
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_member,
    make_partnership,
    make_plan,
    make_update,
    make_user,
)

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclass
class World:
    partnership: Partnership
    other: Partnership
    leader: User
    officer: User
    board: User
    stranger: User
    soon: Action
    late: Action
    quiet: Action
    red: Action
    theirs: Action
    deadlines: dict[str, Deadline]


def person(partnership: Partnership, role: str, name: str) -> User:
    first, last = name.split()
    user = make_user(email=f"{first.lower()}@example.org", first_name=first, last_name=last)
    return cast(User, make_member(partnership, role=role, user=user))


def turn_red(action: Action, *, days_ago: int = 2) -> None:
    """Rate `action` red now, having been amber since well before the digest's week."""
    Action.history.filter(id=action.pk).update(history_date=timezone.now() - dt.timedelta(days=30))
    action.rag = "red"
    action.save()
    Action.history.filter(id=action.pk, rag="red").update(
        history_date=timezone.now() - dt.timedelta(days=days_ago)
    )


def build_world(name: str = "Testshire", other_name: str = "Otherford") -> World:
    p = make_partnership(name)
    other = make_partnership(other_name)
    leader = person(p, Membership.Role.LEADER, "Lee Leader")
    officer = person(p, Membership.Role.OFFICER, "Olu Officer")
    board = person(p, Membership.Role.BOARD, "Bea Board")
    stranger = person(other, Membership.Role.LEADER, "Sam Stranger")
    plan, finding = make_plan(p), make_finding(make_inspection(p))
    soon = make_action(plan, finding, owner=leader, title="Due soon action", due_date=days(5))
    late = make_action(plan, finding, owner=leader, title="Overdue action", due_date=days(-3))
    quiet = make_action(plan, finding, owner=leader, title="Quiet action", due_date=days(100))
    make_update(quiet, date=days(-70))
    fine = make_action(plan, finding, owner=leader, title="Fine action", due_date=days(100))
    make_update(fine, date=days(-5))
    make_action(
        plan,
        finding,
        owner=leader,
        title="Done action",
        due_date=days(-3),
        status="complete",
        rag="blue",
        completed_date=days(-4),
    )
    gone = make_action(plan, finding, owner=leader, title="Withdrawn action", due_date=days(-3))
    Action.all_objects.filter(pk=gone.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded by mistake."
    )
    red = make_action(plan, finding, owner=officer, title="Turned red action", due_date=days(50))
    make_update(red, date=days(-1), rag="red")
    turn_red(red)
    oplan, ofinding = make_plan(other), make_finding(make_inspection(other))
    theirs = make_action(
        oplan, ofinding, owner=stranger, title="Otherford action", due_date=days(-3)
    )
    make_update(theirs, date=days(-90))
    turn_red(theirs)
    deadlines = {
        "overdue": make_deadline(p, title="Overdue deadline", due_date=days(-10)),
        "upcoming": make_deadline(p, title="Upcoming deadline", due_date=days(30)),
        "later": make_deadline(p, title="Later deadline", due_date=days(200)),
        "met": make_deadline(
            p, title="Met deadline", due_date=days(-40), status="met", met_date=days(-41)
        ),
        "superseded": make_deadline(
            p, title="Superseded deadline", due_date=days(20), status="superseded"
        ),
        "undated": make_deadline(p, title="Undated deadline", due_date=None),
        "visit": make_deadline(
            p,
            title="Monitoring inspection",
            source=Deadline.Source.FRAMEWORK,
            due_date=days(120),
            is_approximate=True,
        ),
        "theirs": make_deadline(other, title="Otherford deadline", due_date=days(-10)),
        "their visit": make_deadline(
            other, title="Otherford visit", source=Deadline.Source.FRAMEWORK, due_date=days(90)
        ),
    }
    return World(
        p, other, leader, officer, board, stranger, soon, late, quiet, red, theirs, deadlines
    )
