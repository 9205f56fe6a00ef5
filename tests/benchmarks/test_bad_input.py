"""Every kind of bad input refused with a clear message, and nothing stored."""

from __future__ import annotations

import pytest

from benchmarks.aliases import ALIASES, code_for
from benchmarks.ees import StatisticsRefused, period_of
from benchmarks.models import Area, Indicator, Neighbour, Observation
from benchmarks.services import neighbours_import, statistics_import_file
from tests.benchmarks.support import SUFFOLK, choice, import_timeliness
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,"
    "pc_plans_issued_within_20_weeks\n"
)
ENGLAND = "2024,Calendar year,National,E92000001,England,,,,,,All EHC plans issued,All EHC plans issued,45.9\n"
SUFFOLK_ROW = (
    "2024,Calendar year,Local authority,E92000001,England,E12000006,East of England,"
    "E10000029,935,Suffolk,All EHC plans issued,All EHC plans issued,{value}\n"
)


@pytest.fixture(autouse=True)
def suffolk():
    return make_partnership("Suffolk", local_authority_codes=SUFFOLK)


def refused(raw: bytes, **overrides: object) -> str:
    with pytest.raises(StatisticsRefused) as error:
        statistics_import_file(raw=raw, file_name="bad.csv", choice=choice(**overrides))
    assert not Observation.objects.exists() and not Indicator.objects.exists()
    assert not Area.objects.exists()
    return error.value.message


def test_a_good_small_file_is_stored():
    plan, record = statistics_import_file(
        raw=(HEADER + ENGLAND + SUFFOLK_ROW.format(value="25.4")).encode(),
        file_name="good.csv",
        choice=choice(),
    )
    assert record is not None and Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name,value\nSuffolk,3\n", "not in the Explore Education Statistics shape"),
        (b"", "not in the Explore Education Statistics shape"),
        (b"\xff\xfe\x00t\x00i", "not a CSV file in UTF-8"),
        (HEADER.encode(), "no rows of figures"),
        ((HEADER + "2024,Calendar year\n").encode(), "Line 2 has 2 values for 13 columns"),
    ],
)
def test_a_file_not_in_the_ees_shape_is_refused(raw, message):
    assert message in refused(raw)


def test_a_file_with_none_of_the_partnerships_authorities_is_refused():
    bexley_only = SUFFOLK_ROW.format(value="66.7").replace("E10000029", "E09000004")
    message = refused((HEADER + ENGLAND + bexley_only).encode())
    assert "no figures for any partnership's local authority (E10000029)" in message


def test_a_column_that_is_not_numeric_is_refused():
    message = refused((HEADER + ENGLAND + SUFFOLK_ROW.format(value="about half")).encode())
    assert message.startswith("Line 3: ‘pc_plans_issued_within_20_weeks’ is ‘about half’")
    assert "not a number nor an EES missing-value code" in message
    message = refused((HEADER + ENGLAND).encode(), column="la_name")
    assert "no column of figures called ‘la_name’" in message
    message = refused((HEADER + ENGLAND).encode(), column="no_such_column")
    assert "no column of figures called ‘no_such_column’" in message


def test_duplicate_rows_are_refused():
    row = SUFFOLK_ROW.format(value="25.4")
    message = refused((HEADER + ENGLAND + row + row).encode())
    assert message == ("Lines 3 and 4 both give E10000029 for 2024: the file has duplicate rows")


def test_an_unknown_code_is_refused():
    message = refused(
        (HEADER + ENGLAND + SUFFOLK_ROW.format(value="1").replace("E10000029", "935X")).encode()
    )
    assert message.startswith("Line 3: ‘935X’ is not an ONS code")
    no_code = SUFFOLK_ROW.format(value="1").replace("E10000029", "")
    assert "‘nothing’ is not an ONS code" in refused((HEADER + no_code).encode())


def test_an_unknown_period_is_refused():
    weekly = (HEADER + ENGLAND.replace("2024,Calendar year", "2024w12,Week")).encode()
    assert "The period ‘2024w12’ (Week)" in refused(weekly)
    assert period_of("202324", "Academic year")[0] == "2023/24"
    assert period_of("202324", "Financial year")[1].isoformat() == "2024-03-31"


def test_a_breakdown_the_file_does_not_have_is_refused():
    message = refused((HEADER + ENGLAND).encode(), breakdown=("Sex", "Female"))
    assert "no figures for England, a region or a local authority" in message


def test_a_name_taken_by_another_indicator_is_refused():
    raw = (HEADER + ENGLAND + SUFFOLK_ROW.format(value="25.4")).encode()
    statistics_import_file(raw=raw, file_name="a.csv", choice=choice())
    other = HEADER.replace("pc_plans_issued_within_20_weeks", "other_pc")
    with pytest.raises(StatisticsRefused, match="Another indicator is already called"):
        statistics_import_file(
            raw=(other + ENGLAND + SUFFOLK_ROW.format(value="25.4")).encode(),
            file_name="b.csv",
            choice=choice(column="other_pc"),
        )
    assert Indicator.objects.count() == 1


def test_missing_value_codes_are_missing_never_zero():
    rows = "".join(
        SUFFOLK_ROW.format(value=code).replace("2024,", f"{2019 + i},", 1)
        for i, code in enumerate(["x", "z", "c", "low", "u"])
    )
    statistics_import_file(
        raw=(HEADER + ENGLAND + rows).encode(), file_name="m.csv", choice=choice()
    )
    suffolk = Observation.objects.filter(area__code=SUFFOLK).order_by("period")
    assert [(o.value, o.missing) for o in suffolk] == [
        (None, "x"),
        (None, "z"),
        (None, "c"),
        (None, "low"),
        (None, "u"),
    ]


# --- Statistical neighbours: names to codes through the one alias table. -------------


def test_the_alias_table_maps_the_names_that_differ():
    by_name = {"Bedford": "E06000055", "Suffolk": "E10000029"}
    assert code_for("Suffolk", by_name) == "E10000029"
    assert code_for("Bedford Borough", by_name) == "E06000055"
    assert code_for("Durham", {}) == "E06000047"  # County Durham
    assert code_for("Herefordshire", {}) == "E06000019"  # Herefordshire, County of
    assert code_for("Kingston Upon Hull, City of", {}) == "E06000010"
    assert code_for("Atlantis", by_name) is None
    assert len(ALIASES) == 4


def test_a_neighbour_name_that_matches_nothing_refuses_the_file():
    import_timeliness()
    with pytest.raises(StatisticsRefused) as error:
        neighbours_import(raw=b"Suffolk\n" + b"Atlantis\n" + b"Norfolk\n" * 9)
    assert "‘Atlantis’" in error.value.message and "alias table" in error.value.message
    assert not Neighbour.objects.exists()


def test_a_neighbours_file_of_the_wrong_shape_is_refused():
    import_timeliness()
    with pytest.raises(StatisticsRefused, match="a row of authorities and 10 rows"):
        neighbours_import(raw=b"Suffolk\nNorfolk\n")
    assert not Neighbour.objects.exists()
