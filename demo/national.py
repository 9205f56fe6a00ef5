"""The demo's national statistics: real DfE figures (fixtures/NOTICE), not illustrative.

The EHC plan timeliness rows for England, the regions, Suffolk, Bexley and their
statistical neighbours, and those neighbours, imported as the installation's staff would.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from benchmarks.services import IndicatorChoice, neighbours_import, statistics_import_file

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
# Real national statistics (fixtures/NOTICE): the EHC plan timeliness rows for England, the
# regions, Suffolk, Bexley and their statistical neighbours, and those neighbours.
STATISTICS_FILE = DEMO_DIR / "ehcp_timeliness_20_week_extract.csv"
NEIGHBOURS_FILE = DEMO_DIR / "statistical_neighbours_extract.csv"
TIMELINESS = IndicatorChoice(
    column="pc_plans_issued_within_20_weeks",
    breakdown=("All EHC plans issued", "All EHC plans issued"),
    name="New EHC plans issued within 20 weeks (%)",
    unit="percent",
    higher_is_better=True,
    source="DfE, Education, health and care plans (Explore Education Statistics)",
    release="June 2025 release (calendar years 2019 to 2024)",
)


def load_national_statistics() -> tuple[int, int]:
    """The real EHC plan timeliness series and statistical neighbours (an import that
    changes nothing the second time): how many figures were added, and how many figures
    and neighbour links changed."""
    raw = STATISTICS_FILE.read_bytes()
    plan, record = statistics_import_file(
        raw=raw, file_name=STATISTICS_FILE.name, choice=TIMELINESS
    )
    created, changed = (record.created, record.revised) if record is not None else (0, 0)
    return created, changed + neighbours_import(raw=NEIGHBOURS_FILE.read_bytes()).changed
