"""The tracker as a spreadsheet: a workbook that openpyxl reads back with real dates and
numbers, CSV that Excel opens as UTF-8, the list's filters, and no formula ever run."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from inspections.models import Membership
from tests.clients import sign_in
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "suffolk") -> str:
    return reverse(name, kwargs={"slug": slug})


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def test_a_board_member_downloads_the_whole_tracker(demo):
    book = workbook(sign_in("suffolk-board").get(url("actions:export-xlsx")))
    assert book.sheetnames == [
        "Actions",
        "Measures",
        "Measure values",
        "Deadlines",
        "Activity log",
        "About this export",
    ]
    actions = book["Actions"]
    assert actions.freeze_panes == "A2"
    assert actions["A1"].value == "Reference" and actions["A1"].font.bold
    assert actions.column_dimensions["E"].width == 50  # the title
    rows = list(actions.iter_rows(min_row=2, values_only=True))
    stored = Action.objects.filter(plan__partnership__slug="suffolk")
    assert len(rows) == stored.count()
    first = stored.order_by("due_date", "pk")[0]
    row = rows[0]
    assert row[0] == f"ST-{first.pk}" and row[1] == first.version
    assert row[10] == dt.datetime.combine(first.due_date, dt.time())  # a date, not text
    assert actions.cell(row=2, column=11).number_format == "DD/MM/YYYY"
    values = list(book["Measure values"].iter_rows(min_row=2, values_only=True))
    assert values and all(isinstance(v[2], (int, float)) for v in values)
    about = dict(book["About this export"].iter_rows(min_row=2, values_only=True))
    assert about["Partnership"] == "Suffolk Local Area Partnership"
    assert about["Exported by"] == "Demo Suffolk board member"
    assert isinstance(about["Exported"], dt.datetime)
    assert about["Filters"] == "All current actions (no filters)"
    assert "illustrative" in about["Demo data"]
    assert about["Sheet “Actions”"] == f"{len(rows)} rows"


def test_the_actions_are_those_the_list_filters_show(demo):
    client = sign_in("suffolk-leader")
    book = workbook(client.get(url("actions:export-xlsx") + "?status=complete&sort=-due"))
    rows = list(book["Actions"].iter_rows(min_row=2, values_only=True))
    complete = Action.objects.filter(plan__partnership__slug="suffolk", status="complete")
    assert len(rows) == complete.count() > 0
    assert {r[11] for r in rows} == {"Complete"}
    about = dict(book["About this export"].iter_rows(min_row=2, values_only=True))
    assert about["Filters"] == "Status: Complete"
    # The list page links to the same download with its filters.
    page = client.get(url("actions:list") + "?status=complete").content.decode()
    assert url("actions:export-xlsx") + "?status=complete" in page


def test_csv_is_utf8_with_a_byte_order_mark_and_day_first_dates(demo):
    response = sign_in("suffolk-board").get(url("actions:export-csv") + "?table=actions")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Version", "Finding"]
    assert all(len(r[10].split("/")) == 3 for r in rows[1:])  # 31/03/2026
    for table in ("measures", "measure-values", "deadlines", "activity", "nonsense"):
        assert (
            sign_in("suffolk-board").get(url("actions:export-csv") + f"?table={table}").status_code
            == 200
        )


def test_text_that_would_run_as_a_formula_is_neutralised(demo):
    action = Action.objects.filter(plan__partnership__slug="suffolk").earliest("pk")
    Action.objects.filter(pk=action.pk).update(
        title='=HYPERLINK("http://evil.example","Click")', description="@SUM(1+1)"
    )
    client = sign_in("suffolk-leader")
    book = workbook(client.get(url("actions:export-xlsx")))
    cells = {
        row[0].value: row
        for row in book["Actions"].iter_rows(min_row=2)
        if row[0].value == f"ST-{action.pk}"
    }
    row = cells[f"ST-{action.pk}"]
    assert row[4].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert row[4].data_type == "s"  # text, not a formula
    assert row[5].value == "'@SUM(1+1)"
    text = client.get(url("actions:export-csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_another_partnership_cannot_export(demo):
    assert sign_in("bexley-leader").get(url("actions:export-xlsx")).status_code == 404
    assert sign_in("bexley-leader").get(url("actions:export-csv")).status_code == 404


def build(size: int):
    partnership = make_partnership()
    user = make_member(partnership, role=Membership.Role.BOARD)
    inspection = make_inspection(partnership)
    plan = make_plan(partnership)
    for n in range(1, size + 1):
        finding = make_finding(inspection, number=n, focus_points=1)
        make_deadline(partnership)
        make_measure(partnership, values=size).findings.add(finding)
        for _ in range(size):
            make_action(plan, finding, focus_point=finding.focus_points.first())
    return partnership, user


@pytest.mark.parametrize(
    "name", ["actions:export-xlsx", "actions:export-csv", "actions:spreadsheets"]
)
def test_query_budget_holds_at_two_sizes(name):
    counts = {}
    for size in (2, 6):
        partnership, user = build(size)
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, partnership.slug)).status_code == 200
        counts[size] = len(queries)
    assert counts[2] == counts[6], counts
    # session, user, membership; the filters' 3; actions; measures 3; deadlines; activity
    assert (
        counts[2]
        <= {
            "actions:export-xlsx": 3 + 3 + 1 + 3 + 1 + 16,
            "actions:export-csv": 3 + 3 + 1,
            "actions:spreadsheets": 3 + 3,
        }[name]
    ), counts
