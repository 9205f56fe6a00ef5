"""The real DfE files: what is stored for Suffolk, England, the East of England and
Suffolk's statistical neighbours, 2019 to 2024, checked against the CSV itself; importing
again changes nothing; a revised release updates figures and the history says so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from benchmarks.comparators import series_for_area
from benchmarks.models import Area, Indicator, Neighbour, Observation, StatisticsImport
from benchmarks.services import neighbours_import, statistics_import_file
from inspections.models import Partnership
from tests.benchmarks.support import (
    BEXLEY,
    EAST,
    ENGLAND,
    NEIGHBOURS_FILE,
    SUFFOLK,
    TIMELINESS_FILE,
    YEARS,
    as_decimal,
    choice,
    csv_rows,
    csv_series,
    import_timeliness,
    neighbour_names,
)
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    make_partnership("Suffolk", local_authority_codes=SUFFOLK)
    plan, record = import_timeliness()
    neighbours_import(raw=NEIGHBOURS_FILE.read_bytes())
    return Indicator.objects.get(), plan, record


def stored(indicator: Indicator, code: str) -> dict[str, Decimal | None]:
    return {
        o.period: o.value for o in Observation.objects.filter(indicator=indicator, area__code=code)
    }


def test_suffolk_england_and_the_east_of_england_match_the_csv(imported):
    indicator, plan, record = imported
    rows = csv_rows()
    expected = {
        SUFFOLK: csv_series(rows, "Local authority", "new_la_code", SUFFOLK),
        ENGLAND: csv_series(rows, "National", "country_code", ENGLAND),
        EAST: csv_series(rows, "Regional", "region_code", EAST),
    }
    for code, cells in expected.items():
        assert sorted(cells) == YEARS, code
        assert stored(indicator, code) == {y: as_decimal(cells[y]) for y in YEARS}, code
    # The figures the issue quotes, and the README's.
    assert stored(indicator, SUFFOLK)["2023"] == Decimal("3.9")
    assert stored(indicator, SUFFOLK)["2024"] == Decimal("25.4")
    assert stored(indicator, ENGLAND)["2023"] == Decimal("49.1")
    assert stored(indicator, ENGLAND)["2024"] == Decimal("45.9")
    assert stored(indicator, EAST)["2024"] == Decimal("39.3")
    # Every area of every level, each period once: the CSV's row count for the breakdown.
    assert Observation.objects.count() == len(rows) == record.created
    region = Area.objects.get(code=SUFFOLK).region
    assert region is not None and region.code == EAST


def test_suffolks_neighbours_average_range_and_count_match_the_csv(imported):
    indicator, *_ = imported
    rows = csv_rows()
    by_name = {r["la_name"]: r["new_la_code"] for r in rows if r["time_period"] == "2024"}
    codes = [by_name[name] for name in neighbour_names("Suffolk")]
    assert (
        list(Neighbour.objects.filter(area__code=SUFFOLK).values_list("neighbour__code", flat=True))
        == codes
    )
    series = series_for_area(code=SUFFOLK, indicator_ids=[indicator.pk])[indicator.pk]
    assert [r.period for r in series.rows] == YEARS
    for row in series.rows:
        cells = [
            csv_series(rows, "Local authority", "new_la_code", code).get(row.period)
            for code in codes
        ]
        values: list[Decimal] = [
            d for c in cells if c is not None and (d := as_decimal(c)) is not None
        ]
        assert row.neighbours_with_value == len(values), row.period
        assert row.neighbours_total == 10
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
        assert (row.neighbours_mean, row.neighbours_low, row.neighbours_high) == (
            mean,
            min(values),
            max(values),
        ), row.period
        assert row.england == stored(indicator, ENGLAND)[row.period]
        assert row.region == stored(indicator, EAST)[row.period]
    # North Northamptonshire did not exist before 2021: 9 of 10 neighbours have a figure.
    first = series.rows[0]
    assert first.period == "2019" and first.neighbours_with_value == 9


def test_an_authority_that_did_not_exist_has_no_figure_that_year(imported):
    indicator, *_ = imported
    north_northants = stored(indicator, "E06000061")
    assert "2019" not in north_northants and "2020" not in north_northants
    assert "2021" in north_northants


def test_the_neighbours_names_that_differ_from_ees_are_matched_through_the_aliases(imported):
    bexley = list(
        Neighbour.objects.filter(area__code=BEXLEY).values_list("neighbour__name", flat=True)
    )
    assert "Bedford" in bexley  # "Bedford Borough" in the neighbours file
    assert Neighbour.objects.values("area").distinct().count() == 153  # every column


def test_importing_the_same_file_again_changes_nothing(imported):
    indicator, _, record = imported
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "missing"))
    history = Observation.history.count()
    generation = Partnership.objects.get().generation
    plan, again = import_timeliness()
    assert again is None
    assert (len(plan.new), len(plan.revised), plan.unchanged) == (0, 0, len(before))
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "missing")) == before
    assert Observation.history.count() == history
    assert StatisticsImport.objects.count() == 1
    assert Partnership.objects.get().generation == generation
    assert neighbours_import(raw=NEIGHBOURS_FILE.read_bytes()).changed == 0


def test_a_newer_release_revises_figures_and_the_history_says_so(imported):
    indicator, *_ = imported
    text = TIMELINESS_FILE.read_text(encoding="utf-8-sig")
    # Suffolk's 2024 figure revised from 25.4 to 26.0 in a later release.
    old_row = next(
        line
        for line in text.splitlines()
        if line.startswith("2024,") and SUFFOLK in line and ",All EHC plans issued,All EHC" in line
    )
    cells = old_row.split(",")
    cells[16] = "26.0"
    revised = text.replace(old_row, ",".join(cells)).encode()
    plan, record = statistics_import_file(
        raw=revised, file_name="revised.csv", choice=choice(release="June 2026")
    )
    assert record is not None and (record.created, record.revised) == (0, 1)
    figure = Observation.objects.get(indicator=indicator, area__code=SUFFOLK, period="2024")
    assert figure.value == Decimal("26.0") and figure.release == "June 2026"
    history = list(figure.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("25.4"), Decimal("26.0")]
    assert history[-1].history_change_reason == "Revised in June 2026"
    assert Indicator.objects.get().release == "June 2026"


def test_suppressed_and_missing_figures_are_stored_as_missing_with_their_reason():
    """The 'x' of the CSV (e.g. a breakdown's other columns): never zero."""
    make_partnership("Suffolk", local_authority_codes=SUFFOLK)
    plan, _ = import_timeliness(
        column="pc_plans_issued_gt_1_year", name="Issued after a year (%)", higher_is_better=False
    )
    missing = Observation.objects.filter(value__isnull=True)
    assert missing.count() == plan.missing["x"] > 0
    assert set(missing.values_list("missing", flat=True)) == {"x"}
    assert not Observation.objects.filter(value=0, area__code=ENGLAND, period="2019").exists()
    england_2019 = Observation.objects.get(area__code=ENGLAND, period="2019")
    assert (england_2019.value, england_2019.get_missing_display()) == (None, "not available")
