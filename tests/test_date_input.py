"""The GOV.UK date input: three boxes make a date, or the Design System's message says
what is wrong and which boxes to mark."""

import datetime

import pytest
from django import forms

from send_tracker.date_input import DateInputField, date_problem, parts_of


class DueForm(forms.Form):
    due_date = DateInputField(label="Due date")
    since = DateInputField(label="Covering the period from", required=False)


def posted(day="", month="", year="", **extra):
    return {"due_date-day": day, "due_date-month": month, "due_date-year": year, **extra}


def test_three_boxes_make_a_date():
    form = DueForm(posted(" 7", "3 ", "2027"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"due_date": datetime.date(2027, 3, 7), "since": None}


def test_leading_zeros_are_fine():
    form = DueForm(posted("07", "03", "2027"))
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2027, 3, 7)


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("7", "", "2027", "Due date must include a month", ("month",)),
        ("", "", "2027", "Due date must include a day and month", ("day", "month")),
        ("7", "3", "", "Due date must include a year", ("year",)),
        ("", "3", "", "Due date must include a day and year", ("day", "year")),
        ("31", "4", "2027", "Due date must be a real date", ("day",)),
        ("29", "2", "2027", "Due date must be a real date", ("day",)),
        ("0", "3", "2027", "Due date must be a real date", ("day",)),
        ("7", "13", "2027", "Due date must be a real date", ("month",)),
        ("7", "March", "2027", "Due date must be a real date", ("month",)),
        ("x", "y", "2027", "Due date must be a real date", ("day", "month")),
        ("7", "3", "27", "Year must include 4 numbers", ("year",)),
        ("7", "3", "20277", "Year must include 4 numbers", ("year",)),
    ],
)
def test_the_design_system_messages(day, month, year, message, parts):
    problem = date_problem(day, month, year, label="Due date")
    assert problem is not None
    assert (problem.message, problem.parts) == (message, parts)
    form = DueForm(posted(day, month, year))
    assert not form.is_valid()
    assert form.errors["due_date"] == [message]


def test_a_leap_day_is_a_real_date():
    assert date_problem("29", "2", "2028", label="Due date") is None


def test_nothing_entered_is_the_required_check():
    form = DueForm(posted())
    assert not form.is_valid()
    assert form.errors["due_date"][0] == forms.Field.default_error_messages["required"]
    # An optional date left empty is no date.
    assert DueForm(posted("1", "1", "2027")).is_valid()


def test_a_question_label_reads_as_the_date():
    problem = date_problem("1", "", "2027", label="When did it happen?")
    assert problem is not None and problem.message == "The date must include a month"
    problem = date_problem("1", "", "2027", label="Start date (optional)")
    assert problem is not None and problem.message == "Start date must include a month"


def test_a_whole_iso_date_is_read_when_no_box_was_sent():
    form = DueForm({"due_date": "2027-01-31", "since": "2026-12-01"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "due_date": datetime.date(2027, 1, 31),
        "since": datetime.date(2026, 12, 1),
    }
    assert not DueForm({"due_date": "2027-02-31"}).is_valid()


def test_the_boxes_win_over_a_whole_date():
    form = DueForm(posted("2", "2", "2027", due_date="2027-01-31"))
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2027, 2, 2)


def test_omitted_and_changed():
    widget = DueForm.base_fields["due_date"].widget
    assert widget.value_omitted_from_data({}, {}, "due_date")
    assert not widget.value_omitted_from_data({"due_date-year": ""}, {}, "due_date")
    initial = {"due_date": datetime.date(2027, 3, 7)}
    assert not DueForm(posted("7", "3", "2027"), initial=initial).has_changed()
    assert DueForm(posted("8", "3", "2027"), initial=initial).changed_data == ["due_date"]


def test_parts_of_each_kind_of_value():
    assert parts_of(datetime.date(2027, 3, 7)) == {"day": "7", "month": "3", "year": "2027"}
    assert parts_of("2027-03-07") == {"day": "7", "month": "3", "year": "2027"}
    assert parts_of("nonsense") == {"day": "", "month": "", "year": ""}
    assert parts_of(None) == {"day": "", "month": "", "year": ""}
    assert parts_of({"day": "x", "month": None}) == {"day": "x", "month": "", "year": ""}
