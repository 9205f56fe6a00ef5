"""An action changed by someone else, or what it hangs on withdrawn, between a page being
shown and its form being saved: the save is refused in words and nothing is stored wrongly
(never a 500, never an action under a withdrawn finding)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import lifecycle, services
from actions.models import Action, ProgressUpdate
from inspections.corrections import finding_withdraw
from inspections.models import Membership, Organisation
from tests.clients import sign_in
from tests.factories import make_action, make_finding, make_inspection, make_member, make_plan

pytestmark = pytest.mark.django_db
REASON = "Recorded by mistake."


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def someone():
    """The account that makes a change in a service-level test."""
    return Membership.objects.select_related("user").get(user__username="suffolk-officer").user


def suffolk_open_action() -> Action:
    return (
        Action.objects.filter(plan__partnership__slug="suffolk")
        .exclude(status="complete")
        .select_related("plan", "finding")
        .earliest("pk")
    )


def withdrawn(action: Action, client: Client) -> Action:
    response = client.post(
        url("actions:withdraw", pk=action.pk), {"reason": REASON, "version": action.version}
    )
    assert response.status_code == 302
    return Action.all_objects.select_related("plan").get(pk=action.pk)


def restore(client: Client, action: Action):
    return client.post(
        url("actions:restore", pk=action.pk), {"version": action.version}, follow=True
    )


def test_an_action_is_not_restored_under_a_withdrawn_finding(demo):
    officer = sign_in("suffolk-officer")
    partnership = suffolk_open_action().plan.partnership
    finding = make_finding(make_inspection(partnership))
    action = make_action(make_plan(partnership), finding)
    action = withdrawn(action, officer)
    finding_withdraw(finding=finding, by=someone(), reason=REASON)
    page = restore(officer, action)
    html = page.content.decode()
    assert "This action cannot be restored: its finding" in html
    # A refusal is not dressed as a success.
    assert re.search(
        r"Important\s*</h2>\s*</div>\s*<div[^>]*>\s*<p[^>]*>\s*This action cannot", html
    )
    assert Action.all_objects.get(pk=action.pk).is_withdrawn
    # Every page that lists actions still reads as it did.
    assert officer.get(url("actions:list")).status_code == 200


def test_an_action_is_not_restored_with_a_withdrawn_lead_organisation(demo):
    officer = sign_in("suffolk-officer")
    action = withdrawn(suffolk_open_action(), officer)
    Organisation.objects.filter(pk=action.lead_organisation_id).update(
        withdrawn_at=timezone.now(), withdrawal_reason=REASON
    )
    page = restore(officer, action)
    assert "its lead organisation" in page.content.decode()
    assert Action.all_objects.get(pk=action.pk).is_withdrawn


def test_a_restored_action_loses_an_owner_who_may_no_longer_own_it(demo):
    officer = sign_in("suffolk-officer")
    action = suffolk_open_action()
    board = Membership.objects.get(user__username="suffolk-board")
    Action.objects.filter(pk=action.pk).update(owner=board.user)
    action = withdrawn(Action.objects.get(pk=action.pk), officer)
    page = restore(officer, action).content.decode()
    restored = Action.objects.get(pk=action.pk)
    assert restored.owner_id is None
    assert "it has no owner now" in page


def test_editing_an_action_keeps_an_owner_whose_role_changed(demo):
    """An owner keeps their actions whatever their role: saving the edit form unchanged
    keeps them as the owner, not a refusal or a silent loss."""
    action = suffolk_open_action()
    officer = Membership.objects.get(user__username="suffolk-officer")
    Action.objects.filter(pk=action.pk).update(owner=officer.user)
    Membership.objects.filter(pk=officer.pk).update(role=Membership.Role.BOARD)
    leader = sign_in("suffolk-leader")
    edit = leader.get(url("actions:edit", pk=action.pk)).content.decode()
    assert f'value="{officer.user_id}" selected' in edit
    action = Action.objects.get(pk=action.pk)
    response = leader.post(
        url("actions:edit", pk=action.pk),
        {
            "version": action.version,
            "title": action.title,
            "description": action.description,
            "finding": action.finding_id,
            "focus_point": action.focus_point_id or "",
            "lead_organisation": action.lead_organisation_id,
            "owner": officer.user_id,
            "lead_name": action.lead_name,
            "start_date": action.start_date.isoformat() if action.start_date else "",
            "due_date": action.due_date.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).owner_id == officer.user_id


@pytest.mark.parametrize("change", ["closed", "withdrawn"])
def test_a_progress_update_racing_a_change_is_refused_not_a_500(demo, change):
    """The form checked the rating against the action as first read; the service checks it
    again under the row's lock."""
    stale = suffolk_open_action()
    current = Action.objects.get(pk=stale.pk)
    if change == "closed":
        lifecycle.action_close(
            action=current,
            expected_version=current.version,
            completed_date=timezone.localdate(),
            closing_note="Done.",
        )
    else:
        lifecycle.action_withdraw(
            action=current,
            expected_version=current.version,
            by=someone(),
            reason=REASON,
        )
    before = ProgressUpdate.objects.count()
    with pytest.raises(services.ProgressRefused):
        services.action_record_progress(
            action=stale,
            author=someone(),
            date=timezone.localdate(),
            narrative="Written before it changed.",
            rag="green",
            submission_id=uuid.uuid4(),
        )
    assert ProgressUpdate.objects.count() == before


def test_a_blue_update_racing_a_reopen_is_refused(demo):
    action = Action.objects.filter(plan__partnership__slug="suffolk", status="complete").first()
    assert action is not None
    stale = Action.objects.get(pk=action.pk)
    lifecycle.action_reopen(action=action, expected_version=action.version, rag="amber")
    with pytest.raises(services.ProgressRefused, match="reopened"):
        services.action_record_progress(
            action=stale,
            author=someone(),
            date=timezone.localdate(),
            narrative="Written while it was complete.",
            rag="blue",
            submission_id=uuid.uuid4(),
        )


def test_the_update_form_says_why_it_was_refused(demo):
    action = suffolk_open_action()
    leader = sign_in("suffolk-leader")
    refused = services.ProgressRefused("This action was closed as complete after the page")
    data = {
        "update-date": timezone.localdate().isoformat(),
        "update-narrative": "Written before it changed.",
        "update-rag": "green",
        "update-submission_id": str(uuid.uuid4()),
    }
    with mock.patch.object(services, "action_record_progress", side_effect=refused):
        for headers in ({}, {"HX-Request": "true"}):
            response = leader.post(url("actions:add-update", pk=action.pk), data, headers=headers)
            assert response.status_code == 409
            assert "closed as complete after the page" in response.content.decode()


def test_an_action_is_not_added_under_a_finding_withdrawn_meanwhile(demo):
    partnership = suffolk_open_action().plan.partnership
    finding = make_finding(make_inspection(partnership))
    plan = make_plan(partnership)
    finding_withdraw(finding=finding, by=make_member(partnership), reason=REASON)
    with pytest.raises(lifecycle.ActionRefused):
        lifecycle.action_create(
            plan=plan,
            details={
                "finding": finding,
                "title": "Too late",
                "lead_organisation": Organisation.objects.for_partnership(partnership).first(),
                "lead_name": "Head of service",
                "due_date": dt.date(2027, 1, 31),
            },
        )
    assert not Action.all_objects.filter(title="Too late").exists()
