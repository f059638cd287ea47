"""Rows tall enough for their wrapped text.

Neither Excel nor LibreOffice grows a row to fit wrapped text when it opens a file, so every row
we write is given the height its cells need: the lines each cell's text takes at its column's width
and its font (explicit line breaks plus word wrapping), estimated on the generous side.

The estimate measures text with Arial's glyph widths (Liberation Sans and Nimbus Sans share them;
Calibri and Carlito are narrower) against the narrowest column any application draws: Excel's
7 pixels per character of width (LibreOffice without Calibri draws columns a third wider).
"""

from __future__ import annotations

import re
import unicodedata

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MAX_ROW_HEIGHT = 409.0
"""Excel's limit, in points: taller text is clipped in any application."""
DEFAULT_FONT_SIZE = 11.0  # Calibri 11, the workbook's default font
DEFAULT_COLUMN_WIDTH = 8.43
LINE_SPACING = 1.4
"""Line height as a multiple of the font size (Arial 1.15, Nimbus Sans 1.37, Calibri 1.22)."""
ROW_PADDING = 3.0
SAFETY = 1.05
"""Text is taken 5 % wider than measured, so rounding in a renderer never adds a line."""
POINTS_PER_CHARACTER = 0.75 * 7  # Excel: 7 pixels of 0.75 points per unit of column width
CELL_PADDING = 0.75 * 5
INDENT_CHARACTERS = 3
"""Width of one indent level in units of column width."""

_ARIAL = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
_ARIAL_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 "
    "556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 "
    "280 389 584"
)
_PUNCTUATION = {"•": 350, "–": 556, "—": 1000, "‘": 333, "’": 333, "“": 500, "”": 500, "…": 1000}


def _table(widths: str) -> dict[str, int]:
    table = {chr(32 + n): int(w) for n, w in enumerate(widths.split())}
    table.update(_PUNCTUATION)
    return table


_WIDTHS = {False: _table(_ARIAL), True: _table(_ARIAL_BOLD)}
_HYPHENATED = re.compile(r"(?<=-)")
_WIDE = 1000
"""Any character not in the table (wide scripts, symbols) is taken as one em."""


def char_width(char: str, bold: bool) -> int:
    """Width in thousandths of an em; accented letters as their base letter."""
    table = _WIDTHS[bold]
    width = table.get(char)
    if width is not None:
        return width
    base = unicodedata.normalize("NFD", char)[:1]
    if base in table:
        return table[base]
    if unicodedata.combining(char):
        return 0
    return _WIDE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The text's width in points at ``size`` points, generously."""
    return sum(char_width(c, bold) for c in text) * size / 1000 * SAFETY


def wrapped_lines(text: str, available: float, size: float, bold: bool = False) -> int:
    """Lines the text takes when wrapped at spaces and after hyphens within ``available`` points
    (a word longer than a line breaks anywhere, as both applications break it)."""
    available = max(available, size)
    space = text_width(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            for number, part in enumerate(_HYPHENATED.split(word)):
                gap = space if number == 0 else 0.0
                width = text_width(part, size, bold)
                if used and used + gap + width <= available:
                    used += gap + width
                    continue
                if used:
                    lines += 1
                while width > available:  # a word wider than the column breaks inside it
                    lines += 1
                    width -= available
                used = width
    return lines


def line_height(size: float) -> float:
    return size * LINE_SPACING


def row_height(lines: int, size: float) -> float:
    return min(MAX_ROW_HEIGHT, round(lines * line_height(size) + ROW_PADDING, 2))


def column_text_width(width: float, indent: float = 0) -> float:
    """Points a cell's text may use in a column ``width`` characters wide."""
    return (width - INDENT_CHARACTERS * indent) * POINTS_PER_CHARACTER - CELL_PADDING


def cell_height(cell: Cell, column_width: float) -> float:
    """The height the cell's text needs, in points."""
    size = float(cell.font.sz or DEFAULT_FONT_SIZE)
    text = cell.value
    lines = 1
    if isinstance(text, str) and cell.alignment.wrap_text:
        available = column_text_width(column_width, cell.alignment.indent or 0)
        lines = wrapped_lines(text, available, size, bool(cell.font.b))
    return row_height(lines, size)


def fit_rows(sheet: Worksheet) -> None:
    """Give every row holding a value the height its tallest visible cell needs."""
    widths: dict[int, float | None] = {}
    for row in sheet.iter_rows():
        heights = []
        for cell in row:
            if cell.value is None:
                continue
            if cell.column not in widths:
                widths[cell.column] = _visible_width(sheet, cell.column)
            width = widths[cell.column]
            if width is not None:
                heights.append(cell_height(cell, width))
        if heights:
            sheet.row_dimensions[row[0].row].height = max(heights)


def _visible_width(sheet: Worksheet, column: int) -> float | None:
    """The column's width, or None when it is hidden."""
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    if dimension is None:
        return DEFAULT_COLUMN_WIDTH
    if dimension.hidden:
        return None
    return float(dimension.width or DEFAULT_COLUMN_WIDTH)
