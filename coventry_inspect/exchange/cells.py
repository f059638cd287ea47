"""Cell-level writing shared by every sheet: text stays text, dates are dates, headers styled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.layout import MAX_CELL_TEXT

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
BODY_FONT = "Calibri"
"""The workbook's default font: a font without a name is drawn in the application's own default
(a serif face in LibreOffice)."""
HEADER_FONT = Font(name=BODY_FONT, size=11, bold=True, color="FFFFFF")
DATE_FORMAT = "d mmmm yyyy"
THIN = Side(style="thin", color="BFBFBF")


def set_value(cell: Cell, value: Any, where: str) -> None:
    """Put a value in a cell. Text always stays text, never a formula, and is never cut.

    Line ends are written as ``\n``: XML turns a carriage return into a line feed anyway."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # what XML keeps of line ends
        bad = ILLEGAL_CHARACTERS_RE.search(value)
        if bad:
            raise WorkbookError(
                f"{where}: contains the control character U+{ord(bad.group()):04X}, "
                "which a workbook cannot hold; remove it before exporting"
            )
        if len(value) > MAX_CELL_TEXT:
            raise WorkbookError(
                f"{where}: {len(value):,} characters is more than an Excel cell holds "
                f"({MAX_CELL_TEXT:,}); shorten it before exporting"
            )
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise take "=…" for a formula
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT


def style_header(sheet: Worksheet, widths: Sequence[int], *, landscape: bool = True) -> None:
    """Bold coloured header row, frozen; column widths; A4 printing fitted to the page width."""
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    fit_to_a4_width(sheet, landscape=landscape)


def fit_to_a4_width(sheet: Worksheet, *, landscape: bool) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
