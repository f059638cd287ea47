"""Dates as inspectors type them: UK day-first, with the month as a number, a name or an
abbreviation, and the year in two or four digits (two-digit years are 20xx).

One parser for every date field of the GUI. It refuses, naming the forms it takes, anything it
cannot read exactly: a missing year, words after the date, a day the month does not have. (The
workbook reader keeps its own stricter rules.)
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

ACCEPTED = "10/3/2014, 10/03/14, 10 Mar 2014, 10 March 2014 or 2014-03-10"
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099

MONTHS = (
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
)
_NUMERIC = re.compile(r"(\d{1,2})\s*([/.\- ])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*([a-z]+)\.?[\s\-/.,]*(\d{2}|\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?[\s,]+(\d{2}|\d{4})")


class DateError(ValueError):
    """Text that is not a date this parser can read exactly; the message says why."""


def parse_date(text: str) -> date | None:
    """The date ``text`` means, or None when it is blank; DateError when it cannot be read."""
    typed = " ".join(text.split())
    if not typed:
        return None
    wanted = typed.casefold()
    if match := _ISO.fullmatch(wanted):
        year, _, month, day = match.groups()
        return _checked(typed, int(day), int(month), int(year))
    if match := _NUMERIC.fullmatch(wanted):
        day, _, month, year = match.groups()
        return _checked(typed, int(day), int(month), _year(year))
    if match := _DAY_FIRST.fullmatch(wanted):
        day, month, year = match.groups()
        return _checked(typed, int(day), _month(typed, month), _year(year))
    if match := _MONTH_FIRST.fullmatch(wanted):
        month, day, year = match.groups()
        return _checked(typed, int(day), _month(typed, month), _year(year))
    raise DateError(f'"{typed}" is not a date: type it as {ACCEPTED}')


def format_date(value: date) -> str:
    """How a date reads back to the person who typed it: "10 March 2014"."""
    return f"{value.day} {value:%B %Y}"


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _month(typed: str, word: str) -> int:
    """The month a name or an abbreviation of at least three letters stands for ("Sept" too)."""
    if len(word) >= 3:
        for number, name in enumerate(MONTHS, start=1):
            if name.startswith(word):
                return number
    raise DateError(f'"{typed}" is not a date: "{word}" is not a month; type it as {ACCEPTED}')


def _checked(typed: str, day: int, month: int, year: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f'"{typed}" is not a date: there is no month {month}')
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateError(
            f'"{typed}" is not a date: the year must be from {EARLIEST_YEAR} to {LATEST_YEAR}'
        )
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(
            f'"{typed}" is not a date: {MONTHS[month - 1].title()} {year} has {days} days'
        )
    return date(year, month, day)
