"""A GIAS register workbook read as a stream, keeping only the columns used.

A whole-sheet reader holds every one of about 130 columns × 50,000 rows (700 MB). Here the first
sheet's XML is inflated in chunks and only the cells of the columns we use are picked out by
their references (``r="E12"``), by regular expressions running in C: a Python call per cell of
6.5 million would take a minute. Shared strings are read afterwards, keeping only those the
picked cells use. Memory stays near the chunk size plus the picked cells.

Only what the register needs is understood: numbers, shared and inline strings, booleans, dates
(serial numbers in the last-inspected column, or text). A sheet declaring a DTD is refused, as
is one whose cells carry no references (no spreadsheet program writes that; the message says to
save it again or use the CSV).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from html import unescape
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import IO, Any

from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

CHUNK = 1 << 22
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_END = re.compile(rb"</" + _PREFIX + rb"row>")
_UNNUMBERED = re.compile(rb"<" + _PREFIX + rb"c(?![^>]*\sr=)[\s/>]")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_TYPE = re.compile(rb'\st="([^"]*)"')
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</" + _PREFIX + rb"v>")
_TEXT = re.compile(
    rb"<" + _PREFIX + rb"t(?:\s[^>]*)?>([^<]*)</" + _PREFIX + rb"t>|<" + _PREFIX + rb"t\s*/>"
)
_PHONETIC = re.compile(rb"<" + _PREFIX + rb"rPh\b.*?</" + _PREFIX + rb"rPh>", re.DOTALL)
_SHARED = re.compile(
    rb"<" + _PREFIX + rb"si(?:\s[^>]*)?>(.*?)</" + _PREFIX + rb"si>|<" + _PREFIX + rb"si\s*/>",
    re.DOTALL,
)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NUMERIC = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class UnreadableSheetError(ValueError):
    """The sheet is not one this reader understands; the message says why."""


def _cell_pattern(columns: bytes) -> re.Pattern[bytes]:
    """A cell reference ``r="E12"`` of these columns, and the rest of its cell. It starts with a
    literal so the scan runs at C speed; :func:`_cell_tag` checks it is a cell's reference."""
    return re.compile(
        rb"r=\"(?P<col>" + columns + rb")(?P<row>\d+)\"(?P<attrs>[^>]*?)"
        rb"(?:/>|>(?P<body>.*?)</" + _PREFIX + rb"c>)",
        re.DOTALL,
    )


_CELL_START = re.compile(rb"(?:[A-Za-z_][\w.-]*:)?c\s[^<>]*")


def _cell_tag(text: bytes, match: re.Match[bytes]) -> bytes | None:
    """The attributes written before the reference, if the match is a cell's (else None)."""
    start = text.rfind(b"<", 0, match.start())
    tag = text[start + 1 : match.start()]
    return tag if _CELL_START.fullmatch(tag) else None


_ANY_CELL = _cell_pattern(rb"[A-Z]{1,3}")


