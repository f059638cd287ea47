from datetime import date

import pytest

from coventry_inspect.domain.validation import (
    Problem,
    check_average_grade,
    check_dates_in_order,
    check_inadequate_category,
    check_inspected_school,
    check_lea_grade,
    check_required_text,
    check_school_grade,
    check_surveyed_grade,
    check_surveyed_school,
    check_urn,
)
from coventry_inspect.domain.vocabulary import InadequateCategory, PreviousGrade, SchoolGrade

SM = InadequateCategory.SPECIAL_MEASURES
SW = InadequateCategory.SERIOUS_WEAKNESSES


@pytest.mark.parametrize(
    ("outcome", "category", "message"),
    [
        (SchoolGrade.INADEQUATE, SM, None),
        (SchoolGrade.INADEQUATE, SW, None),
        (SchoolGrade.GOOD, None, None),
        (None, None, None),
        (SchoolGrade.INADEQUATE, None, "an Inadequate outcome needs a category"),
        (SchoolGrade.REQUIRES_IMPROVEMENT, SM, "Special measures needs an Inadequate outcome"),
        (None, SW, "Serious weaknesses needs an Inadequate outcome"),
    ],
)
def test_inadequate_category_exactly_when_inadequate(
    outcome: SchoolGrade | None, category: InadequateCategory | None, message: str | None
) -> None:
    problems = check_inadequate_category(outcome, category)
    if message is None:
        assert problems == []
    else:
        assert [p.field for p in problems] == ["Inadequate category"]
        assert message in problems[0].message


@pytest.mark.parametrize(
    ("grade", "ok"),
    [
        (PreviousGrade.OUTSTANDING, True),
        (PreviousGrade.GOOD, True),
        (PreviousGrade.SATISFACTORY, False),
        (PreviousGrade.REQUIRES_IMPROVEMENT, False),
        (PreviousGrade.INADEQUATE, False),
        (PreviousGrade.NOT_PREVIOUSLY_INSPECTED, False),
    ],
)
def test_surveyed_schools_were_good_or_outstanding(grade: PreviousGrade, ok: bool) -> None:
    problems = check_surveyed_grade(grade)
    assert (problems == []) is ok
    if not ok:
        assert grade.label.lower() in problems[0].message


@pytest.mark.parametrize(
    ("urn", "ok"),
    [
        ("103700", True),
        ("990001", True),
        ("10370", False),
        ("1037000", False),
        ("10370a", False),
        ("", False),
        (" 103700", False),
    ],
)
def test_urn_is_six_digits(urn: str, ok: bool) -> None:
    assert (check_urn(urn) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"), [(None, True), (1, True), (4, True), (0, False), (5, False)]
)
def test_school_grade_range(value: int | None, ok: bool) -> None:
    assert (check_school_grade(value) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"), [(None, True), (1, True), (7, True), (0, False), (8, False)]
)
def test_lea_grade_range(value: int | None, ok: bool) -> None:
    assert (check_lea_grade(value) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [(None, True), (1.0, True), (3.4, True), (7.0, True), (0.9, False), (7.1, False)],
)
def test_average_grade_range(value: float | None, ok: bool) -> None:
    assert (check_average_grade(value) == []) is ok


@pytest.mark.parametrize(
    ("start", "end", "letter", "fields"),
    [
        (date(2013, 3, 11), date(2013, 3, 15), date(2013, 4, 10), []),
        (date(2013, 3, 11), date(2013, 3, 11), None, []),
        (None, None, None, []),
        (date(2013, 3, 15), date(2013, 3, 11), None, ["End date"]),
        (date(2013, 3, 11), date(2013, 3, 15), date(2013, 3, 12), ["Letter date"]),
        (date(2013, 3, 11), None, date(2013, 3, 10), ["Letter date"]),
        (date(2013, 3, 15), date(2013, 3, 11), date(2013, 3, 1), ["End date", "Letter date"]),
    ],
)
def test_dates_in_order(
    start: date | None, end: date | None, letter: date | None, fields: list[str]
) -> None:
    assert [p.field for p in check_dates_in_order(start, end, letter)] == fields


def test_school_checks_report_every_problem_at_once() -> None:
    problems = check_inspected_school("12", SchoolGrade.INADEQUATE, None)
    assert [p.field for p in problems] == ["URN", "Inadequate category"]
    problems = check_surveyed_school("12", PreviousGrade.SATISFACTORY)
    assert [p.field for p in problems] == ["URN", "Grade at last inspection"]


def test_required_text() -> None:
    assert check_required_text("  ", "Statement") == [Problem("Statement", "Statement is required")]
    assert check_required_text("x", "Statement") == []
    assert str(Problem("URN", "bad")) == "URN: bad"
