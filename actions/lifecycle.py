"""Writes of an action's life: created, closed as complete, reopened, withdrawn, restored.

Each is one transaction that also marks the partnership changed (its cached pages are read
afresh). Changes to an existing action go through `save_if_current`, so a form shown
before someone else's save is refused (StaleEdit) rather than applied over it; each save
is one row in the action's history, with who made it (the request's user, recorded by
django-simple-history's middleware).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import Action, Plan, Rag
from inspections.models import Finding, FocusPoint, Membership, Organisation, Partnership
from send_tracker.audit import save_if_current


def _changed(partnership_id: int) -> None:
    """The partnership's records changed: its cached pages are read afresh."""
    Partnership.objects.filter(pk=partnership_id).mark_changed()


def action_create(
    *, plan: Plan, details: dict[str, Any], progress: dict[str, Any] | None = None
) -> Action:
    """A new action in `plan` (its partnership's, as the form checked), Not started and
    rated amber; refused (ActionRefused) if its finding was withdrawn since the form was
    checked (the finding is locked, so it is not withdrawn while the action is added).

    `progress` (status, rag, and for a complete one completed_date and closing_note, as
    checked by the caller) starts it where it already stands: an action brought in from a
    partnership's own tracker (`actions.sheets`) is created once, as it is there."""
    with transaction.atomic():
        finding = Finding.all_objects.select_for_update().get(pk=details["finding"].pk)
        if finding.is_withdrawn:
            raise ActionRefused(f"{finding.title} was withdrawn: add the action to another.")
        action = Action.objects.create(
            **{**details, "plan": plan},
            **(progress or {"status": Action.Status.NOT_STARTED, "rag": Rag.AMBER}),
        )
        _changed(plan.partnership_id)
    return action


def action_close(
    *, action: Action, expected_version: int, completed_date: dt.date, closing_note: str
) -> Action:
    """Close an open action as complete: blue, with the date and what it achieved."""
    with transaction.atomic():
        save_if_current(
            Action.objects.all(),
            action,
            expected_version=expected_version,
            changes={
                "status": Action.Status.COMPLETE,
                "rag": Rag.BLUE,
                "completed_date": completed_date,
                "closing_note": closing_note,
            },
        )
        _changed(action.plan.partnership_id)
    return action


def action_reopen(*, action: Action, expected_version: int, rag: str) -> Action:
    """Reopen a complete action: In progress, rated `rag` (red, amber or green). The
    completion date and closing note are cleared from the action; its history keeps them."""
    with transaction.atomic():
        save_if_current(
            Action.objects.all(),
            action,
            expected_version=expected_version,
            changes={
                "status": Action.Status.IN_PROGRESS,
                "rag": rag,
                "completed_date": None,
                "closing_note": "",
            },
        )
        _changed(action.plan.partnership_id)
    return action


def action_withdraw(
    *, action: Action, expected_version: int, by: AbstractBaseUser, reason: str
) -> Action:
    """Take an action recorded by mistake out of the plan, the pages and the packs. Nothing
    is deleted: its page says who withdrew it, when and why, and it can be restored."""
    with transaction.atomic():
        save_if_current(
            Action.objects.all(),
            action,
            expected_version=expected_version,
            changes={
                "withdrawn_at": timezone.now(),
                "withdrawn_by": by,
                "withdrawal_reason": reason,
            },
        )
        _changed(action.plan.partnership_id)
    return action


class ActionRefused(Exception):
    """What the action answers (or who leads it) was withdrawn since the page was shown:
    nothing was changed, and the message says why."""


def _withdrawn_since(action: Action) -> str:
    """What the action hangs on that is withdrawn now, in words ('' if nothing). The finding
    is locked, so it cannot be withdrawn while the action comes back."""
    finding = Finding.all_objects.select_for_update().get(pk=action.finding_id)
    if finding.is_withdrawn:
        return f"its finding, {finding.title}, was withdrawn"
    point = action.focus_point_id and FocusPoint.all_objects.get(pk=action.focus_point_id)
    if point and point.is_withdrawn:
        return "its focus point was withdrawn"
    lead = Organisation.all_objects.get(pk=action.lead_organisation_id)
    if lead.is_withdrawn:
        return f"its lead organisation, {lead.name}, was withdrawn"
    return ""


def action_restore(*, action: Action, expected_version: int) -> Action:
    """Put a withdrawn action back in the plan, as it was when it was withdrawn; refused
    (ActionRefused) while its finding, focus point or lead organisation is withdrawn. An
    owner who may no longer own actions in the partnership (they left, or became a board
    member) is taken off it: the restored action then has no owner."""
    with transaction.atomic():
        reason = _withdrawn_since(action)
        if reason:
            raise ActionRefused(f"This action cannot be restored: {reason}.")
        changes: dict[str, Any] = {
            "withdrawn_at": None,
            "withdrawn_by": None,
            "withdrawal_reason": "",
        }
        partnership_id = action.plan.partnership_id
        if action.owner_id is not None:
            members = Membership.objects.filter(partnership_id=partnership_id)
            if not members.who_may_own_actions().filter(user_id=action.owner_id).exists():
                changes["owner"] = None
        save_if_current(
            Action.all_objects.all(),
            action,
            expected_version=expected_version,
            changes=changes,
        )
        _changed(partnership_id)
    return action


def action_create_many(
    *, plan: Plan, rows: list[tuple[dict[str, Any], dict[str, Any]]], by: AbstractBaseUser
) -> list[Action]:
    """Many new actions in `plan` at once (an imported spreadsheet): each (details,
    progress) as `action_create` takes them, under the same rule (their findings locked and
    none withdrawn, else ActionRefused and nothing is added), written in a few queries with
    one history entry each, by `by`."""
    with transaction.atomic():
        finding_ids = {details["finding"].pk for details, _ in rows}
        findings = Finding.all_objects.select_for_update().filter(pk__in=finding_ids)
        withdrawn = [f for f in findings if f.is_withdrawn]
        if withdrawn:
            raise ActionRefused(f"{withdrawn[0].title} was withdrawn: add the action to another.")
        actions = [Action(**{**details, "plan": plan}, **progress) for details, progress in rows]
        created = bulk_create_with_history(actions, Action, batch_size=500, default_user=by)
        _changed(plan.partnership_id)
    return created
