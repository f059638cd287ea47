"""A workbook's structure and values are read strictly: what could be misread is refused,
naming sheet, row, column and what is accepted; nothing is ever read as "no rows"."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot

GRADES = (
    "use 1 Outstanding, 2 Good, 3 Requires improvement or 4 Inadequate (the number or the words)"
)
FOCUSED_SHEETS = (
    "a focused inspection workbook has Inspection, Schools inspected, Telephone survey, "
    "Key questions, Responses and Findings sheets (an empty one means none)"
)


def problems_in(path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def exported(focused: InspectionSnapshot, out: Path) -> Path:
    export_workbook(focused, out)
    return out


def test_a_deleted_sheet_is_an_error_not_no_rows(exported: Path) -> None:
    workbook = load_workbook(exported)
    del workbook["Findings"]
    workbook["Schools inspected"].title = "Schools"
    workbook.save(exported)
    assert problems_in(exported) == [
        f'Schools inspected, row 1, column "URN": this sheet is missing (deleted or renamed?); '
        f"{FOCUSED_SHEETS}",
        f'Findings, row 1, column "Kind": this sheet is missing (deleted or renamed?); '
        f"{FOCUSED_SHEETS}",
    ]


def test_an_lea_workbook_needs_its_own_sheets(lea: InspectionSnapshot, out: Path) -> None:
    export_workbook(lea, out)
    workbook = load_workbook(out)
    del workbook["Recommendations"]
    workbook.save(out)
    assert problems_in(out) == [
        'Recommendations, row 1, column "Section": this sheet is missing (deleted or renamed?); '
        "an LEA inspection workbook has Inspection, Findings, Judgements and Recommendations "
        "sheets (an empty one means none)"
    ]


def test_a_blanked_header_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook["Schools inspected"]["G1"] = None  # Notes
    workbook.save(exported)
    assert problems_in(exported) == [
        'Schools inspected, row 1, column "G": this column has values but no header',
    ]


def test_a_deleted_column_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook["Telephone survey"].delete_cols(5)  # Call date
    workbook.save(exported)
    assert problems_in(exported) == [
        'Telephone survey, row 1, column "Call date": this column is missing (was its header '
        "changed?)",
    ]


def test_a_repeated_header_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook["Schools inspected"]["H1"] = " notes "
    workbook["Schools inspected"]["H2"] = "Which notes are meant?"
    workbook.save(exported)
    assert problems_in(exported) == [
        'Schools inspected, row 1, column "notes": this header is in columns G and H; keep one',
    ]


def test_a_deleted_or_repeated_inspection_field_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    sheet = workbook["Inspection"]
    summary = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Summary")
    sheet.delete_rows(summary)
    sheet.append(["Copy to", "Someone else"])
    workbook.save(exported)
    problems = problems_in(exported)
    assert problems[0].endswith("is also in row 15; keep one")
    assert problems[1] == (
        'Inspection, row 1, column "Field": there is no Summary row (deleted or renamed?); '
        "add a row with Field Summary"
    )


def test_extra_sheets_and_columns_are_ignored(exported: Path, focused: InspectionSnapshot) -> None:
    workbook = load_workbook(exported)
    workbook.create_sheet("My notes")["XFD1048576"] = "far away, but not ours"
    workbook["Schools inspected"]["L1"] = "Mine"
    workbook["Schools inspected"]["M1"] = "Mine"  # repeated, but not a column of the contract
    workbook.save(exported)
    assert read_workbook(exported) == focused


LOOSE = [
    ("Schools inspected", "E2", 1.5, f"1.5 is not a grade; {GRADES}"),
    ("Schools inspected", "E2", "3.9", f'"3.9" is not a grade; {GRADES}'),
    ("Schools inspected", "E2", "2 Outstanding", f'"2 Outstanding" is not a grade; {GRADES}'),
    ("Schools inspected", "E2", "Grade 1", f'"Grade 1" is not a grade; {GRADES}'),
    (
        "Schools inspected",
        "C2",
        "primry",
        '"primry" is not a phase; use Nursery, Infant, Junior, Primary, Middle, Secondary, '
        "All-through, Special or Pupil referral unit",
    ),
    (
        "Telephone survey",
        "E2",
        "2013-03-11 (tbc)",
        '"2013-03-11 (tbc)" is not a date; use a date cell, or text such as 2013-03-11 or '
        "11/03/2013",
    ),
    (
        "Telephone survey",
        "E2",
        "20130311",
        '"20130311" is not a date; use a date cell, or text such as 2013-03-11 or 11/03/2013',
    ),
    (
        "Telephone survey",
        "E2",
        datetime(2013, 3, 11, 14, 30),
        "2013-03-11 14:30 has a time of day; use a date cell, or text such as 2013-03-11 or "
        "11/03/2013 without a time",
    ),
    ("Telephone survey", "E2", "31/02/2013", '"31/02/2013" is not a day of the calendar'),
    (
        "Schools inspected",
        "A2",
        "１２３４５６",
        '"１２３４５６" is not a URN; a URN is six digits 0-9',
    ),
    ("Schools inspected", "A2", "1234567", '"1234567" is not a URN; a URN is six digits 0-9'),
    ("Key questions", "A2", "１", '"１" is not a whole number'),
    ("Key questions", "A2", 1.5, "1.5 is not a whole number"),
    ("Schools inspected", "B2", "N" * 301, "301 characters is too long; at most 300 fit here"),
    ("Inspection", "B2", "R" * 32_767, "32,767 characters is too long; at most 40 fit here"),
    ("Inspection", "B2", " COV-2013-03", '" COV-2013-03" starts or ends with spaces; remove them'),
]


@pytest.mark.parametrize(("sheet", "cell", "value", "message"), LOOSE)
def test_a_loose_value_is_refused_naming_what_is_accepted(
    exported: Path, sheet: str, cell: str, value: Any, message: str
) -> None:
    workbook = load_workbook(exported)
    workbook[sheet][cell] = value
    workbook[sheet][cell].data_type = (
        "s" if isinstance(value, str) else workbook[sheet][cell].data_type
    )
    workbook.save(exported)
    column = str(workbook[sheet].cell(1, workbook[sheet][cell].column).value)
    if sheet == "Inspection":
        column = "Value"
    assert problems_in(exported) == [f'{sheet}, row {cell[1:]}, column "{column}": {message}']


def test_values_that_mean_one_thing_are_taken(exported: Path) -> None:
    workbook = load_workbook(exported)
    schools, survey = workbook["Schools inspected"], workbook["Telephone survey"]
    schools["E2"], schools["E3"], schools["E4"] = 2.0, " requires   IMPROVEMENT ", "1"
    schools["C2"] = "  PUPIL  referral unit "
    survey["E2"], survey["E3"] = "11/03/2013", datetime(2013, 3, 12)
    workbook.save(exported)
    imported = read_workbook(exported)
    assert [s.outcome_grade for s in imported.inspected[:3]] == [
        SchoolGrade.GOOD,
        SchoolGrade.REQUIRES_IMPROVEMENT,
        SchoolGrade.OUTSTANDING,
    ]
    assert imported.inspected[0].phase.label == "Pupil referral unit"
    assert [s.call_date for s in imported.surveyed[:2]] == [date(2013, 3, 11), date(2013, 3, 12)]


def test_a_formula_never_calculated_is_refused_not_read_as_empty(exported: Path) -> None:
    """openpyxl (and other programs that do not calculate) save a formula with no value: read
    as empty, it would wipe the notes it replaced. One a spreadsheet calculated is its value."""
    workbook = load_workbook(exported)
    workbook["Schools inspected"]["G2"] = "=1+1"
    workbook["Schools inspected"]["G3"] = '=A3&" note"'
    workbook.save(exported)
    calculated = "holds a formula that was never calculated"
    assert [p for p in problems_in(exported) if calculated in p] == [
        f'Schools inspected, row 2, column "Notes": {calculated} (the program that saved it does '
        "not calculate); type the value itself, or open and save it in Excel or LibreOffice",
        f'Schools inspected, row 3, column "Notes": {calculated} (the program that saved it does '
        "not calculate); type the value itself, or open and save it in Excel or LibreOffice",
    ]


@pytest.mark.parametrize("number", [13, -5, 1000])
def test_a_number_in_a_date_cell_is_not_a_day_of_1900(exported: Path, number: int) -> None:
    workbook = load_workbook(exported)
    cell = workbook["Telephone survey"]["E2"]
    cell.value = number  # the column is formatted as dates: Excel shows 13/01/1900
    workbook.save(exported)
    [problem] = problems_in(exported)
    assert problem.startswith('Telephone survey, row 2, column "Call date": ')
    assert problem.endswith(
        "is before 1990: a number typed into a date cell reads as a day of 1900; use a date "
        "cell, or text such as 2013-03-11 or 11/03/2013"
    )


def test_a_long_number_in_a_text_column_is_refused_not_rounded(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook["Schools inspected"]["G2"] = 1234567890123456789  # Excel keeps 15 digits of it
    workbook["Schools inspected"]["G3"] = 123456789012345  # 15 digits: exact
    workbook.save(exported)
    assert problems_in(exported) == [
        'Schools inspected, row 2, column "Notes": 1.23457e+18 is a number with more digits than '
        "a spreadsheet keeps exactly; format the cell as text and type it again"
    ]
