"""Hidden Id and Version columns: which stored row each workbook row was when it left."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import InspectionKind, Respondent, ResponseJudgement
from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook, write_template
from coventry_inspect.services.evidence import (
    add_response,
    list_inspected_schools,
    list_key_questions,
)
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.store.database import Database

SHEETS = {
    "focused": {
        "Schools inspected": "inspected",
        "Telephone survey": "surveyed",
        "Key questions": "questions",
        "Responses": "responses",
        "Findings": "findings",
    },
    "lea": {
        "Findings": "findings",
        "Judgements": "judgements",
        "Recommendations": "recommendations",
    },
}


@pytest.fixture
def answered(examples_db: Database) -> InspectionSnapshot:
    """The focused example with two responses (it has none of its own)."""
    inspection = choose_inspection(examples_db, "COV-2013-03").id
    question = list_key_questions(examples_db, inspection)[0]
    for school in list_inspected_schools(examples_db, inspection)[:2]:
        add_response(
            examples_db,
            question.id,
            school.school_id,
            Respondent.HEADTEACHER,
            "The visit helped us plan.",
            ResponseJudgement.POSITIVE,
        )
    return read_snapshot(examples_db, inspection)


def problems_in(path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


def column_of(sheet: object, header: str) -> str:
    for cell in sheet[1]:  # type: ignore[index]
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(f"no {header} column")


@pytest.mark.parametrize("which", ["answered", "lea"])
def test_every_data_sheet_ends_with_hidden_ids_and_versions_that_read_back(
    which: str, request: pytest.FixtureRequest, out: Path
) -> None:
    original: InspectionSnapshot = request.getfixturevalue(which)
    export_workbook(original, out)
    workbook = load_workbook(out)
    imported = read_workbook(out)
    for name, part in SHEETS["lea" if which == "lea" else "focused"].items():
        sheet = workbook[name]
        headers = [c.value for c in sheet[1]]
        assert headers[-2:] == ["Id", "Version"], name
        for letter in (column_of(sheet, "Id"), column_of(sheet, "Version")):
            assert sheet.column_dimensions[letter].hidden, (name, letter)
        assert not sheet.column_dimensions["A"].hidden
        rows = getattr(original, part)
        assert rows, name
        cells = [
            (row[-2], row[-1]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]
        ]
        assert cells == [(str(r.row_id), r.version) for r in rows], name
        assert all(isinstance(version, int) for _, version in cells)
        back = getattr(imported, part)
        assert [(r.row_id, r.version) for r in back] == [(r.row_id, r.version) for r in rows]
        assert all(r.row_id is not None for r in back)
    assert imported.handout_id is None


@pytest.mark.parametrize("kind", list(InspectionKind))
def test_the_blank_template_has_the_columns_empty(kind: InspectionKind, out: Path) -> None:
    write_template(kind, out)
    workbook = load_workbook(out)
    name = "Key questions" if kind is InspectionKind.FOCUSED else "Judgements"
    sheet = workbook[name]
    assert [c.value for c in sheet[1]][-2:] == ["Id", "Version"]
    assert sheet.column_dimensions[column_of(sheet, "Id")].hidden
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    assert all(row[-2] is None and row[-1] is None for row in rows)
    assert "Hand-out" not in [c.value for c in workbook["Inspection"]["A"]]


def test_a_workbook_without_the_columns_imports_with_new_rows(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    for name in SHEETS["focused"]:
        sheet = workbook[name]
        sheet.delete_cols(sheet.max_column - 1, 2)
    workbook.save(out)
    imported = read_workbook(out)
    assert imported == focused
    for part in SHEETS["focused"].values():
        assert all(r.row_id is None and r.version is None for r in getattr(imported, part))


def test_blank_id_and_version_mean_a_new_row(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    questions = workbook["Key questions"]
    questions.append([9, "A question added in Excel", "All schools"])
    questions["D2"] = "  "
    questions["E2"] = None
    workbook.save(out)
    imported = read_workbook(out)
    assert imported.questions[0].row_id is None
    assert imported.questions[0].version is None
    assert imported.questions[-1].text == "A question added in Excel"
    assert imported.questions[-1].row_id is None
    assert imported.questions[1].row_id == focused.questions[1].row_id


def test_bad_ids_and_versions_are_named_by_sheet_row_and_column(
    answered: InspectionSnapshot, out: Path
) -> None:
    export_workbook(answered, out)
    workbook = load_workbook(out)
    schools = workbook["Schools inspected"]
    schools["H2"] = "not-an-id"
    schools["I3"] = 2.5
    schools["I4"] = 0
    schools["I5"] = None  # an Id without its Version
    schools["H6"] = None  # a Version without its Id
    responses = workbook["Responses"]
    responses["F2"] = "{" + str(responses["F2"].value) + "}"
    workbook.save(out)
    assert problems_in(out) == [
        'Schools inspected, row 2, column "Id": "not-an-id" is not a row id as exported (such '
        "as 3f2b8c1e-5d4a-4b6f-9e2d-1a7c0b9e8f61); put back the id it had, or clear it for a "
        "new row",
        'Schools inspected, row 3, column "Version": 2.5 is not a whole number',
        'Schools inspected, row 4, column "Version": 0 is not a version; versions start at 1',
        'Schools inspected, row 5, column "Version": is empty but the row has an Id; put back '
        "the version it was exported with, or clear the Id too for a new row",
        'Schools inspected, row 6, column "Id": is empty but the row has a Version; put back the '
        "id it was exported with, or clear the Version too for a new row",
        f'Responses, row 2, column "Id": "{responses["F2"].value}" is not a row id as exported '
        "(such as 3f2b8c1e-5d4a-4b6f-9e2d-1a7c0b9e8f61); put back the id it had, or clear it for "
        "a new row",
    ]


def test_a_copied_row_with_the_same_id_is_refused(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    findings = workbook["Findings"]
    copied = [c.value for c in findings[2]]
    copied[2] = 99
    findings.append(copied)
    workbook.save(out)
    last = findings.max_row
    identity = focused.findings[0].row_id
    assert problems_in(out) == [
        f'Findings, row {row}, column "Id": {identity} is the id of 2 rows (a copied row?); '
        "clear the Id and Version of the copies, which are new rows"
        for row in (2, last)
    ]


def test_a_hand_out_workbook_carries_its_id_in_a_hidden_inspection_row(
    focused: InspectionSnapshot, out: Path
) -> None:
    focused.handout_id = uuid.uuid4()
    export_workbook(focused, out)
    sheet = load_workbook(out)["Inspection"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    field, value = rows["Hand-out"]
    assert value.value == str(focused.handout_id)
    assert sheet.row_dimensions[field.row].hidden
    assert not sheet.row_dimensions[field.row - 1].hidden
    assert read_workbook(out).handout_id == focused.handout_id


def test_a_malformed_hand_out_id_is_an_error(focused: InspectionSnapshot, out: Path) -> None:
    focused.handout_id = uuid.uuid4()
    export_workbook(focused, out)
    workbook = load_workbook(out)
    sheet = workbook["Inspection"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Hand-out")
    row[1].value = "mine"
    workbook.save(out)
    assert problems_in(out) == [
        f'Inspection, row {row[0].row}, column "Value": "mine" is not a row id as exported (such '
        "as 3f2b8c1e-5d4a-4b6f-9e2d-1a7c0b9e8f61); put back the id it had, or clear it for a new "
        "row"
    ]
