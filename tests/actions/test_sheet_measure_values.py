"""Importing measure values (measure, date, value): recorded as the Measures page records
them, only when every row is valid; a value already recorded is never changed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Measure, MeasureValue
from tests.actions.sheet_files import csv_file, upload, xlsx
from tests.clients import sign_in

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def send(client, data: bytes, name: str = "values.xlsx", slug: str = "suffolk"):
    response = client.post(url("actions:import-values", slug), {"file": upload(data, name)})
    assert response.status_code == 302, text_of(response.content.decode())[-800:]
    pk = int(re.findall(r"/imports/(\d+)/", response["Location"])[0])
    return pk, text_of(client.get(response["Location"]).content.decode())


def test_values_are_checked_then_recorded_all_at_once(demo):
    client = sign_in("suffolk-officer")
    # A measure whose values are entered (one linked to national statistics takes none).
    measure = Measure.objects.filter(
        partnership__slug="suffolk", unit="percent", indicator__isnull=True
    ).earliest("pk")
    count = MeasureValue.objects.count()
    rows: list[list[object]] = [
        ["Measure", "Date", "Value", "Note"],
        [measure.name, "31/01/2026", "41.5%", "January"],
        [measure.name.upper(), "2026-02-28", 43, ""],
        ["No such measure", "28/02/2026", 1, ""],
        [measure.name, "30/02/2026", 1, ""],
        [measure.name, "31/03/2026", "about half", ""],
        [measure.name, "31/03/2026", 140, ""],
        [measure.name, (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y"), 1, ""],
    ]
    pk, page = send(client, xlsx(rows, title="Measure values"))
    assert "row 4: no measure called No such measure" in page
    assert "row 5: date 30/02/2026 is not a date" in page
    assert "row 6: value about half is not a number" in page
    assert "row 7: value 140.00 is a percentage over 100" in page
    assert "row 8: date" in page and "is in the future" in page
    assert client.post(url("actions:import-save", pk=pk)).status_code == 409
    assert MeasureValue.objects.count() == count
    pk, page = send(client, xlsx(rows[:3], title="Measure values"))
    assert "Add 2 values" in page
    saved = client.post(url("actions:import-save", pk=pk))
    assert saved["Location"] == url("actions:measures")
    assert MeasureValue.objects.get(measure=measure, date=dt.date(2026, 1, 31)).value == Decimal(
        "41.5"
    )
    latest = MeasureValue.objects.get(measure=measure, date=dt.date(2026, 2, 28))
    assert latest.history.first().history_user.username == "suffolk-officer"


def test_the_export_of_values_imports_back_unchanged_and_a_different_value_is_refused(demo):
    client = sign_in("suffolk-officer")
    text = client.get(url("actions:export-csv") + "?table=measure-values").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    pk, page = send(client, csv_file(rows), name="values.csv")
    assert f"Add 0 values; {len(rows) - 1} already recorded" in page
    rows[1][2] = str(Decimal(rows[1][2]) + 1)
    pk, page = send(client, csv_file(rows), name="values.csv")
    assert (
        "row 2:" in page
        and "the import records new values, it does not change recorded ones" in page
    )


def test_board_members_and_other_partnerships_cannot_import_values(demo):
    assert sign_in("suffolk-board").get(url("actions:import-values")).status_code == 403
    assert sign_in("bexley-leader").get(url("actions:import-values")).status_code == 404
    # A Bexley import names only Bexley's measures.
    suffolk = Measure.objects.filter(partnership__slug="suffolk").earliest("pk")
    client = sign_in("bexley-officer")
    _, page = send(
        client,
        csv_file([["Measure", "Date", "Value"], [suffolk.name, "1/1/2026", 1]]),
        slug="bexley",
    )
    if not Measure.objects.filter(partnership__slug="bexley", name=suffolk.name).exists():
        assert f"no measure called {suffolk.name}" in page
