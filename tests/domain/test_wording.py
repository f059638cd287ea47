from datetime import date

import pytest

from coventry_inspect.domain.wording import date_range, long_date


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2013, 3, 11), date(2013, 3, 15), "11 to 15 March 2013"),
        (date(2004, 5, 1), date(2004, 5, 31), "May 2004"),
        (date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
        (date(2024, 2, 1), date(2024, 2, 28), "1 to 28 February 2024"),
        (date(2013, 3, 28), date(2013, 4, 2), "28 March to 2 April 2013"),
        (date(2013, 12, 30), date(2014, 1, 3), "30 December 2013 to 3 January 2014"),
        (date(2013, 3, 11), None, "11 March 2013"),
        (date(2013, 3, 11), date(2013, 3, 11), "11 March 2013"),
        (None, date(2013, 3, 11), ""),
    ],
)
def test_date_range(start: date | None, end: date | None, text: str) -> None:
    assert date_range(start, end) == text


def test_long_date_has_no_leading_zero() -> None:
    assert long_date(date(2013, 4, 1)) == "1 April 2013"
