"""A small focused inspection, its workbook, and edits made to the workbook as an inspector
makes them in a spreadsheet (cells found by their sheet's headers)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    SchoolGrade,
)
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services import merge_base
from coventry_inspect.services.letter import final_blocks
from coventry_inspect.services.snapshot import (
    FindingRow,
    InspectedRow,
    InspectionSnapshot,
    QuestionRow,
    ResponseRow,
    SurveyedRow,
    read_snapshot,
    replace_inspection,
)
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Handout

REFERENCE = "COV-2013-09"


def small_inspection() -> InspectionSnapshot:
    """Three inspected schools and a surveyed one, two key questions, a response from each
    inspected school's headteacher to each, and two findings."""
    inspected = [
        InspectedRow(urn, f"School {urn}", Phase.PRIMARY, PreviousGrade.GOOD, SchoolGrade.GOOD)
        for urn in ("990001", "990002", "990003")
    ]
    surveyed = [SurveyedRow("990010", "School 990010", Phase.SECONDARY, PreviousGrade.GOOD)]
    questions = [
        QuestionRow(1, "How well does the authority know its schools?"),
        QuestionRow(2, "How well does it challenge them?", AskedOf.ALL_SCHOOLS),
    ]
    responses = [
        ResponseRow(r.urn, q.number, Respondent.HEADTEACHER, f"Answer {r.urn}/{q.number}")
        for r in inspected
        for q in questions
    ]
    findings = [
        FindingRow(FindingKind.STRENGTH, "", 1, "Schools know where they stand."),
        FindingRow(FindingKind.AREA_FOR_IMPROVEMENT, "", 1, "Challenge is uneven."),
    ]
    details = Details(
        REFERENCE,
        InspectionKind.FOCUSED,
        "Coventry",
        "331",
        start_date=date(2013, 3, 11),
        end_date=date(2013, 3, 15),
    )
    return InspectionSnapshot(
        details,
        inspected=inspected,
        surveyed=surveyed,
        questions=questions,
        responses=responses,
        findings=findings,
    )


def install(db: Database) -> uuid.UUID:
    return replace_inspection(db, small_inspection())


def export(db: Database, inspection_id: uuid.UUID, path: Path) -> Path:
    export_workbook(read_snapshot(db, inspection_id), path, final_blocks(db, inspection_id))
    return path


def hand_out(
    db: Database, inspection_id: uuid.UUID, path: Path, urns: set[str], inspector: str
) -> Path:
    """What Export for inspector does: a workbook of some schools (and every key question),
    its hand-out recorded with what each row was when it left."""
    snapshot = read_snapshot(db, inspection_id)
    snapshot.inspected = [r for r in snapshot.inspected if r.urn in urns]
    snapshot.surveyed = [r for r in snapshot.surveyed if r.urn in urns]
    snapshot.responses = [r for r in snapshot.responses if r.urn in urns]
    with db.session() as session:
        handout = Handout(
            inspection_id=inspection_id, inspector=inspector, schools=",".join(sorted(urns))
        )
        session.add(handout)
        session.flush()
        snapshot.handout_id = handout.id
        rows = [*snapshot.inspected, *snapshot.surveyed, *snapshot.questions, *snapshot.responses]
        merge_base.record(session, str(handout.id), inspection_id, rows)
    export_workbook(snapshot, path)  # its letter as these schools alone would make it
    return path


def _find(sheet: Any, where: dict[str, Any]) -> tuple[dict[str, int], int]:
    headers = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    for row in range(2, sheet.max_row + 1):
        if all(str(sheet.cell(row, headers[h]).value) == str(v) for h, v in where.items()):
            return headers, row
    raise AssertionError(f"no row {where} in {sheet.title}")


def set_cell(path: Path, sheet_name: str, where: dict[str, Any], header: str, value: Any) -> None:
    """Change one cell of the row matching ``where`` (header → value)."""
    book = load_workbook(path)
    headers, row = _find(book[sheet_name], where)
    book[sheet_name].cell(row, headers[header]).value = value
    book.save(path)


def delete_row(path: Path, sheet_name: str, where: dict[str, Any]) -> None:
    book = load_workbook(path)
    _headers, row = _find(book[sheet_name], where)
    book[sheet_name].delete_rows(row)
    book.save(path)


def add_row(path: Path, sheet_name: str, values: dict[str, Any]) -> None:
    book = load_workbook(path)
    sheet = book[sheet_name]
    headers = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row, headers[header]).value = value
    book.save(path)


def strip_ids(path: Path) -> None:
    """The workbook as one filled in from a template or an older export: no Id, no Version."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        for cell in reversed(list(sheet[1])):
            if str(cell.value).strip() in ("Id", "Version"):
                sheet.delete_cols(cell.column)
    book.save(path)
