"""Where a sheet's values really end, found by streaming its XML, never by its stated dimension.

A sheet may claim ``A1:XFD1048576`` for one far cell, or carry a million formatted empty rows;
openpyxl would pad every row to the stated width and keep every formatted row's attributes. One
pass over the XML (elements dropped as they end) finds the last row and column holding a value,
and stops at the first value beyond the bounds of any inspection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

MAX_ROWS = 10_000
"""Far more rows than any inspection has (a large focused one has a few hundred responses)."""
MAX_COLUMNS = 200
"""Far more columns than any sheet of the contract has (eight at most, plus one's own notes)."""
_CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


@dataclass(frozen=True)
class Extent:
    rows: int
    """The last row holding a value (0 for an empty sheet)."""
    columns: int
    """The last column holding a value."""
    beyond: tuple[int, int] | None = None
    """The first cell (row, column) with a value outside the bounds, if any."""


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def sheet_extent(source: IO[bytes]) -> Extent:
    """The extent of the worksheet XML in ``source``; DTDs and entities are refused."""
    last_row = last_column = row = column = 0
    sheet_data = None
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "row":
                row = _number(element.get("r"), row + 1)
                column = 0
            elif tag == "sheetData":
                sheet_data = element
            continue
        if tag == "c":
            reference = _CELL_REFERENCE.fullmatch(element.get("r") or "")
            column = column_number(reference[1]) if reference else column + 1
            if _holds_value(element):
                if row > MAX_ROWS or column > MAX_COLUMNS:
                    return Extent(last_row, last_column, (row, column))
                last_row, last_column = max(last_row, row), max(last_column, column)
        elif tag == "row" and sheet_data is not None:
            sheet_data.clear()  # rows already seen are not kept: memory stays flat
        elif tag == "sheetData":
            break  # what follows the cells (merges, validations, …) holds no values
    return Extent(last_row, last_column)


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isascii() and text.isdigit() else default


def _holds_value(cell: object) -> bool:
    for child in cell:  # type: ignore[attr-defined]
        tag = child.tag.rpartition("}")[2]
        if tag == "is" or (tag == "v" and child.text):
            return True
    return False
