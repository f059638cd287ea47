"""Every row we write is tall enough for the lines its text takes, measured with real fonts.

The writer estimates widths from a table (no Qt below gui/); here each cell is laid out with Qt's
QTextLayout in the font fontconfig gives for the cell's font (what LibreOffice draws with on this
machine), at the column's width as LibreOffice draws it (width × the default font's digit), and
the row's written height must hold that many lines. It must not be absurdly tall either.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QApplication

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.exchange import layout
from coventry_inspect.exchange.row_heights import (
    MAX_ROW_HEIGHT,
    fit_rows,
    row_height,
    wrapped_lines,
)
from coventry_inspect.exchange.writer import build_workbook, template_snapshot
from coventry_inspect.services.snapshot import InspectionSnapshot, QuestionRow

CELL_MARGINS = 4.0  # points LibreOffice keeps between a cell's text and its borders
LONG_WORD = "Antidisestablishmentarianism" * 5
# PySide6 6.12 on Python 3.11 loses a reference to None on each call of a method returning
# nothing (QFont.setBold, QTextDocument.setPlainText…): thousands of them crash the interpreter.
# So fonts are made by their constructor and text measured by boundingRect, which return values.


@dataclass
class Measured:
    sheet: str
    row: int
    written: float
    needed: float


@functools.cache
def metrics(name: str, size: int, bold: bool, italic: bool) -> QFontMetricsF:
    weight = QFont.Weight.Bold if bold else QFont.Weight.Normal
    return QFontMetricsF(QFont(name, size, weight.value, italic))


def cell_metrics(cell: Cell) -> QFontMetricsF:
    font = cell.font
    return metrics(font.name or "Calibri", int(font.sz or 11), bool(font.b), bool(font.i))


def points_per_pixel() -> float:
    screen = QGuiApplication.primaryScreen()
    return 72 / screen.logicalDotsPerInchY()


def column_pixels(sheet: Worksheet, column: int) -> float | None:
    """The column's width as LibreOffice draws it (width × the default font's digit), or None
    when it is hidden."""
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    if dimension is not None and dimension.hidden:
        return None
    width = dimension.width if dimension is not None and dimension.width else 8.43
    return float(width) * metrics("Calibri", 11, False, False).horizontalAdvance("0")


def qt_lines(text: str, font: QFontMetricsF, width: float) -> int:
    """Lines Qt's line breaking gives the text in ``width`` pixels: at spaces and hyphens, and
    anywhere in a word longer than the line."""
    lines = 0
    for paragraph in text.split("\n"):
        area = QRectF(0, 0, width, 1e7)
        box = font.boundingRect(area, Qt.TextFlag.TextWordWrap, paragraph or " ")
        if box.width() > width + 0.5:  # a word overflowed: break it anywhere
            box = font.boundingRect(area, Qt.TextFlag.TextWrapAnywhere, paragraph)
        lines += max(1, round(box.height() / font.lineSpacing()))
    return lines


def needed_height(sheet: Worksheet, cell: Cell) -> float | None:
    """Points the cell's text needs, or None when its column is hidden."""
    width = column_pixels(sheet, cell.column)
    if width is None:
        return None
    font = cell_metrics(cell)
    lines = 1
    if isinstance(cell.value, str) and cell.alignment.wrap_text:
        digit = metrics("Calibri", 11, False, False).horizontalAdvance("0")
        indent = (cell.alignment.indent or 0) * 3 * digit
        margins = CELL_MARGINS / points_per_pixel()
        lines = qt_lines(cell.value, font, width - indent - margins)
    return lines * font.lineSpacing() * points_per_pixel()


def measure(workbook: Workbook) -> list[Measured]:
    rows = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            heights = [
                h
                for cell in row
                if cell.value is not None and (h := needed_height(sheet, cell)) is not None
            ]
            if heights:
                written = sheet.row_dimensions[row[0].row].height
                rows.append(Measured(sheet.title, row[0].row, written or 0.0, max(heights)))
    return rows


def hard(snapshot: InspectionSnapshot) -> InspectionSnapshot:
    """The example with what overflowed rows: a long address, long questions, a long word."""
    long_question = " ".join(["How well does the local authority know your school"] * 6) + "?"
    snapshot.details = dataclasses.replace(
        snapshot.details,
        addressee_address="\n".join(
            ["Coventry City Council", "Room 238 Civic Centre 1", "Earl Street"] * 3
        ),
        copy_to="Rt Hon Michael Gove MP, Secretary of State for Education\nÉcole Française",
        summary=f"{LONG_WORD} " * 3 + "x" * 5000,
    )
    snapshot.questions = [*snapshot.questions, QuestionRow(5, long_question)]
    return snapshot


@pytest.mark.parametrize("which", ["focused", "lea", "focused template", "lea template"])
def test_every_row_holds_the_lines_its_text_takes(
    which: str, request: pytest.FixtureRequest, qapp: QApplication
) -> None:
    if which.endswith("template"):
        kind = InspectionKind.FOCUSED if which.startswith("focused") else InspectionKind.LEA
        snapshot = template_snapshot(kind)
    else:
        snapshot = hard(request.getfixturevalue(which))
    rows = measure(build_workbook(snapshot))
    assert {r.sheet for r in rows} >= {layout.INSPECTION, layout.LETTER}
    short = [r for r in rows if r.written < min(r.needed, MAX_ROW_HEIGHT)]
    assert short == []
    # Generous, not absurd: never more than twice the measured height and a line.
    tall = [r for r in rows if r.written > 2 * r.needed + 16]
    assert tall == []


def test_the_address_row_holds_every_line(focused: InspectionSnapshot, qapp: QApplication) -> None:
    sheet = build_workbook(hard(focused))[layout.INSPECTION]
    row = layout.INSPECTION_FIELDS.index("Addressee address") + 2
    assert sheet.cell(row=row, column=1).value == "Addressee address"
    assert sheet.row_dimensions[row].height >= 9 * 15  # nine lines of 11-point text
    summary = layout.INSPECTION_FIELDS.index("Summary") + 2
    assert sheet.row_dimensions[summary].height == MAX_ROW_HEIGHT  # Excel's most


def test_the_estimate_counts_line_breaks_and_wrapping() -> None:
    assert wrapped_lines("", 100, 10) == 1
    assert wrapped_lines("a\nb\n\nc", 100, 10) == 4
    assert wrapped_lines("word " * 40, 100, 10) > wrapped_lines("word " * 20, 100, 10) > 1
    # A word wider than the column breaks inside it, taking as many lines as its width needs.
    assert wrapped_lines("m" * 100, 100, 10) >= 9
    assert row_height(1000, 11) == MAX_ROW_HEIGHT


def test_fit_rows_leaves_hidden_columns_out() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "short"
    sheet["B1"] = "long " * 500
    sheet["B1"].alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["B"].hidden = True
    fit_rows(sheet)
    assert sheet.row_dimensions[1].height == row_height(1, 11)
