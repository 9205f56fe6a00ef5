"""The bulk writes an import saves through keep the single writes' rules: a withdrawn
finding refuses new actions, a stale action refuses every change, and each change is one
history entry by the person importing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from actions import lifecycle, services
from actions.models import Action, Rag
from send_tracker.audit import StaleEdit
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def setting():
    partnership = make_partnership()
    user = make_member(partnership)
    finding = make_finding(make_inspection(partnership))
    return partnership, user, finding, make_plan(partnership), make_organisation(partnership)


def details(finding, organisation, title="Imported"):
    return {
        "finding": finding,
        "title": title,
        "lead_organisation": organisation,
        "lead_name": "Head of SEND",
        "due_date": dt.date(2027, 1, 1),
    }


def test_new_actions_are_created_as_they_stand_with_their_history():
    partnership, user, finding, plan, organisation = setting()
    progress = {
        "status": "complete",
        "rag": Rag.BLUE,
        "completed_date": dt.date(2026, 1, 5),
        "closing_note": "Done.",
    }
    created = lifecycle.action_create_many(
        plan=plan,
        rows=[
            (details(finding, organisation), {"status": "in_progress", "rag": "red"}),
            (details(finding, organisation, "B"), progress),
        ],
        by=user,
    )
    assert [(a.status, a.rag, a.version) for a in Action.objects.order_by("pk")] == [
        ("in_progress", "red", 1),
        ("complete", "blue", 1),
    ]
    assert len(created) == 2
    for action in Action.objects.all():
        assert action.history.count() == 1 and action.history.get().history_user == user


def test_a_withdrawn_finding_refuses_them_all():
    partnership, user, finding, plan, organisation = setting()
    finding.withdrawn_at = timezone.now()
    finding.withdrawn_by = user
    finding.withdrawal_reason = "Recorded twice"
    finding.save()
    with pytest.raises(lifecycle.ActionRefused):
        lifecycle.action_create_many(
            plan=plan,
            rows=[(details(finding, organisation), {"status": "not_started", "rag": "amber"})],
            by=user,
        )
    assert not Action.all_objects.exists()


def test_a_stale_action_refuses_every_change():
    partnership, user, finding, plan, _ = setting()
    first, second = make_action(plan, finding), make_action(plan, finding)
    stale = Action.objects.get(pk=second.pk)
    services.action_update_details(
        action=second, expected_version=1, details={"title": "Changed on the page"}
    )
    with pytest.raises(StaleEdit):
        services.action_update_many(
            changes=[(first, {"title": "From the sheet"}), (stale, {"title": "From the sheet"})],
            by=user,
            partnership=partnership,
        )
    first.refresh_from_db()
    assert (first.title, first.version) != ("From the sheet", 2)
    assert Action.objects.get(pk=second.pk).title == "Changed on the page"


def test_changes_bump_the_version_once_with_one_history_entry():
    partnership, user, finding, plan, _ = setting()
    action = make_action(plan, finding)
    services.action_update_many(
        changes=[(action, {"title": "New", "rag": "red"})], by=user, partnership=partnership
    )
    action.refresh_from_db()
    assert (action.title, action.rag, action.version) == ("New", "red", 2)
    newest = action.history.first()
    assert newest.history_user == user and newest.title == "New"
