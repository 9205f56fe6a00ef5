"""What an export holds: the action list as filtered (each action with its reference and
version, so an edited copy can be imported back), the measures and all their values, the
deadlines, the activity log, and a sheet saying what was exported, for which partnership,
with which filters, by whom and when. A fixed number of queries however big the tracker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from actions.models import Measure
from actions.selectors import action_list_get
from actions.sheets.write import Column, SheetData
from inspections.activity import ActivityQuery
from inspections.models import Deadline, Partnership

TABLES = ("actions", "measures", "measure-values", "deadlines", "activity")

ACTION_COLUMNS = [
    Column("Reference", 12),
    Column("Version", 9),
    Column("Finding", 10),
    Column("Focus point", 8),
    Column("Title", 50),
    Column("Description", 60),
    Column("Lead organisation", 30),
    Column("Owner", 24),
    Column("Named lead", 24),
    Column("Start date", 12),
    Column("Due date", 12),
    Column("Status", 13),
    Column("RAG rating", 15),
    Column("Completed date", 14),
    Column("Closing note", 50),
    Column("Plan", 36),
    Column("Overdue", 9),
]


def action_rows(actions: Any, today: dt.date) -> Iterator[list[Any]]:
    for action in actions:
        point = action.focus_point
        yield [
            action.tracker_reference,
            action.version,
            action.finding.short_code,
            point.order if point else None,
            action.title,
            action.description,
            action.lead_organisation.name,
            (action.owner.get_full_name() or action.owner.get_username()) if action.owner else "",
            action.lead_name,
            action.start_date,
            action.due_date,
            action.get_status_display(),
            action.get_rag_display(),
            action.completed_date,
            action.closing_note,
            action.plan.title,
            "Yes" if action.is_overdue_on(today) else "No",
        ]


def actions_table(partnership: Partnership, criteria: dict[str, Any], today: dt.date) -> SheetData:
    """The action list with the list page's filters (`ActionFilterForm.criteria`): 1 query."""
    actions = action_list_get(partnership=partnership, **criteria)
    return SheetData("Actions", ACTION_COLUMNS, action_rows(actions.iterator(), today))


def _measures(partnership: Partnership) -> list[Measure]:
    return list(Measure.objects.for_partnership(partnership).order_by("name", "pk").with_values())


def measures_table(measures: list[Measure]) -> SheetData:
    columns = [
        Column("Measure", 50),
        Column("Unit", 14),
        Column("Higher is better", 10),
        Column("Baseline", 11),
        Column("Baseline date", 13),
        Column("Target", 11),
        Column("Target date", 13),
        Column("England average", 11),
        Column("England average note", 30),
        Column("Latest value", 11),
        Column("Latest date", 13),
        Column("Findings", 20),
        Column("Definition", 60),
    ]
    rows = []
    for m in measures:
        latest = m.all_values[-1] if m.all_values else None
        rows.append(
            [
                m.name,
                m.get_unit_display(),
                "Yes" if m.higher_is_better else "No",
                m.baseline_value,
                m.baseline_date,
                m.target_value,
                m.target_date,
                m.england_average,
                m.england_average_note,
                latest.value if latest else None,
                latest.date if latest else None,
                ", ".join(f.short_code for f in m.findings.all()),
                m.definition,
            ]
        )
    return SheetData("Measures", columns, rows)


def measure_values_table(measures: list[Measure]) -> SheetData:
    """Every value of every measure: the shape the measure values import reads back."""
    columns = [Column("Measure", 50), Column("Date", 12), Column("Value", 11), Column("Note", 40)]
    rows = [[m.name, v.date, v.value, v.note] for m in measures for v in m.all_values]
    return SheetData("Measure values", columns, rows)


def deadlines_table(partnership: Partnership) -> SheetData:
    columns = [
        Column("Deadline", 50),
        Column("Source", 20),
        Column("Due date", 12),
        Column("Due (as given)", 24),
        Column("Approximate", 11),
        Column("Owner", 30),
        Column("Status", 11),
        Column("Met on", 12),
        Column("Evidence", 50),
    ]
    deadlines = Deadline.objects.for_partnership(partnership).for_listing()
    rows = [
        [
            d.title,
            d.get_source_display(),
            d.due_date,
            d.due_text,
            "Yes" if d.is_approximate else "No",
            d.owner.name if d.owner else "",
            d.get_status_display(),
            d.met_date,
            d.evidence,
        ]
        for d in deadlines
    ]
    return SheetData("Deadlines", columns, rows)


def activity_table(partnership: Partnership) -> SheetData:
    """The activity log as its page reads it (newest first; at most 10,000 entries)."""
    columns = [Column("When", 17), Column("Who", 24), Column("What changed", 80)]
    entries = ActivityQuery(partnership)[0:10_000]
    rows = [[timezone.localtime(e.when), e.who, e.what] for e in entries]
    return SheetData("Activity log", columns, rows)


def table(
    name: str, partnership: Partnership, criteria: dict[str, Any], today: dt.date
) -> SheetData:
    """One table by its name in TABLES (a CSV file holds one)."""
    if name == "actions":
        return actions_table(partnership, criteria, today)
    if name == "deadlines":
        return deadlines_table(partnership)
    if name == "activity":
        return activity_table(partnership)
    measures = _measures(partnership)
    return measures_table(measures) if name == "measures" else measure_values_table(measures)


def workbook_sheets(
    *,
    partnership: Partnership,
    criteria: dict[str, Any],
    filters: list[str],
    today: dt.date,
    by: str,
) -> list[SheetData]:
    """Every table, then the sheet saying what the workbook holds."""
    actions = actions_table(partnership, criteria, today)
    actions.rows = list(actions.rows)
    measures = _measures(partnership)
    sheets = [
        actions,
        measures_table(measures),
        measure_values_table(measures),
        deadlines_table(partnership),
        activity_table(partnership),
    ]
    about: list[list[Any]] = [
        ["Partnership", f"{partnership.name} Local Area Partnership"],
        ["Exported", timezone.localtime()],
        ["Exported by", by],
        ["Filters", "; ".join(filters) if filters else "All current actions (no filters)"],
    ]
    about += [[f"Sheet “{s.title}”", f"{len(list(s.rows)):,} rows"] for s in sheets]
    if partnership.is_demo:
        about.append(["Demo data", "The actions, updates and measures are illustrative."])
    about += [
        [
            "Updating actions",
            "Edit the Actions sheet and import it (Spreadsheets, Import actions): keep the "
            "Reference and Version columns, so each row updates its action, and a row "
            "changed in the tracker since this export is shown as a conflict.",
        ],
        [
            "Formulas",
            "Text that starts with =, +, -, or @ has an apostrophe in front, so it is never "
            "run as a formula; the import takes it off again.",
        ],
        ["Withdrawn records", "Not included."],
    ]
    columns = [Column("About this export", 22), Column("", 100)]
    return [*sheets, SheetData("About this export", columns, about)]
