"""How dates and periods read in the letter and the lists."""

from __future__ import annotations

import calendar
from datetime import date


def long_date(day: date) -> str:
    """'10 April 2013'."""
    return f"{day.day} {day:%B %Y}"


def date_range(start: date | None, end: date | None) -> str:
    """'11 to 15 March 2013'; 'May 2004' for a whole month; '' when the start is unknown."""
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month and start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"{start:%B %Y}"
    if same_month:
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"
