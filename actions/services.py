"""Writes to the partnership's response: progress on actions, board pack requests.

Changes to an action go through `save_if_current`, so a form built from an older version
of the action is refused (StaleEdit) instead of silently overwriting someone else's save.
Each takes the action as the view read it (scoped to the partnership) and updates it in
place, so the page can be drawn again without reading it a second time. Every write marks
its partnership changed in the same transaction, so its cached pages are read afresh.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.forms import ModelForm
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import (
    Action,
    BoardPack,
    Measure,
    MeasureMilestone,
    MeasureValue,
    Plan,
    ProgressUpdate,
    Rag,
    SelfEvaluation,
)
from actions.models.pack import MAX_PREPARED_BY
from inspections.models import Finding, Partnership
from send_tracker.audit import StaleEdit, save_if_current


def _changed(partnership_id: int) -> None:
    """The partnership's records changed: its cached pages are read afresh."""
    Partnership.objects.filter(pk=partnership_id).mark_changed()


def action_update_status(*, action: Action, expected_version: int, status: str, rag: str) -> Action:
    """Set the status and RAG of an open action. Completing and reopening are their own
    steps (`actions.lifecycle`): they record the completion date and closing note."""
    if Action.Status.COMPLETE in (status, action.status) or rag == "blue":
        raise ValueError("Close or reopen an action through actions.lifecycle.")
    with transaction.atomic():
        save_if_current(
            Action.objects.all(),
            action,
            expected_version=expected_version,
            changes={"status": status, "rag": rag},
        )
        _changed(action.plan.partnership_id)
    return action


def action_update_details(
    *, action: Action, expected_version: int, details: dict[str, Any]
) -> Action:
    """Save the edited details (title, description, finding, focus point, lead organisation,
    owner, named lead, dates)."""
    with transaction.atomic():
        save_if_current(
            Action.objects.all(), action, expected_version=expected_version, changes=details
        )
        _changed(action.plan.partnership_id)
    return action


class ProgressRefused(Exception):
    """The action changed between the form being checked and the update being saved (it
    was closed, reopened or withdrawn): nothing was added; the message says why."""


def _still_fits(current: Action | None, rag: str) -> Action:
    """The action as it is now, under its lock, if the update's rating still fits it (the
    form checked it against the action as the request first read it)."""
    if current is None:
        raise ProgressRefused("This action was withdrawn after the page was shown.")
    complete = current.status == Action.Status.COMPLETE
    if complete and rag != Rag.BLUE:
        raise ProgressRefused(
            "This action was closed as complete after the page was shown, so its rating is "
            "blue: choose blue, or reopen it"
        )
    if rag == Rag.BLUE and not complete:
        raise ProgressRefused(
            "This action was reopened after the page was shown: choose red, amber or green"
        )
    return current


