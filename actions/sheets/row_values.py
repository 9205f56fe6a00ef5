"""One row of actions read as the tracker's values: each mapped cell parsed and looked up
among the partnership's records, with a problem in words for each that cannot be."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from actions.forms.lifecycle import clean_text
from actions.models import Action, Rag
from actions.models.action import MAX_NAME, MAX_REFERENCE, MAX_TEXT, MAX_TITLE
from actions.sheets import lookups
from actions.sheets.cells import NotADate, NotANumber, as_text, parse_date, parse_number
from actions.sheets.mapping import ACTION_FIELDS

STATUS_WORDS = {
    "not started": Action.Status.NOT_STARTED,
    "in progress": Action.Status.IN_PROGRESS,
    "ongoing": Action.Status.IN_PROGRESS,
    "on hold": Action.Status.ON_HOLD,
    "paused": Action.Status.ON_HOLD,
    "complete": Action.Status.COMPLETE,
    "completed": Action.Status.COMPLETE,
    "done": Action.Status.COMPLETE,
    **{value.replace("_", " "): value for value in Action.Status.values},
}
RAG_WORDS = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "b": Rag.BLUE,
    "blue": Rag.BLUE,
    "blue (complete)": Rag.BLUE,
    "complete": Rag.BLUE,
}
LABELS = {f.name: f.label.lower() for f in ACTION_FIELDS}
TEXTS = (("title", MAX_TITLE), ("description", MAX_TEXT), ("closing_note", MAX_TEXT))


class RowValues:
    """A row's cells by tracker field; `problems` collects what is wrong, `bad` the
    fields it was wrong in (so a missing value is not reported twice)."""

    def __init__(
        self, number: int, cells: list[Any], mapping: dict[str, int], records: lookups.Records
    ) -> None:
        self.number, self.cells, self.mapping, self.records = number, cells, mapping, records
        self.problems: list[str] = []
        self.conflicts: list[str] = []
        self.bad: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self.mapping

    def raw(self, name: str) -> Any:
        index = self.mapping.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        if isinstance(value, dict) and "formula" in value:
            self.problem(
                name,
                f"the {LABELS[name]} cell holds a formula ({value['formula']}) with no saved value",
            )
            return None
        return value

    def text(self, name: str) -> str:
        return as_text(self.raw(name))

    def problem(self, name: str, message: str) -> None:
        self.bad.add(name)
        self.problems.append(f"row {self.number}: {message}")

    def existing(self) -> Action | None:
        """The stored action the row's reference names (None: a new action)."""
        reference = self.text("reference")
        if not reference:
            return None
        if len(reference) > MAX_REFERENCE:
            self.problem("reference", f"the reference is longer than {MAX_REFERENCE} characters")
            return None
        match = lookups.TRACKER_REFERENCE.match(reference)
        if match:
            action = self.records.by_pk.get(int(match.group(1)))
            if action is None or action.tracker_reference.lower() != reference.lower():
                self.problem(
                    "reference",
                    f"there is no action {reference} in this partnership's tracker: clear the "
                    "reference to add the row as a new action",
                )
                return None
        else:
            found = self.records.by_reference.get(reference.lower(), [])
            if len(found) > 1:
                self.problem("reference", f"reference {reference} is used by {len(found)} actions")
                return None
            if not found:
                return None
            action = found[0]
        if action.is_withdrawn:
            self.problem(
                "reference",
                f"action {reference} was withdrawn: restore it first, or remove the row",
            )
            return None
        self.check_version(action, reference)
        return action

    def check_version(self, action: Action, reference: str) -> None:
        text = self.text("version")
        if not text:
            return
        try:
            version = parse_number(self.raw("version"))
        except NotANumber:
            version = None
        if version is None or version != int(version):
            self.problem("version", f"version {text} is not a whole number")
        elif int(version) != action.version:
            self.conflicts.append(
                f"row {self.number}: {reference} (“{action.title[:60]}”) was changed in the "
                f"tracker after this spreadsheet was exported (version {int(version)} here, "
                f"{action.version} now): export again and make the change there"
            )

    def values(self, action: Action | None) -> dict[str, Any]:
        """The row's value of every mapped field (a blank cell is None or '')."""
        values: dict[str, Any] = {}
        reference = self.text("reference")
        if reference and not lookups.TRACKER_REFERENCE.match(reference):
            values["reference"] = reference
        for name, limit in TEXTS:
            if self.has(name):
                try:
                    values[name] = clean_text(self.text(name), limit=limit, what=LABELS[name])
                except forms.ValidationError as error:
                    self.problem(name, error.messages[0][0].lower() + error.messages[0][1:])
        finding = self.records.finding_by_pk.get(action.finding_id) if action else None
        point = None
        if self.text("finding"):
            finding, point = self.finding()
            values["finding"] = finding
        if finding is not None and (self.has("focus_point") or point is not None):
            values["focus_point"] = self.focus_point(finding, point)
        if self.text("lead_organisation"):
            values["lead_organisation"] = self.organisation()
        if self.has("owner") or self.has("lead_name"):
            values.update(self.owner(action))
        for name in ("start_date", "due_date", "completed_date"):
            if self.has(name):
                values[name] = self.date(name)
        if self.text("status"):
            values["status"] = STATUS_WORDS.get(self.text("status").lower())
            if values["status"] is None:
                self.problem(
                    "status",
                    f"status {self.text('status')} is not Not started, In progress, On hold or "
                    "Complete",
                )
        if self.text("rag"):
            values["rag"] = RAG_WORDS.get(self.text("rag").lower())
            if values["rag"] is None:
                self.problem(
                    "rag", f"RAG rating {self.text('rag')} is not red, amber, green or blue"
                )
        return values

    def finding(self) -> tuple[Any, int | None]:
        text = self.text("finding")
        code = lookups.finding_code(text)
        if code is None:
            self.problem("finding", f"finding {text} is not a finding: write it as APA 1 or AFI 2")
            return None, None
        kind, number, point = code
        finding = self.records.findings.get((kind, number))
        if finding is None:
            self.problem("finding", f"no {lookups.KIND_NAMES[kind]} {number}")
        return finding, point

    def focus_point(self, finding: Any, point: int | None) -> Any:
        text = self.text("focus_point") or (str(point) if point else "")
        if not text:
            return None
        digits = text.split(":", 1)[0].strip().rstrip(".")
        if not digits.isdigit():
            self.problem(
                "focus_point",
                f"focus point {text} is not a number: write its number under {finding.short_code}",
            )
            return None
        found = self.records.points.get((finding.pk, int(digits)))
        if found is None:
            self.problem("focus_point", f"{finding.short_code} has no focus point {digits}")
        return found

    def organisation(self) -> Any:
        text = self.text("lead_organisation")
        organisation = self.records.organisations.get(text.lower())
        if organisation is None:
            names = "; ".join(self.records.organisation_names[:6])
            self.problem(
                "lead_organisation",
                f"lead organisation {text} is not one of this partnership's ({names})",
            )
        return organisation

    def owner(self, action: Action | None) -> dict[str, Any]:
        """The owner a member (matched by name, username or email), else the text kept as
        the named lead."""
        text, lead = self.text("owner"), self.text("lead_name")
        kept_lead = lead if self.has("lead_name") else (action.lead_name if action else "")
        if len(lead) > MAX_NAME:
            self.problem("lead_name", f"the named lead is longer than {MAX_NAME} characters")
        # Named as any of the ways a member is matched (name, username, email), the owner
        # stays, whatever their role now: as on the edit page, an owner keeps their actions.
        kept = action.owner if action is not None else None
        if kept and text.lower() in {
            self.records.user_label(kept).lower(),
            kept.get_username().lower(),
            kept.email.lower(),
        } - {""}:
            return {"owner": kept, "lead_name": kept_lead}
        user = self.records.owner(text) if text else None
        if user is lookups.AMBIGUOUS:
            self.problem("owner", f"more than one member is called {text}: write their email")
            return {}
        if user is None and text:
            if lead and lead.lower() != text.lower():
                self.problem(
                    "owner",
                    f"owner {text} is not a member who may own actions, and the named "
                    f"lead is {lead}: leave one of them",
                )
                return {}
            if len(text) > MAX_NAME:
                self.problem(
                    "owner", f"the owner is not a member, and longer than {MAX_NAME} characters"
                )
            return {"owner": None, "lead_name": text}
        values: dict[str, Any] = {"owner": user}
        if self.has("lead_name"):
            values["lead_name"] = lead
        return values

    def date(self, name: str) -> dt.date | None:
        value = self.raw(name)
        try:
            date = parse_date(value)
        except NotADate:
            self.problem(name, f"{LABELS[name]} {as_text(value)} is not a date")
            return None
        if date is not None and not 2000 <= date.year <= 2100:
            self.problem(name, f"{LABELS[name]} {date:%d/%m/%Y} is not between 2000 and 2100")
        return date
