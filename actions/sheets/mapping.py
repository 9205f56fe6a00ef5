"""The tracker's fields each kind of import fills, and a first guess at which column of an
uploaded sheet holds each: the partnership's remembered mapping when its headings are
there again, else the headings' words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.models import SheetKind


@dataclass(frozen=True)
class TrackerField:
    name: str
    label: str
    hint: str
    words: tuple[str, ...]  # headings that mean this field, normalised (see `normalise`)


ACTION_FIELDS = (
    TrackerField(
        "reference",
        "Reference",
        "Re-uploading a row with the same reference updates that action.",
        ("reference", "ref", "action ref", "action reference", "action id", "action no", "id"),
    ),
    TrackerField(
        "version",
        "Version",
        "From an export: a row older than the tracker is shown as a conflict.",
        ("version",),
    ),
    TrackerField(
        "finding",
        "Finding or area number",
        "For example APA 1, AFI 2, or a number for an area for priority action.",
        ("finding", "area", "area number", "apa", "priority area", "area for priority action"),
    ),
    TrackerField(
        "focus_point",
        "Focus point",
        "Its number under the finding.",
        ("focus point", "point", "sub area"),
    ),
    TrackerField(
        "title",
        "Title",
        "What will be done.",
        ("title", "action", "action title", "what will be done", "actions", "action description"),
    ),
    TrackerField("description", "Description", "", ("description", "details", "detail")),
    TrackerField(
        "lead_organisation",
        "Lead organisation",
        "One of the partnership's organisations, by name.",
        ("lead organisation", "lead organization", "organisation", "lead agency", "agency"),
    ),
    TrackerField(
        "owner",
        "Owner",
        "A member by name, username or email; anyone else is kept as the named lead.",
        ("owner", "action owner", "lead officer", "responsible officer", "lead", "responsible"),
    ),
    TrackerField("lead_name", "Named lead", "", ("named lead", "lead name")),
    TrackerField("start_date", "Start date", "", ("start date", "start", "date started")),
    TrackerField(
        "due_date",
        "Due date",
        "",
        ("due date", "due", "deadline", "target date", "by when", "end date", "completion date"),
    ),
    TrackerField("status", "Status", "Not started, In progress, On hold or Complete.", ("status",)),
    TrackerField(
        "rag",
        "RAG rating",
        "Red, amber, green or blue (complete).",
        ("rag", "rag rating", "rag status", "rating"),
    ),
    TrackerField(
        "completed_date", "Completed date", "", ("completed date", "date completed", "completed")
    ),
    TrackerField(
        "closing_note", "Closing note", "", ("closing note", "impact", "evidence of impact")
    ),
)

MEASURE_VALUE_FIELDS = (
    TrackerField(
        "measure",
        "Measure",
        "A measure's name as the Measures page shows it.",
        ("measure", "kpi", "indicator", "measure name"),
    ),
    TrackerField("date", "Date", "The date the value is for.", ("date", "as at", "period end")),
    TrackerField("value", "Value", "A number.", ("value", "actual", "figure", "result")),
    TrackerField("note", "Note", "", ("note", "notes", "comment", "comments")),
)

FIELDS = {SheetKind.ACTIONS: ACTION_FIELDS, SheetKind.MEASURE_VALUES: MEASURE_VALUE_FIELDS}
# What must be mapped before a preview means anything.
REQUIRED = {
    SheetKind.ACTIONS: (("title", "reference"),),
    SheetKind.MEASURE_VALUES: (("measure",), ("date",), ("value",)),
}
# The sheet an export names for each kind, read first when a workbook has several.
SHEET_NAMES = {SheetKind.ACTIONS: "Actions", SheetKind.MEASURE_VALUES: "Measure values"}


def normalise(heading: str) -> str:
    """'Due Date:' and 'due_date' both become 'due date'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def guess_mapping(kind: str, headers: list[str], remembered: dict[str, str]) -> dict[str, int]:
    """Tracker field -> column index: the remembered heading where it is there again, else
    a heading that is one of the field's words, else one that starts with one."""
    found = {normalise(h): i for i, h in reversed(list(enumerate(headers)))}
    mapping: dict[str, int] = {}
    used: set[int] = set()

    def take(name: str, index: int | None) -> None:
        if index is not None and index not in used and name not in mapping:
            mapping[name] = index
            used.add(index)

    for name, heading in remembered.items():
        take(name, found.get(normalise(heading)))
    fields = FIELDS[SheetKind(kind)]
    for tracker_field in fields:
        for word in (normalise(tracker_field.label), *tracker_field.words):
            take(tracker_field.name, found.get(word))
    for tracker_field in fields:
        for word in (normalise(tracker_field.label), *tracker_field.words):
            starts = [i for h, i in found.items() if h.startswith(word + " ")]
            take(tracker_field.name, min(starts) if starts else None)
    return mapping


def missing(kind: str, mapping: dict[str, int]) -> list[str]:
    """What still has to be mapped, in words ([] when nothing)."""
    labels = {f.name: f.label for f in FIELDS[SheetKind(kind)]}
    return [
        " or ".join(labels[name] for name in names)
        for names in REQUIRED[SheetKind(kind)]
        if not any(name in mapping for name in names)
    ]
