"""Read dates as reports and letters write them: "13 to 17 November 2023", "4 December 2023
to 8 December 2023", "Between 23 March 2026 and 25 March 2026", "30 December to 3 January".
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: index
    for index, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)

_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"

DATE_PATTERN = rf"{_WEEKDAY}{_DAY}\s+{_MONTH}\s+\d{{4}}"

_RANGE = re.compile(
    rf"(?:between\s+)?{_WEEKDAY}(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"\s*(?:to|until|and|-|–|—)\s*"
    rf"{_WEEKDAY}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})",
    re.IGNORECASE,
)

_SINGLE = re.compile(rf"{_WEEKDAY}(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})", re.I)


def _day(text: str) -> int:
    digits = re.match(r"\d+", text)
    assert digits is not None  # the patterns only call this on a day's digits
    return int(digits.group())


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), _MONTHS[month.lower()], _day(day))
    except (ValueError, KeyError):
        return None


def find_date_range(text: str) -> tuple[dt.date, dt.date, str] | None:
    """The first date or date range in `text`: (start, end, the words as printed)."""
    text = re.sub(r"\s+", " ", text)
    candidates = []
    match = _RANGE.search(text)
    if match:
        m1 = match["m1"] or match["m2"]
        y1 = match["y1"] or match["y2"]
        start = _make_date(match["d1"], m1, y1)
        end = _make_date(match["d2"], match["m2"], match["y2"])
        if start and end and not match["y1"] and start > end:
            start = _make_date(match["d1"], m1, str(int(y1) - 1))  # "30 December to 3 January"
        if start and end and start <= end:
            printed = re.sub(r"^between\s+", "", match.group(), flags=re.I).strip()
            candidates.append((match.start(), start, end, printed))
    single = _SINGLE.search(text)
    if single:
        day = _make_date(single["d"], single["m"], single["y"])
        if day:
            candidates.append((single.start(), day, day, single.group().strip()))
    if not candidates:
        return None
    _, start, end, printed = min(candidates, key=lambda c: (c[0], c[1] == c[2]))
    return start, end, printed


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    found = find_date_range(text)
    return (found[0], found[1]) if found else None


def find_date(text: str) -> dt.date | None:
    match = _SINGLE.search(re.sub(r"\s+", " ", text))
    return _make_date(match["d"], match["m"], match["y"]) if match else None
