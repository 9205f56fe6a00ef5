"""Officers' corrections to the record outside the import review: add, correct and withdraw
a finding, a focus point or a judgement.

Nothing is deleted: a withdrawn record keeps its row, with who withdrew it, when and why, and
its history (django-simple-history records every save here). Each write marks the
partnership changed in the same transaction, so its cached pages are read afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from inspections.models import Finding, FocusPoint, Inspection, Judgement, Organisation, Partnership
from send_tracker.audit import Versioned
from send_tracker.withdrawal import Withdrawable

FINDING_KINDS: dict[str, list[Finding.Kind]] = {
    # Which findings each kind of inspection makes; follow-ups judge, they make none.
    Inspection.Kind.FULL: [Finding.Kind.PRIORITY_ACTION, Finding.Kind.IMPROVEMENT],
    Inspection.Kind.INSPECTION_2016: [Finding.Kind.WEAKNESS],
}
JUDGED_KIND: dict[str, Finding.Kind] = {
    # Which findings a follow-up judges, and the outcomes it can reach.
    Inspection.Kind.MONITORING: Finding.Kind.PRIORITY_ACTION,
    Inspection.Kind.REVISIT_2016: Finding.Kind.WEAKNESS,
}
OUTCOMES: dict[str, list[Judgement.Outcome]] = {
    Inspection.Kind.MONITORING: [Judgement.Outcome.EFFECTIVE, Judgement.Outcome.INEFFECTIVE],
    Inspection.Kind.REVISIT_2016: [Judgement.Outcome.SUFFICIENT, Judgement.Outcome.INSUFFICIENT],
}


class WithdrawalRefused(Exception):
    """The record cannot be withdrawn (or restored) as things stand. The message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def current_action_counts(findings: Iterable[int]) -> dict[int, int]:
    """How many current (not withdrawn) actions each finding has, by finding id: 1 query.

    Actions are the response's (the `actions` app), reached only through the relation's
    name, so the record never imports them.
    """
    current = Count("actions", filter=Q(actions__withdrawn_at__isnull=True))
    rows = (
        Finding.objects.filter(pk__in=list(findings))
        .annotate(current_actions=current)
        .values_list("pk", "current_actions")
    )
    return {pk: n for pk, n in rows if n}


def current_action_count_of_focus_point(point: FocusPoint) -> int:
    current = Count("actions", filter=Q(actions__withdrawn_at__isnull=True))
    return FocusPoint.objects.filter(pk=point.pk).aggregate(n=current)["n"] or 0


def _mark_changed(partnership_id: int) -> None:
    Partnership.objects.filter(pk=partnership_id).mark_changed()


WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]


def withdraw_row(row: Withdrawable, *, by: AbstractBaseUser, reason: str, at: dt.datetime) -> None:
    """Set the three withdrawal fields and save through the ORM, so the history records
    who withdrew it and why."""
    row.withdrawn_at = at
    row.withdrawn_by = by  # type: ignore[assignment]  # a User; the field is AUTH_USER_MODEL
    row.withdrawal_reason = reason
    _save_withdrawal(row)


def restore_row(row: Withdrawable) -> None:
    row.withdrawn_at = None
    row.withdrawn_by = None
    row.withdrawal_reason = ""
    _save_withdrawal(row)


def _save_withdrawal(row: Withdrawable) -> None:
    """Save the withdrawal fields; a versioned row (a deadline) gets a new version in the
    same save, read under the lock `save_if_current` takes, so a form shown before the
    withdrawal or the restoring is refused as stale rather than saved over it."""
    fields = list(WITHDRAWAL_FIELDS)
    if isinstance(row, Versioned):
        locked = type(row)._base_manager.select_for_update().filter(pk=row.pk)
        row.version = locked.values_list("version", flat=True).get() + 1
        fields.append("version")
    row.save(update_fields=fields)


# --- Findings -------------------------------------------------------------------------------


@transaction.atomic
def finding_save(
    *,
    inspection: Inspection,
    finding: Finding | None,
    details: dict[str, Any],
    responsible_bodies: list[Organisation],
) -> Finding:
    """Record a new finding of `inspection` (`finding` None) or correct one."""
    if finding is None:
        finding = Finding.objects.create(inspection=inspection, **details)
    else:
        for name, value in details.items():
            setattr(finding, name, value)
        finding.save()
    finding.responsible_bodies.set(responsible_bodies)
    _mark_changed(inspection.partnership_id)
    return finding


@transaction.atomic
def finding_withdraw(*, finding: Finding, by: AbstractBaseUser, reason: str) -> Finding:
    """Withdraw a finding with its focus points and its judgements. Refused while it has
    current actions: they must be withdrawn or moved first. The finding is locked first, as
    adding an action locks it, so no action is added while it is being withdrawn."""
    Finding.objects.select_for_update().filter(pk=finding.pk).get()
    count = current_action_counts([finding.pk]).get(finding.pk, 0)
    if count:
        raise WithdrawalRefused(blocked_by_actions(count))
    at = timezone.now()
    for point in FocusPoint.objects.filter(finding=finding):
        withdraw_row(point, by=by, reason=reason, at=at)
    for judgement in Judgement.objects.filter(finding=finding):
        withdraw_row(judgement, by=by, reason=reason, at=at)
    withdraw_row(finding, by=by, reason=reason, at=at)
    _mark_changed(finding.inspection.partnership_id)
    return finding


def blocked_by_actions(count: int) -> str:
    plural = "action" if count == 1 else "actions"
    return f"Withdraw or move its {count} {plural} first."


# --- Focus points ---------------------------------------------------------------------------


@transaction.atomic
def focus_point_save(
    *, finding: Finding, point: FocusPoint | None, order: int, text: str
) -> FocusPoint:
    """Add a focus point to a finding (`point` None) or correct one."""
    if point is None:
        point = FocusPoint.objects.create(finding=finding, order=order, text=text)
    else:
        point.order, point.text = order, text
        point.save()
    _mark_changed(finding.inspection.partnership_id)
    return point


@transaction.atomic
def focus_point_withdraw(*, point: FocusPoint, by: AbstractBaseUser, reason: str) -> FocusPoint:
    """Withdraw one focus point; refused while current actions are filed under it."""
    count = current_action_count_of_focus_point(point)
    if count:
        raise WithdrawalRefused(blocked_by_actions(count))
    withdraw_row(point, by=by, reason=reason, at=timezone.now())
    _mark_changed(point.finding.inspection.partnership_id)
    return point


# --- Judgements -----------------------------------------------------------------------------


@transaction.atomic
def judgement_save(
    *,
    finding: Finding,
    judgement: Judgement | None,
    inspection: Inspection,
    outcome: str,
    narrative: str,
) -> Judgement:
    """Record how a follow-up inspection judged a finding (`judgement` None), or correct it."""
    if judgement is None:
        judgement = Judgement.objects.create(
            finding=finding, inspection=inspection, outcome=outcome, narrative=narrative
        )
    else:
        judgement.inspection, judgement.outcome, judgement.narrative = (
            inspection,
            outcome,
            narrative,
        )
        judgement.save()
    _mark_changed(finding.inspection.partnership_id)
    return judgement


@transaction.atomic
def judgement_withdraw(*, judgement: Judgement, by: AbstractBaseUser, reason: str) -> Judgement:
    withdraw_row(judgement, by=by, reason=reason, at=timezone.now())
    _mark_changed(judgement.finding.inspection.partnership_id)
    return judgement
