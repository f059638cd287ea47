"""Where a sheet's values really end, found by streaming its XML, never by its stated dimension.

A sheet may claim ``A1:XFD1048576`` for one far cell, or carry a million formatted empty rows;
openpyxl would pad every row to the stated width and keep every formatted row's attributes. One
streaming pass over the XML, holding nothing, finds the last row and column holding a value and
stops at the first value beyond the bounds of any inspection; openpyxl then reads only that far.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

MAX_ROWS = 10_000
"""Far more rows than any inspection has (a large focused one has a few hundred responses)."""
MAX_COLUMNS = 200
"""Far more columns than any sheet of the contract has (eight at most, plus one's own notes)."""
_CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_VALUE_TAG = re.compile(_PREFIX + rb"(?:v|is|f)[\s/>]")
_UNNUMBERED = re.compile(_PREFIX + rb"(?:c|row)(?![^>]*\sr=)[\s/>]")
CHUNK = 1 << 22


@dataclass(frozen=True)
class Extent:
    rows: int
    """The last row holding a value (0 for an empty sheet)."""
    columns: int
    """The last column holding a value."""
    beyond: tuple[int, int] | None = None
    """The first cell (row, column) with a value outside the bounds, if any."""
    formulas: tuple[tuple[int, int], ...] = ()
    """Cells (row, column) holding a formula. One saved by a program that does not calculate
    has no value: read as empty, it would wipe what it replaced."""


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Found(Exception):  # noqa: N818 - not an error: the scan is done
    """Ends the scan early: a value lies beyond the bounds."""


class _RefusedError(Exception):
    """The sheet declares a DTD or entities, which no workbook needs (billion laughs)."""


def sheet_extent(source: IO[bytes]) -> Extent:
    """The extent of the worksheet XML in ``source``; DTDs and entities are refused."""
    state = {"row": 0, "column": 0, "last_row": 0, "last_column": 0}
    beyond: list[tuple[int, int]] = []
    formulas: list[tuple[int, int]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "f":
            if state["row"] <= MAX_ROWS and state["column"] <= MAX_COLUMNS:
                formulas.append((state["row"], state["column"]))
        elif tag == "c":
            reference = _CELL_REFERENCE.fullmatch(attributes.get("r", ""))
            state["column"] = column_number(reference[1]) if reference else state["column"] + 1
        elif tag == "row":
            state["row"] = _number(attributes.get("r"), state["row"] + 1)
            state["column"] = 0
        elif tag in ("v", "is"):  # a cell's value (a formula's cached one, or inline text)
            row, column = state["row"], state["column"]
            if row > MAX_ROWS or column > MAX_COLUMNS:
                beyond.append((row, column))
                raise _Found
            state["last_row"] = max(state["last_row"], row)
            state["last_column"] = max(state["last_column"], column)

    def refuse(*_args: object) -> None:
        raise _RefusedError("a worksheet may not declare a DTD or entities")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    chunks = _chunks(source)
    current = next(chunks, b"")
    try:
        while current:
            following = next(chunks, b"")
            # A Python call per element costs seconds for a million formatted rows: elements are
            # watched only where this chunk or the next holds a value, or a row or cell without
            # its number (whose place must then be counted).
            window = current + following[:64]
            watch = bool(_VALUE_TAG.search(window) or _UNNUMBERED.search(window))
            if watch or _VALUE_TAG.search(following):
                parser.StartElementHandler = start
            else:
                parser.StartElementHandler = None
            parser.Parse(current, not following)
            current = following
    except _Found:
        pass
    except _RefusedError as error:
        raise ValueError(str(error)) from None
    return Extent(
        state["last_row"], state["last_column"], beyond[0] if beyond else None, tuple(formulas)
    )


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isascii() and text.isdigit() else default
