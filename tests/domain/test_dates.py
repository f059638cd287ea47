"""Dates typed the ways inspectors type them are read day-first; anything else is refused."""

from __future__ import annotations

from datetime import date

import pytest

from coventry_inspect.domain.dates import ACCEPTED, DateError, format_date, parse_date


@pytest.mark.parametrize(
    "typed",
    [
        "10/3/2014",
        "10/03/14",
        "10 Mar 2014",
        "10 March 2014",
        "2014-03-10",
        "10.3.2014",
        "10-03-2014",
        "10 3 2014",
        "  10   MARCH  2014 ",
        "10th March 2014",
        "10 Mar. 14",
        "10-Mar-2014",
        "March 10, 2014",
        "10 marc 2014",
    ],
)
def test_the_forms_inspectors_type_mean_10_march_2014(typed: str) -> None:
    assert parse_date(typed) == date(2014, 3, 10)


def test_the_dates_the_telephone_survey_got_wrong() -> None:
    assert parse_date("12 March 2014") == date(2014, 3, 12)  # stored 12 Nov 2014 before
    assert parse_date("13 3 2014") == date(2014, 3, 13)  # stored 13 Nov 3201 before
    assert parse_date("1/12/2014") == date(2014, 12, 1)  # day first, as in the UK
    assert parse_date("Sept 1 2014") == date(2014, 9, 1)


def test_blank_means_no_date() -> None:
    assert parse_date("") is None
    assert parse_date("   ") is None


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("not set0March2014", f'"not set0March2014" is not a date: type it as {ACCEPTED}'),
        ("10 March", f'"10 March" is not a date: type it as {ACCEPTED}'),
        ("10/3", f'"10/3" is not a date: type it as {ACCEPTED}'),
        ("13 3 20145", f'"13 3 20145" is not a date: type it as {ACCEPTED}'),
        ("10/3/201", f'"10/3/201" is not a date: type it as {ACCEPTED}'),
        ("10 March 2014 or so", f'"10 March 2014 or so" is not a date: type it as {ACCEPTED}'),
        ("10/3-2014", f'"10/3-2014" is not a date: type it as {ACCEPTED}'),
        ("Monday", f'"Monday" is not a date: type it as {ACCEPTED}'),
        (
            "10 Marhc 2014",
            f'"10 Marhc 2014" is not a date: "marhc" is not a month; type it as {ACCEPTED}',
        ),
        ("10 Ma 2014", f'"10 Ma 2014" is not a date: "ma" is not a month; type it as {ACCEPTED}'),
        ("10/13/2014", '"10/13/2014" is not a date: there is no month 13'),
        ("3/10/2014 ", None),
        ("31/2/2014", '"31/2/2014" is not a date: February 2014 has 28 days'),
        ("29 Feb 2015", '"29 Feb 2015" is not a date: February 2015 has 28 days'),
        ("0/3/2014", '"0/3/2014" is not a date: March 2014 has 31 days'),
        ("10/3/1850", '"10/3/1850" is not a date: the year must be from 1900 to 2099'),
    ],
)
def test_what_cannot_be_read_exactly_is_refused_with_the_reason(
    typed: str, reason: str | None
) -> None:
    if reason is None:  # a control: the same shape, readable, is read
        assert parse_date(typed) == date(2014, 10, 3)
        return
    with pytest.raises(DateError) as refused:
        parse_date(typed)
    assert str(refused.value) == reason


def test_leap_day_and_the_form_read_back() -> None:
    assert parse_date("29/2/16") == date(2016, 2, 29)
    assert format_date(date(2014, 3, 10)) == "10 March 2014"
    assert format_date(date(2014, 3, 1)) == "1 March 2014"
    assert parse_date(format_date(date(2014, 11, 30))) == date(2014, 11, 30)
