"""One cell's value, in and out.

Out: dates and numbers stay dates and numbers; text that a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe,
so it shows as typed and never runs (OWASP's advice on CSV injection).
In: the apostrophe guard comes off again; text dates in British (31/03/2026, 31 March 2026)
or ISO (2026-03-31) form are dates; "1,234.5" and "45%" are numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
# Excel's day 0 for serial dates (1900 system, after its leap-year bug).
EXCEL_EPOCH = dt.date(1899, 12, 30)

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def neutralise(value: Any) -> Any:
    """A value as it goes into a spreadsheet: text that could run as a formula is guarded."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def unguard(text: str) -> str:
    """Text as it was before `neutralise`."""
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def to_json(value: Cell) -> Any:
    """A cell as stored between the upload and the save: dates tagged, numbers as text
    (exact), text as is."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return {"date": value.date().isoformat()}
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return {"number": str(value)}
    if value is None:
        return None
    return str(value)


def as_text(value: Any) -> str:
    """A stored cell as a person would read it, trimmed."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"]).strftime("%d/%m/%Y")
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"]).strftime("%d/%m/%Y %H:%M")
        number = value.get("number", "")
        try:
            return format(Decimal(number).normalize(), "f")
        except InvalidOperation:
            return str(number)
    return unguard(str(value)).strip()


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_NUMERIC = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
)
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-]([a-z]+)\.?,?[ \-](\d{4})$")


class NotADate(ValueError):
    pass


def parse_date(value: Any) -> dt.date | None:
    """A stored cell as a date (None when blank); NotADate when it is not one.

    Text is read as ISO (2026-03-31) or British day first (31/03/2026, 31-03-26, 31 March
    2026); a number as Excel's serial date, when it is one in this century."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"]).date()
        try:
            serial = Decimal(value.get("number", ""))
        except InvalidOperation:
            raise NotADate from None
        if serial == serial.to_integral_value() and 36526 <= serial <= 73051:  # 2000 to 2100
            return EXCEL_EPOCH + dt.timedelta(days=int(serial))
        raise NotADate
    text = as_text(value).lower()
    if not text:
        return None
    try:
        if match := _ISO.match(text):
            year, month, day = (int(part) for part in match.groups())
        elif match := _NUMERIC.match(text):
            day, month, year = (int(part) for part in match.groups())
            year += 2000 if year < 100 else 0
        elif match := _WORDS.match(text):
            day, year = int(match.group(1)), int(match.group(3))
            month = _MONTHS.get(match.group(2), 0)
        else:
            raise NotADate
        return dt.date(year, month, day)
    except ValueError:
        raise NotADate from None


class NotANumber(ValueError):
    pass


def parse_number(value: Any) -> Decimal | None:
    """A stored cell as a number (None when blank); NotANumber when it is not one. Accepts
    thousands separators and a trailing per cent sign."""
    if value is None or value == "":
        return None
    if isinstance(value, dict) and "number" in value:
        text = value["number"]
    elif isinstance(value, dict):
        raise NotANumber
    else:
        text = as_text(value).replace(",", "").removesuffix("%").strip()
        if not text:
            return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NotANumber from None
    if not number.is_finite():
        raise NotANumber
    return number
