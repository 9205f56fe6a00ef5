"""Rows of actions checked against the partnership's records: a plan of what saving would
create and change, and every row's problems in words ("row 14: due date 31/02/2026 is not
a date"). Nothing here writes; `save` applies the plan through the pages' services.

A row's reference picks the action it updates: ST-<id> (what an export writes for an
action with no reference of its own) or the partnership's own reference; an unknown
reference of the partnership's own is a new action that keeps it. A row whose version is
not the stored action's is a conflict: someone changed the action after the export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from actions.models import Action, Plan, Rag
from actions.permissions import may_update_progress
from actions.sheets import lookups
from actions.sheets.row_values import LABELS, RowValues
from inspections.models import Membership

DETAILS = (
    "reference",
    "finding",
    "focus_point",
    "title",
    "description",
    "lead_organisation",
    "owner",
    "lead_name",
    "start_date",
    "due_date",
)
IMPORTED_CLOSING_NOTE = "Recorded as complete in an imported spreadsheet."


@dataclass
class RowPlan:
    """What saving one row does: create an action (`action` None) or change one."""

    row: int
    action: Action | None
    details: dict[str, Any] = field(default_factory=dict)  # new: all; update: the changes
    status: str = ""  # the status and RAG it ends with
    rag: str = ""
    completed_date: dt.date | None = None
    closing_note: str = ""

    @property
    def changes_progress(self) -> bool:
        action = self.action
        return action is None or (self.status, self.rag) != (action.status, action.rag)


@dataclass
class Checked:
    plans: list[RowPlan] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for p in self.plans if p.action is None)

    @property
    def changed(self) -> int:
        return sum(
            1 for p in self.plans if p.action is not None and (p.details or p.changes_progress)
        )

    @property
    def unchanged(self) -> int:
        return len(self.plans) - self.created - self.changed

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts


REQUIRED = ("finding", "title", "lead_organisation", "due_date")


def check_action_rows(
    *,
    rows: list[Any],
    mapping: dict[str, int],
    records: lookups.Records,
    plan: Plan | None,
    today: dt.date,
    editor: Membership,
) -> Checked:
    """Every row checked, as `editor` would make its changes on the pages; a plan for each
    row with no problem. Two rows for one action are a problem: which one should win is
    the officer's call."""
    checked = Checked()
    seen: dict[int | str, int] = {}
    for number, cells in rows:
        row = RowValues(number, cells, mapping, records)
        result = _plan(row, plan, today, editor)
        checked.problems += row.problems
        checked.conflicts += row.conflicts
        if result is None:
            continue
        key: int | str = result.action.pk if result.action else result.details["reference"].lower()
        if key in seen:
            checked.problems.append(
                f"row {number}: it is the same action as row {seen[key]}: keep one of them"
            )
            continue
        if key != "":
            seen[key] = number
        checked.plans.append(result)
    return checked


