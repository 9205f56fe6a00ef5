"""Rows of measure values (measure, date, value, note) checked against the partnership's
measures: the values saving would record, and every row's problems in words. A value the
measure already has for that date is left as it is (the same value) or is a problem (a
different one: the import records values, it does not change recorded ones)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from actions.models import Measure, MeasureValue
from actions.models.measure import MAX_VALUE_NOTE
from actions.sheets.cells import NotADate, NotANumber, as_text, parse_date, parse_number
from inspections.models import Partnership

MAX_VALUE = Decimal("9999999999.99")  # what the column (12 digits, 2 decimal places) holds


@dataclass
class ValuePlan:
    row: int
    measure: Measure
    date: dt.date
    value: Decimal
    note: str


@dataclass
class CheckedValues:
    plans: list[ValuePlan] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> int:
        return len(self.plans)

    @property
    def changed(self) -> int:
        return 0

    @property
    def ok(self) -> bool:
        return not self.problems


def measures_for(
    partnership: Partnership,
) -> tuple[dict[str, Measure], dict[tuple[int, dt.date], Decimal]]:
    """The partnership's measures by name (lower case) and their recorded values: 2 queries."""
    measures = {m.name.strip().lower(): m for m in Measure.objects.for_partnership(partnership)}
    recorded = {
        (measure_id, date): value
        for measure_id, date, value in MeasureValue.objects.filter(
            measure__partnership=partnership
        ).values_list("measure_id", "date", "value")
    }
    return measures, recorded


def check_value_rows(
    *, rows: list[Any], mapping: dict[str, int], partnership: Partnership, today: dt.date
) -> CheckedValues:
    measures, recorded = measures_for(partnership)
    checked = CheckedValues()
    seen: dict[tuple[int, dt.date], int] = {}
    for number, cells in rows:
        problems, measure, date, value, note = _read_row(cells, mapping, measures, today)
        if problems:
            checked.problems += [f"row {number}: {p}" for p in problems]
            continue
        assert measure is not None and date is not None and value is not None
        key = (measure.pk, date)
        if key in seen:
            checked.problems.append(
                f"row {number}: {measure.name} on {date:%d/%m/%Y} is also on row {seen[key]}"
            )
            continue
        seen[key] = number
        stored = recorded.get(key)
        if stored is None and measure.indicator_id is not None:
            # As the Measures page: such a measure's values are the national statistics'.
            checked.problems.append(
                f"row {number}: {measure.name} takes its values from national statistics: "
                "remove the row"
            )
        elif stored is None:
            checked.plans.append(ValuePlan(number, measure, date, value, note))
        elif stored == value:
            checked.unchanged += 1
        else:
            checked.problems.append(
                f"row {number}: {measure.name} already has {stored} for {date:%d/%m/%Y}; the "
                "import records new values, it does not change recorded ones"
            )
    return checked


def _read_row(
    cells: list[Any], mapping: dict[str, int], measures: dict[str, Measure], today: dt.date
) -> tuple[list[str], Measure | None, dt.date | None, Decimal | None, str]:
    """One row's measure, date, value and note, and its problems in words."""
    problems: list[str] = []

    def cell(name: str) -> Any:
        index = mapping.get(name)
        value = cells[index] if index is not None and index < len(cells) else None
        if isinstance(value, dict) and "formula" in value:
            problems.append(
                f"the {name} cell holds a formula ({value['formula']}) with no saved value"
            )
            return None
        return value

    name = as_text(cell("measure"))
    measure = measures.get(name.lower())
    if not name:
        problems.append("no measure")
    elif measure is None:
        problems.append(f"no measure called {name}: use a name as the Measures page shows it")
    date = value = None
    try:
        date = parse_date(cell("date"))
        if date is None:
            problems.append("no date")
        elif date > today:
            problems.append(f"date {date:%d/%m/%Y} is in the future")
        elif date.year < 2000:
            problems.append(f"date {date:%d/%m/%Y} is before 2000")
    except NotADate:
        problems.append(f"date {as_text(cell('date'))} is not a date")
    try:
        value = parse_number(cell("value"))
        if value is None:
            problems.append("no value")
    except NotANumber:
        problems.append(f"value {as_text(cell('value'))} is not a number")
    note = as_text(cell("note"))
    if len(note) > MAX_VALUE_NOTE:
        problems.append(f"the note is longer than {MAX_VALUE_NOTE} characters")
    if measure is not None and value is not None:
        value = value.quantize(Decimal("0.01"))
        if value < 0 or value > MAX_VALUE:
            problems.append(f"value {value} is not between 0 and {MAX_VALUE:,}")
        elif measure.unit == Measure.Unit.PERCENT and value > 100:
            problems.append(f"value {value} is a percentage over 100")
    return problems, measure, date, value, note
