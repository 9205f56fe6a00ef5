"""One cell in and out: the formula guard, text dates in British and ISO form, numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from actions.sheets.cells import (
    NotADate,
    NotANumber,
    as_text,
    neutralise,
    parse_date,
    parse_number,
    to_json,
    unguard,
)


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+44 1473", "-1", "@cmd", "\tx", "\rx"])
def test_text_that_could_run_is_guarded_and_the_guard_comes_off(text):
    guarded = neutralise(text)
    assert guarded == "'" + text
    assert unguard(guarded) == text
    assert as_text(guarded) == text.strip()


def test_plain_text_numbers_and_dates_are_left_alone():
    assert neutralise("Refresh the board") == "Refresh the board"
    assert neutralise(-5) == -5
    assert neutralise(dt.date(2026, 3, 31)) == dt.date(2026, 3, 31)
    assert unguard("'quoted'") == "'quoted'"  # an apostrophe before ordinary text stays


@pytest.mark.parametrize(
    "value",
    [
        "31/03/2026",
        "31/3/2026",
        "31-03-2026",
        "31.03.26",
        "2026-03-31",
        "31 March 2026",
        "31 Mar 2026",
        "31st March 2026",
        {"date": "2026-03-31"},
        {"datetime": "2026-03-31T00:00:00"},
        {"number": "46112"},  # Excel's serial number for the day
    ],
)
def test_dates_in_british_or_iso_form(value):
    assert parse_date(value) == dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    "value", ["31/02/2026", "02/31/2026", "next week", "2026-13-01", {"number": "12"}]
)
def test_what_is_not_a_date(value):
    with pytest.raises(NotADate):
        parse_date(value)


def test_blank_is_no_date_and_no_number():
    assert parse_date(None) is None and parse_date("") is None and parse_date("  ") is None
    assert parse_number(None) is None and parse_number("") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234.5", "1234.5"), ("45%", "45"), ({"number": "54.3"}, "54.3"), ("-2", "-2")],
)
def test_numbers(value, expected):
    assert parse_number(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["about 50", "NaN", "Infinity", {"date": "2026-01-01"}])
def test_what_is_not_a_number(value):
    with pytest.raises(NotANumber):
        parse_number(value)


def test_cells_are_stored_as_json_and_read_back():
    assert to_json(dt.datetime(2026, 3, 31)) == {"date": "2026-03-31"}
    assert to_json(54.5) == {"number": "54.5"}
    assert as_text({"number": "54.50"}) == "54.5"
    assert as_text({"date": "2026-03-31"}) == "31/03/2026"