def _plan(row: RowValues, plan: Plan | None, today: dt.date, editor: Membership) -> RowPlan | None:
    action = row.existing()
    if row.problems:
        return None
    values = row.values(action)
    if action is None:
        result = RowPlan(row.number, None, {name: values.get(name) for name in DETAILS})
        for name in ("reference", "description", "lead_name"):
            result.details[name] = result.details[name] or ""
        for name in REQUIRED:
            if not values.get(name) and name not in row.bad:
                row.problem(name, f"no {LABELS[name]} for a new action")
        if plan is None:
            row.problem("plan", "no plan was chosen for new actions")
        _progress(row, result, values, today)
        merged = result.details
    else:
        result = RowPlan(row.number, action)
        for name in DETAILS:
            if name not in values or name in row.bad:
                continue
            if name in REQUIRED and not values[name]:
                row.problem(name, f"no {LABELS[name]}: an action must have one")
            elif _stored(values[name]) != _stored(_current(action, name)):
                result.details[name] = values[name]
        _progress(row, result, values, today)
        if action.status == result.status == Action.Status.COMPLETE:
            # Still complete: a corrected date or note is a change of its details.
            for name in ("completed_date", "closing_note"):
                if getattr(result, name) != getattr(action, name):
                    result.details[name] = getattr(result, name)
        merged = {name: result.details.get(name, _current(action, name)) for name in DETAILS}
        moves = "finding" in result.details and "focus_point" not in result.details
        if moves and action.focus_point_id is not None:
            # Its focus point is one of the finding it leaves (as the edit page refuses).
            row.problem(
                "focus_point",
                "the action moves to another finding but keeps a focus point of its "
                "current one: give a focus point of the new finding, or a blank one",
            )
        progress = result.changes_progress or bool(
            {"completed_date", "closing_note"} & set(result.details)
        )
        if progress and not may_update_progress(editor, action):
            # As the pages: status, RAG and completion are for leaders and the owner.
            row.problem(
                "status",
                f"only partnership leaders and admins, and its owner, may change the status, "
                f"RAG rating or completion of {action.tracker_reference}: leave them as the "
                "tracker has them",
            )
    if not merged["owner"] and not merged["lead_name"] and not {"owner", "lead_name"} & row.bad:
        row.problem("owner", "no owner or named lead: name who answers for it")
    start, due = merged.get("start_date"), merged.get("due_date")
    if start and due and due < start:
        row.problem(
            "due_date", f"due date {due:%d/%m/%Y} is before the start date {start:%d/%m/%Y}"
        )
    if start and result.completed_date and result.completed_date < start:
        row.problem("completed_date", "the completed date is before the start date")
    return None if row.problems or row.conflicts else result


def _progress(row: RowValues, result: RowPlan, values: dict[str, Any], today: dt.date) -> None:
    """The status and RAG the row ends with, and the completion it records."""
    action = result.action
    status = action.status if action else Action.Status.NOT_STARTED
    rag = action.rag if action else Rag.AMBER
    new_status, new_rag = values.get("status"), values.get("rag")
    if new_rag == Rag.BLUE and new_status is None:
        new_status = Action.Status.COMPLETE
    status = new_status or status
    if status == Action.Status.COMPLETE:
        if new_rag not in (None, Rag.BLUE):
            row.problem(
                "rag", f"RAG rating {row.text('rag')} does not fit a complete action: it is blue"
            )
        rag = Rag.BLUE
    else:
        if new_rag == Rag.BLUE:
            row.problem("rag", "RAG rating blue means complete, but the status is not Complete")
        rag = new_rag or (Rag.AMBER if rag == Rag.BLUE else rag)
    result.status, result.rag = status, rag
    if status != Action.Status.COMPLETE:
        if values.get("completed_date"):
            row.problem(
                "completed_date", "a completed date is given, but the status is not Complete"
            )
        return
    completed = values.get("completed_date") or (action.completed_date if action else None)
    if completed is None:
        if "completed_date" not in row.bad:
            row.problem("completed_date", "a complete action needs its completed date")
    elif completed > today:
        row.problem("completed_date", f"completed date {completed:%d/%m/%Y} is in the future")
    result.completed_date = completed
    if action is not None and action.status == Action.Status.COMPLETE:
        result.closing_note = values.get("closing_note", action.closing_note)
    else:
        result.closing_note = values.get("closing_note") or IMPORTED_CLOSING_NOTE


FOREIGN_KEYS = ("finding", "focus_point", "lead_organisation", "owner")


def _current(action: Action, name: str) -> Any:
    """A stored action's value of a field; a related record by its id, not read (the
    owner, read with the action, as itself)."""
    if name in FOREIGN_KEYS and name != "owner":
        return getattr(action, f"{name}_id")
    return getattr(action, name)


def _stored(value: Any) -> Any:
    """What the database keeps for a value: a record's id."""
    return getattr(value, "pk", value)
