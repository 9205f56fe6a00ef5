"""Dates written the way GOV.UK and inspection reports write them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=8192)
def format_date(value: dt.date | None) -> str:
    """'29 January 2026' (no leading zero). Remembered: pages print the same dates often."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_date_range(start: dt.date, end: dt.date) -> str:
    """'13 to 17 November 2023', '30 September to 4 October 2024', across years in full."""
    if start == end:
        return format_date(start)
    if start.year != end.year:
        return f"{format_date(start)} to {format_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {format_date(end)}"
    return f"{start.day} to {format_date(end)}"
