"""Importing workbooks: by header name, every problem at once, exact round trips."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot, replace_inspection
from coventry_inspect.store.database import open_database


def problems_in(path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("which", ["focused", "lea"])
def test_export_then_import_reproduces_the_inspection(
    which: str, request: pytest.FixtureRequest, out: Path, tmp_path: Path
) -> None:
    original: InspectionSnapshot = request.getfixturevalue(which)
    export_workbook(original, out)
    imported = read_workbook(out)
    assert imported == original
    fresh = open_database(str(tmp_path / "fresh.sqlite"))
    try:
        stored = read_snapshot(fresh, replace_inspection(fresh, imported))
    finally:
        fresh.close()
    assert stored == original


def test_headers_and_sheets_match_loosely(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    schools = workbook["Schools inspected"]
    for cell in schools[1]:
        cell.value = f"  {str(cell.value).upper()} "
    schools.move_range("A1:A12", cols=10)  # URN moves to the end, after the hidden Id, Version
    schools.delete_cols(1)
    schools["Z1"] = "Inspector's private column"
    schools["Z2"] = "ignored"
    workbook["Telephone survey"].title = " telephone SURVEY "
    workbook.create_sheet("My working notes")["A1"] = "anything"
    del workbook["Letter"]
    workbook.save(out)
    focused.rewordings = []  # they ride on the Letter sheet, deleted here
    assert read_workbook(out) == focused


def test_empty_sheets_under_their_header_mean_no_rows(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    for name in ("Telephone survey", "Responses"):
        workbook[name].delete_rows(2, workbook[name].max_row)
    workbook.save(out)
    imported = read_workbook(out)
    assert imported.surveyed == []
    assert imported.responses == []
    assert imported.inspected == focused.inspected


def test_iso_date_text_and_numeric_urns_are_accepted(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    survey = workbook["Telephone survey"]
    survey["E2"] = "2013-03-12"
    survey["A2"] = int(str(survey["A2"].value))
    workbook["Inspection"]["B6"] = "2013-03-11"  # Start date as ISO text
    workbook["Schools inspected"]["E2"] = 1  # grade as its number
    workbook.save(out)
    imported = read_workbook(out)
    assert imported.surveyed[0].call_date == date(2013, 3, 12)
    assert imported.surveyed[0].urn == focused.surveyed[0].urn
    assert imported.details.start_date == date(2013, 3, 11)
    assert imported.inspected[0].outcome_grade == focused.inspected[0].outcome_grade


def test_every_problem_is_reported_with_sheet_row_and_column(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    schools = workbook["Schools inspected"]
    schools["A3"] = "12345"
    schools["C4"] = "Kindergarten"
    schools["F5"] = "Special measures"  # the outcome in row 5 is Good
    survey = workbook["Telephone survey"]
    survey["D2"] = "Satisfactory"
    survey["E3"] = "next Tuesday"
    responses = workbook["Responses"]
    responses.append(["990001", 7, "Headteacher", "We value the support", "Positive"])
    responses.append(["123456", 1, "Caretaker", "", ""])
    workbook["Inspection"]["B7"] = date(2013, 3, 1)  # end before start
    workbook.save(out)
    assert problems_in(out) == [
        'Inspection, row 7, column "Value": the end date 2013-03-01 is before the start date '
        "2013-03-11",
        'Schools inspected, row 3, column "URN": "12345" is not a URN; a URN is six digits 0-9',
        'Schools inspected, row 4, column "Phase": "Kindergarten" is not a phase; use Nursery, '
        "Infant, Junior, Primary, Middle, Secondary, All-through, Special or Pupil referral unit",
        'Schools inspected, row 5, column "Inadequate category": Special measures needs an '
        "Inadequate outcome",
        'Telephone survey, row 2, column "Grade at last inspection": surveyed schools were good '
        "or outstanding at their last inspection, not satisfactory",
        'Telephone survey, row 3, column "Call date": "next Tuesday" is not a date; use a date '
        "cell, or text such as 2013-03-11 or 11/03/2013",
        'Responses, row 3, column "Respondent": "Caretaker" is not a respondent; use Headteacher, '
        "Chair of governors, Governor or Other",
    ]


def test_references_across_sheets_are_checked(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    responses = workbook["Responses"]
    responses.append(["990001", 7, "Headteacher", "We value the support", "Positive"])
    responses.append(["123456", 1, "Governor", "Yes", ""])
    workbook["Key questions"]["A3"] = 1
    workbook.save(out)
    assert problems_in(out) == [
        'Key questions, row 2, column "No": 1 appears 2 times',
        'Key questions, row 3, column "No": 1 appears 2 times',
        'Responses, row 2, column "Question No": there is no key question 7',
        'Responses, row 3, column "URN": 123456 is not among the schools inspected or surveyed',
    ]


def test_lea_problems(lea: InspectionSnapshot, out: Path) -> None:
    export_workbook(lea, out)
    workbook = load_workbook(out)
    judgements = workbook["Judgements"]
    judgements["D2"] = 9
    judgements["E3"] = "yes"
    judgements["A4"] = "9.9"
    judgements["H5"] = "about three"
    workbook["Recommendations"]["D2"] = "Perhaps"
    workbook.create_sheet("Schools inspected").append(["URN", "School"])
    workbook["Schools inspected"].append(["103700", "Somewhere Primary"])
    workbook.save(out)
    assert problems_in(out) == [
        'Schools inspected, row 2, column "URN": an LEA inspection has no schools inspected sheet; '
        "remove its rows or change the Kind",
        'Judgements, row 2, column "Grade": 9 is not a grade; use 1 Very good, 2 Good, '
        "3 Highly satisfactory, 4 Satisfactory, 5 Unsatisfactory, 6 Poor or 7 Very poor "
        "(the number or the words)",
        'Judgements, row 3, column "Fieldwork": "yes" is not blank or NF',
        "Judgements, row 4, column \"No\": '9.9' is not a judgement of the 2004 framework",
        'Judgements, row 5, column "Average grade": "about three" is not a number from 1 to 7',
        'Recommendations, row 2, column "Key": "Perhaps" is not Yes or No',
    ]


def test_missing_columns_and_inspection_fields(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    workbook["Schools inspected"].delete_cols(3)  # Phase
    workbook["Inspection"]["B2"] = None  # Reference
    workbook.save(out)
    assert problems_in(out) == [
        'Inspection, row 2, column "Value": Reference is required',
        'Schools inspected, row 1, column "Phase": this column is missing (was its header '
        "changed?)",
    ]