def action_record_progress(
    *,
    action: Action,
    author: User,
    date: dt.date,
    narrative: str,
    rag: str,
    submission_id: uuid.UUID,
) -> tuple[ProgressUpdate, bool]:
    """Add a progress update once per submission; the newest update's RAG becomes the
    action's (and `action` is brought up to date with it).

    Returns the update and whether it was created (False for a repeated submission);
    ProgressRefused when the action was closed, reopened or withdrawn since the form was
    checked (nothing is added).
    """
    existing = ProgressUpdate.objects.filter(submission_id=submission_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            locked = Action.objects.select_for_update().filter(pk=action.pk).first()
            current = _still_fits(locked, rag)
            update = ProgressUpdate.objects.create(
                action=current,
                author=author,
                date=date,
                narrative=narrative,
                rag=rag,
                submission_id=submission_id,
            )
            newest = current.updates.order_by("-date", "-pk").values_list("pk", flat=True).first()
            if newest == update.pk and current.rag != rag:
                current.rag = rag
                current.version += 1
                current.save()
            action.rag, action.version = current.rag, current.version
            _changed(action.plan.partnership_id)
    except IntegrityError:
        # The same submission won a race in another request: it was recorded once.
        existing = ProgressUpdate.objects.filter(submission_id=submission_id).first()
        if existing is None:
            raise
        return existing, False
    return update, True


def self_evaluation_record(
    *,
    finding: Finding,
    expected_version: int,
    assessment: str,
    evidence: str,
    assessed_on: dt.date,
    recorded_by: User,
) -> SelfEvaluation:
    """Record the partnership's own assessment of an area for priority action, the first
    (`expected_version` 0) or a new one over the current (its history keeps the earlier);
    refuses a stale form, including a first one when someone recorded one meanwhile."""
    if finding.kind != Finding.Kind.PRIORITY_ACTION:
        raise ValueError("Only an area for priority action has a self-evaluation.")
    values = {
        "assessment": assessment,
        "evidence": evidence,
        "assessed_on": assessed_on,
        "recorded_by": recorded_by,
    }
    current = SelfEvaluation.objects.filter(finding=finding).first()
    try:
        with transaction.atomic():
            if current is None:
                if expected_version != 0:
                    raise StaleEdit(0)  # the one the form was built from is gone
                current = SelfEvaluation.objects.create(finding=finding, **values)
            else:
                save_if_current(
                    SelfEvaluation.objects.all(),
                    current,
                    expected_version=expected_version,
                    changes=values,
                )
            _changed(finding.inspection.partnership_id)
    except IntegrityError:
        # Another first self-evaluation of the finding was saved at the same moment.
        version = SelfEvaluation.objects.filter(finding=finding).values_list("version", flat=True)
        raise StaleEdit(version.first() or 0) from None
    return current


def pack_request(
    *,
    partnership: Partnership,
    as_of: dt.date,
    since: dt.date,
    user: User,
    prepared_by_name: str,
    submission_id: uuid.UUID,
) -> tuple[BoardPack, bool]:
    """Record a pack request once per submission; returns (pack, created). The name it
    prints is cut to what the column holds (a full name and role can be longer)."""
    existing = BoardPack.objects.filter(submission_id=submission_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            pack = BoardPack.objects.create(
                partnership=partnership,
                as_of=as_of,
                since=since,
                prepared_by=user,
                prepared_by_name=prepared_by_name[:MAX_PREPARED_BY],
                submission_id=submission_id,
            )
    except IntegrityError:
        return BoardPack.objects.get(submission_id=submission_id), False
    return pack, True


def record_save(*, partnership: Partnership, form: ModelForm[Any]) -> Plan | Measure:
    """Save a new or corrected plan or measure from its validated form."""
    with transaction.atomic():
        record = form.save(commit=False)
        record.partnership = partnership
        record.save()
        form.save_m2m()
        if isinstance(record, Measure):
            measure_set_milestones(measure=record, milestones=form.cleaned_data["milestones"])
        _changed(partnership.pk)
    return record


def measure_set_milestones(*, measure: Measure, milestones: list[tuple[dt.date, Any]]) -> None:
    """Make the measure's milestones exactly these (date, value) pairs; those unchanged are
    left alone, so their history shows only real changes."""
    wanted = dict(milestones)
    for milestone in list(measure.milestones.all()):
        if milestone.date not in wanted:
            milestone.delete()
        elif milestone.value != wanted[milestone.date]:
            milestone.value = wanted.pop(milestone.date)
            milestone.save()
        else:
            del wanted[milestone.date]
    for date, value in wanted.items():
        MeasureMilestone.objects.create(measure=measure, date=date, value=value)


def measure_record_commentary(*, measure: Measure, commentary: str) -> None:
    """The owner's commentary on the measure as it stands now (the history keeps earlier
    ones and who wrote them)."""
    with transaction.atomic():
        measure.commentary = commentary
        measure.commentary_at = timezone.now()
        measure.save(update_fields=["commentary", "commentary_at"])
        _changed(measure.partnership_id)


def measure_record_value(*, measure: Measure, date: dt.date, value: Any, note: str) -> None:
    """Record a measure's value for a date; the same value submitted twice at once (a
    double click) is recorded once."""
    try:
        with transaction.atomic():
            MeasureValue.objects.create(measure=measure, date=date, value=value, note=note)
            _changed(measure.partnership_id)
    except IntegrityError:
        pass


def action_update_many(
    *, changes: list[tuple[Action, dict[str, Any]]], by: User, partnership: Partnership
) -> None:
    """Apply each (action as read, its changes) at once (an imported spreadsheet), as
    `save_if_current` applies one: the rows are locked and, if any was saved since it was
    read, StaleEdit and nothing is written; each changed action's version goes up by one,
    with one history entry by `by`. The caller has checked the changes as the pages'
    forms do (progress: status, RAG, completion date and closing note kept consistent,
    which the database's constraints also hold)."""
    if not changes:
        return
    with transaction.atomic():
        stored = dict(
            Action.objects.select_for_update()
            .filter(pk__in=[action.pk for action, _ in changes])
            .values_list("pk", "version")
        )
        for action, _ in changes:
            if stored.get(action.pk) != action.version:
                raise StaleEdit(stored.get(action.pk, 0))
        # The version and time of every row in one UPDATE a batch; Django's bulk_update
        # (a CASE per field) only for the fields that differ row to row.
        now = timezone.now()
        ids = [action.pk for action, _ in changes]
        for start in range(0, len(ids), 500):
            Action.objects.filter(pk__in=ids[start : start + 500]).update(
                version=F("version") + 1, updated_at=now
            )
        fields: set[str] = set()
        for action, values in changes:
            for name, value in values.items():
                setattr(action, name, value)
            fields.update(values)
            action.version += 1
            action.updated_at = now
        actions = [action for action, _ in changes]
        if fields:
            Action.objects.bulk_update(actions, sorted(fields), batch_size=100)
        Action.history.bulk_history_create(actions, update=True, default_user=by)
        _changed(partnership.pk)


def measure_record_values(
    *, values: list[MeasureValue], by: User, partnership: Partnership
) -> None:
    """Record many new measure values at once (an imported spreadsheet), checked as the
    value form checks one; IntegrityError if a measure got a value for one of the dates
    meanwhile (nothing is recorded). One history entry each, by `by`."""
    with transaction.atomic():
        bulk_create_with_history(values, MeasureValue, batch_size=500, default_user=by)
        _changed(partnership.pk)
