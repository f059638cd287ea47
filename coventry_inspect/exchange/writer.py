"""Writing inspection workbooks: a Letter sheet, then data sheets with drop-downs and dates."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.key_questions import STANDARD_KEY_QUESTIONS
from coventry_inspect.domain.letter import Block
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.exchange import layout
from coventry_inspect.exchange.analysis_sheet import add_analysis_sheet
from coventry_inspect.exchange.cells import BODY_FONT, THIN, set_value, style_header
from coventry_inspect.exchange.letter_sheet import add_letter_sheet
from coventry_inspect.exchange.row_heights import fit_rows
from coventry_inspect.exchange.rows import inspection_values, sheet_rows
from coventry_inspect.files import write_bytes_atomically
from coventry_inspect.services.analysis import Analysis, analyse
from coventry_inspect.services.handout import Choice, HandedOut, hand_out
from coventry_inspect.services.snapshot import (
    InspectionSnapshot,
    JudgementRow,
    QuestionRow,
)
from coventry_inspect.store.database import Database

VALIDATED_ROWS = 1000
"""Drop-downs reach this many rows below the header, so a team can add rows in Excel."""


def export_workbook(
    snapshot: InspectionSnapshot,
    path: Path,
    letter: list[Block] | None = None,
    *,
    letter_sheet: bool = True,
    analysis: Analysis | None = None,
) -> None:
    """Write the inspection's workbook to ``path``, replacing it whole or not at all.

    ``letter`` is the letter as the inspector worded it; by default it is generated afresh.
    ``analysis`` (of a focused inspection) adds the export-only Analysis sheet."""
    workbook = build_workbook(snapshot, letter, letter_sheet, analysis=analysis)
    write_bytes_atomically(path, workbook_bytes(workbook))


def focused_analysis(
    db: Database, inspection_id: uuid.UUID, snapshot: InspectionSnapshot
) -> Analysis | None:
    """What the Analysis sheet shows: the analysis of a focused inspection; None for an LEA one.

    Read after the snapshot, in its own session: an edit landing between the two shows in the
    Responses sheet and not yet in the counts, as a refresh of the Analysis page would."""
    if snapshot.details.kind is not InspectionKind.FOCUSED:
        return None
    return analyse(db, inspection_id)


def export_for_inspector(
    db: Database, inspection_id: uuid.UUID, choice: Choice, path: Path
) -> HandedOut:
    """Write the schools handed out to one inspector (:mod:`.services.handout`) to ``path``,
    recording the hand-out only if the file is written. No Letter sheet: a letter counting
    only some of the schools would mislead."""
    return hand_out(
        db,
        inspection_id,
        choice,
        lambda part: export_workbook(part, path, letter_sheet=False),
        file_name=path.name,
    )


def template_snapshot(kind: InspectionKind) -> InspectionSnapshot:
    """What a blank workbook holds: the key questions, or the whole JRS catalogue ungraded."""
    snapshot = InspectionSnapshot(Details(reference="", kind=kind, authority=""))
    if kind is InspectionKind.FOCUSED:
        snapshot.questions = [
            QuestionRow(number, text, asked_of)
            for number, (text, asked_of) in enumerate(STANDARD_KEY_QUESTIONS, start=1)
        ]
    else:
        snapshot.judgements = [JudgementRow(entry.number) for entry in jrs.catalogue()]
    return snapshot


def write_template(kind: InspectionKind, path: Path) -> None:
    export_workbook(template_snapshot(kind), path)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, zipped in memory: a full disk then fails in our checked write, not
    inside zipfile (whose failure leaves an "Exception ignored" traceback on stderr)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_workbook(
    snapshot: InspectionSnapshot,
    letter: list[Block] | None = None,
    letter_sheet: bool = True,
    *,
    analysis: Analysis | None = None,
) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _inspection_sheet(workbook.create_sheet(layout.INSPECTION), snapshot)
    rows = sheet_rows(snapshot)
    for sheet in layout.DATA_SHEETS:
        if snapshot.details.kind in sheet.kinds:
            _data_sheet(workbook.create_sheet(sheet.name), sheet, rows[sheet.name])
    if analysis is not None and snapshot.details.kind is InspectionKind.FOCUSED:
        add_analysis_sheet(workbook, analysis)
    if letter_sheet:
        # Written last so that a cell too long is reported where it is entered, not the letter.
        add_letter_sheet(workbook, snapshot, letter)
    for sheet in workbook.worksheets:
        fit_rows(sheet)
    workbook.active = 0
    return workbook


def _inspection_sheet(sheet: Worksheet, snapshot: InspectionSnapshot) -> None:
    sheet.append(["Field", "Value"])
    style_header(sheet, (22, 80), landscape=False)
    values = inspection_values(snapshot.details)
    if snapshot.handout_id is not None:
        values[layout.HANDOUT] = str(snapshot.handout_id)
    for row, (field, value) in enumerate(values.items(), start=2):
        label = sheet.cell(row=row, column=1, value=field)
        label.font = Font(name=BODY_FONT, size=11, bold=True)
        label.alignment = Alignment(vertical="top")
        cell = sheet.cell(row=row, column=2)
        set_value(cell, value, f'{layout.INSPECTION}, row {row}, column "Value"')
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    kinds = DataValidation(
        type="list", formula1=_list_formula(layout.labels(InspectionKind)), allow_blank=False
    )
    sheet.add_data_validation(kinds)
    kinds.add(f"B{layout.INSPECTION_FIELDS.index('Kind') + 2}")
    sheet.print_area = f"A1:B{len(layout.INSPECTION_FIELDS) + 1}"
    if snapshot.handout_id is not None:
        sheet.row_dimensions[len(values) + 1].hidden = True


def _data_sheet(sheet: Worksheet, spec: layout.Sheet, rows: list[tuple[Any, ...]]) -> None:
    sheet.append([column.header for column in spec.columns])
    style_header(sheet, [column.width for column in spec.columns])
    for row_number, values in enumerate(rows, start=2):
        for column_number, (column, value) in enumerate(
            zip(spec.columns, values, strict=True), start=1
        ):
            cell = sheet.cell(row=row_number, column=column_number)
            set_value(cell, value, f'{spec.name}, row {row_number}, column "{column.header}"')
            # Left, as the headers are: a right-aligned date ran into the next column's text.
            cell.alignment = Alignment(
                wrap_text=column.width >= 36, vertical="top", horizontal="left"
            )
            cell.border = Border(bottom=THIN)
    for column_number, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].hidden = column.hidden
        cells = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
        if column.choices:
            _validate(
                sheet,
                cells,
                DataValidation(
                    type="list",
                    formula1=_list_formula(column.choices),
                    allow_blank=True,
                    errorTitle=column.header,
                    error=f"Choose one of: {', '.join(column.choices)}",
                ),
            )
        elif column.kind == "date":
            _validate(
                sheet,
                cells,
                DataValidation(
                    type="date",
                    operator="greaterThan",
                    formula1="1",
                    allow_blank=True,
                    errorTitle=column.header,
                    error="Enter a date, such as 11/03/2013",
                ),
            )
    last = f"{get_column_letter(len(spec.columns))}{max(len(rows) + 1, 2)}"
    sheet.auto_filter.ref = f"A1:{last}"
    sheet.print_area = f"A1:{last}"


def _validate(sheet: Worksheet, cells: str, validation: DataValidation) -> None:
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _list_formula(choices: Sequence[str]) -> str:
    formula = '"' + ",".join(choices) + '"'
    assert len(formula) <= 255, "Excel limits an inline list to 255 characters"
    return formula