def _letters(number: int) -> str:
    """Column 1 → A, 27 → AA."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


def _text(raw: bytes) -> str:
    # One pass over every reference, numeric ones included: a name holding the text "&#38;"
    # (written &amp;#38;) must stay that text, not become "&".
    text = unescape(raw.decode("utf-8"))
    if "_x" in text:  # OOXML's escape of control characters
        text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)
    return text


def _inline(body: bytes) -> str:
    body = _PHONETIC.sub(b"", body)
    return "".join(_text(m[1] or b"") for m in _TEXT.finditer(body))


class SheetStream:
    """The first sheet of a workbook, read once: headers, then the picked cells of each row."""

    def __init__(self, package: zipfile.ZipFile, path: Path) -> None:
        self.package, self.path = package, path
        sheet, self.shared_part, self.date1904 = _parts(package)
        self.info = package.getinfo(sheet)
        self.read_bytes = 0
        self.rows_done, self.rows_total = 0, 0

    def fraction(self) -> float:
        """Reading the sheet is most of the work; handing out its rows the rest."""
        read = min(self.read_bytes / max(self.info.file_size, 1), 1.0)
        handed = self.rows_done / self.rows_total if self.rows_total else 0.0
        return 0.8 * read + 0.2 * handed

    def _complete_rows(self, source: IO[bytes]) -> Iterator[bytes]:
        """The sheet's XML in pieces that end at a row's end (the last piece: the rest)."""
        pending = b""
        first = True
        while chunk := source.read(CHUNK):
            self.read_bytes += len(chunk)
            if first and _DOCTYPE.search(chunk[:4096]):
                raise UnreadableSheetError("a worksheet may not declare a DTD or entities")
            first = False
            pending += chunk
            last = None
            for match in _ROW_END.finditer(pending, max(0, len(pending) - len(chunk) - 16)):
                last = match
            if last is not None:
                piece, pending = pending[: last.end()], pending[last.end() :]
                if _UNNUMBERED.search(piece):
                    raise UnreadableSheetError(
                        "its cells carry no references; save it again in Excel or LibreOffice, "
                        "or import the CSV"
                    )
                yield piece
        if pending:
            yield pending

    def rows(
        self, choose: Callable[[list[str]], list[int]]
    ) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
        """The header row's texts, and an iterator of (row number, the cells of the columns
        ``choose`` picks from the headers by 0-based index, -1 for a missing one: None)."""
        source = self.package.open(self.info)
        pieces = self._complete_rows(source)
        try:
            head, end = b"", None
            for piece in pieces:
                head += piece
                if end := _ROW_END.search(head):
                    break
            header_cells = list(_ANY_CELL.finditer(head, 0, end.end() if end else len(head)))
            rest = head[end.end() :] if end else b""
            needed: set[int] = set()
            headers = [""] * max((_column(m["col"]) for m in header_cells), default=0)
            for match in header_cells:
                if (before := _cell_tag(head, match)) is not None:
                    headers[_column(match["col"]) - 1] = self._value(match, before, needed)
            shared = self._shared(needed) if needed else {}
            headers = [_plain(_resolve(h, shared)) for h in headers]
            chosen = choose(headers)
        except BaseException:
            source.close()
            raise
        header_row = int(header_cells[0]["row"]) if header_cells else 1
        position = {_letters(i + 1).encode(): n for n, i in enumerate(chosen) if i >= 0}
        self.rows_done, self.rows_total = 0, 0

        def read() -> Iterator[tuple[int, list[Any]]]:
            picked: list[tuple[int, list[Any]]] = []
            wanted: set[int] = set()
            letters = b"|".join(re.escape(k) for k in sorted(position, key=len, reverse=True))
            pattern = _cell_pattern(letters) if position else None
            try:
                for text in chain([rest], pieces):
                    for match in pattern.finditer(text) if pattern else ():
                        number = int(match["row"])
                        before = _cell_tag(text, match)
                        if number <= header_row or before is None:
                            continue
                        if not picked or picked[-1][0] != number:
                            picked.append((number, [None] * len(chosen)))
                        value = self._value(match, before, wanted)
                        picked[-1][1][position[match["col"]]] = value
            finally:
                source.close()
            strings = self._shared(wanted) if wanted else {}
            self.rows_total = len(picked)
            for number, cells in picked:
                self.rows_done += 1
                if any(cell not in (None, "") for cell in cells):
                    yield number, [_resolve(cell, strings) for cell in cells]

        return headers, read()

    def _value(self, match: re.Match[bytes], before: bytes, needed: set[int]) -> Any:
        """A picked cell's value: text, a number, or a shared-string index (as a tuple)."""
        body = match["body"] or b""
        kind_match = _TYPE.search(match["attrs"]) or _TYPE.search(before)
        kind = kind_match[1] if kind_match else b"n"
        if kind == b"inlineStr":
            return _inline(body)
        value = _VALUE.search(body)
        if value is None:
            return None
        raw = value[1]
        if kind == b"s":
            index = int(raw)
            needed.add(index)
            return (index,)
        if kind == b"b":
            return "TRUE" if raw.strip() == b"1" else "FALSE"
        if kind in (b"str", b"e", b"d"):
            return _text(raw)
        text = raw.decode("ascii", "replace").strip()
        return float(text) if _NUMERIC.fullmatch(text) else text

    def _shared(self, needed: set[int]) -> dict[int, str]:
        """The shared strings whose indexes are ``needed`` (the rest are read past)."""
        if self.shared_part is None:
            raise UnreadableSheetError("it refers to shared strings but has none")
        found: dict[int, str] = {}
        top = max(needed)
        with self.package.open(self.shared_part) as source:
            index, pending = 0, b""
            while chunk := source.read(CHUNK):
                pending += chunk
                end = 0
                for match in _SHARED.finditer(pending):
                    if index in needed:
                        found[index] = _inline(match[1] or b"")
                    index += 1
                    end = match.end()
                pending = pending[end:]
                if index > top:
                    break
        return found


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _resolve(cell: Any, shared: dict[int, str]) -> Any:
    if isinstance(cell, tuple):
        return shared.get(cell[0], "")
    return cell


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def serial_date(value: float, date1904: bool) -> date:
    """A spreadsheet's day number as a date (Excel's 1900 system counts a 29 Feb 1900)."""
    return (date(1904, 1, 1) if date1904 else date(1899, 12, 30)) + timedelta(days=int(value))


def _parts(package: zipfile.ZipFile) -> tuple[str, str | None, bool]:
    """The first sheet's part, the shared strings' part (if any) and the date system."""
    workbook = fromstring(package.read("xl/workbook.xml"), forbid_dtd=True)
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    kinds = {
        r.get("Type", "").rpartition("/")[2]: r.get("Target", "")
        for r in rels.iter(f"{_RELS}Relationship")
    }
    sheet = next(workbook.iter(f"{_MAIN}sheet"), None)
    if sheet is None:
        raise UnreadableSheetError("it has no sheet")
    properties = next(workbook.iter(f"{_MAIN}workbookPr"), None)
    date1904 = properties is not None and properties.get("date1904", "") in ("1", "true")

    def part(target: str) -> str:
        if target.startswith("/"):
            return target[1:]
        return str(PurePosixPath("xl") / target)

    sheet_part = part(targets.get(sheet.get(f"{_DOC_RELS}id"), ""))
    shared = kinds.get("sharedStrings")
    return sheet_part, part(shared) if shared else None, date1904
