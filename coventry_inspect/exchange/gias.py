"""The DfE register "Get Information about Schools" (GIAS), read by its own column headers.

GIAS publishes every establishment in England as a CSV of about 130 columns, encoded
Windows-1252; an .xlsx of the same layout is accepted too. Only the columns named here are used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.safety import check_workbook_file
from coventry_inspect.services.register import RegisterRow, RowProblem

URN = "URN"
NAME = "EstablishmentName"
PHASE = "PhaseOfEducation (name)"
TYPE = "TypeOfEstablishment (name)"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
STATUS = "EstablishmentStatus (name)"
RATING = "OfstedRating (name)"
LAST_INSPECTED = "OfstedLastInsp"
REQUIRED = (URN, NAME)
MAX_REGISTER_XLSX_BYTES = 1_500_000_000
"""Uncompressed limit for a register workbook: the national register is a few hundred MB."""

_PHASES = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    "middle deemed primary": Phase.MIDDLE,
    "middle deemed secondary": Phase.MIDDLE,
    "secondary": Phase.SECONDARY,
    "16 plus": Phase.SECONDARY,
    "all-through": Phase.ALL_THROUGH,
}
_DATE = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")


def phase_of(phase_name: str, type_name: str) -> Phase | None:
    """Our phase for a GIAS establishment: special schools and PRUs by their type."""
    kind = type_name.casefold()
    if "special" in kind:
        return Phase.SPECIAL
    if "pupil referral unit" in kind or "alternative provision" in kind:
        return Phase.PUPIL_REFERRAL_UNIT
    return _PHASES.get(phase_name.strip().casefold())


def parse_date(value: Any) -> date | None:
    """GIAS writes dd-mm-yyyy; workbooks hold date cells; ISO text is accepted."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass
class RegisterFile:
    """A register file opened for reading: its rows as dictionaries, and how far through it is.

    Use it as a context manager so the file is closed even when reading stops early (Cancel)."""

    path: Path
    rows: Iterator[tuple[int, dict[str, Any]]]
    fraction_done: Callable[[], float]
    close: Callable[[], None] = lambda: None

    def __enter__(self) -> RegisterFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def register_rows(source: RegisterFile) -> Iterator[RegisterRow | RowProblem]:
    """Each usable establishment, or a problem naming the row that could not be used."""
    for number, row in source.rows:
        yield to_register_row(source.path, number, row)


def open_register(path: Path) -> RegisterFile:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path)
    if suffix == ".xlsx":
        return _open_xlsx(path)
    raise WorkbookError(f"{path}: a school register is a GIAS .csv or .xlsx file")


def to_register_row(path: Path, number: int, row: dict[str, Any]) -> RegisterRow | RowProblem:
    urn = _text(row.get(URN))
    if urn.endswith(".0"):
        urn = urn[:-2]
    name = _text(row.get(NAME))
    if not re.fullmatch(r"\d{6}", urn):
        return RowProblem(
            number, f'{path.name}, row {number}, column "URN": {urn!r} is not a six-digit URN'
        )
    if not name:
        return RowProblem(number, f'{path.name}, row {number}, column "{NAME}": is empty')
    last = row.get(LAST_INSPECTED)
    inspected = parse_date(last)
    return RegisterRow(
        urn=urn,
        name=name[:300],
        phase=phase_of(_text(row.get(PHASE)), _text(row.get(TYPE))),
        establishment_type=_text(row.get(TYPE))[:200],
        la_code=_text(row.get(LA_CODE))[:10],
        la_name=_text(row.get(LA_NAME))[:200],
        status=_text(row.get(STATUS))[:100],
        ofsted_rating=_text(row.get(RATING))[:100],
        ofsted_last_inspection=inspected,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(path: Path, headers: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise WorkbookError(
            f"{path}: not a GIAS register: no {', '.join(repr(m) for m in missing)} column "
            "(download 'all establishment data' from Get Information about Schools)"
        )


def _open_csv(path: Path) -> RegisterFile:
    try:
        handle: BinaryIO = path.open("rb")
    except FileNotFoundError as error:
        raise WorkbookError(f"{path}: no such file") from error
    except OSError as error:
        raise WorkbookError(f"{path}: cannot be read ({error.strerror})") from error
    size = max(path.stat().st_size, 1)
    encoding = "utf-8-sig" if handle.read(3) == codecs.BOM_UTF8 else "cp1252"
    handle.seek(0)
    raw = handle
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text)
    try:
        headers = [h.strip() for h in next(reader, [])]
        _check_headers(path, headers)
    except (WorkbookError, csv.Error) as error:
        text.close()
        if isinstance(error, WorkbookError):
            raise
        raise WorkbookError(f"{path}: not a readable CSV file: {error}") from error
    index = {
        name: headers.index(name)
        for name in (URN, NAME, PHASE, TYPE, LA_CODE, LA_NAME, STATUS, RATING, LAST_INSPECTED)
        if name in headers
    }

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for number, cells in enumerate(reader, start=2):
                if cells:
                    yield (
                        number,
                        {name: cells[i] if i < len(cells) else "" for name, i in index.items()},
                    )
        except csv.Error as error:
            raise WorkbookError(f"{path}: not a readable CSV file: {error}") from error
        finally:
            text.close()

    def fraction() -> float:
        return raw.tell() / size if not raw.closed else 1.0

    return RegisterFile(path, rows(), fraction, text.close)


def _open_xlsx(path: Path) -> RegisterFile:
    from python_calamine import CalamineWorkbook

    check_workbook_file(path, max_uncompressed=MAX_REGISTER_XLSX_BYTES)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        total = max(sheet.total_height or 1, 1)
        iterator = sheet.iter_rows()
        headers = [_text(h) for h in next(iterator, [])]
    except WorkbookError:
        raise
    except Exception as error:  # calamine reports any damage as an exception
        raise WorkbookError(f"{path}: not a readable workbook: {error}") from error
    _check_headers(path, headers)
    wanted = {
        name: headers.index(name)
        for name in (URN, NAME, PHASE, TYPE, LA_CODE, LA_NAME, STATUS, RATING, LAST_INSPECTED)
        if name in headers
    }
    position = [1]

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for number, cells in enumerate(iterator, start=2):
                position[0] = number
                if any(c not in (None, "") for c in cells):
                    yield (
                        number,
                        {name: cells[i] if i < len(cells) else None for name, i in wanted.items()},
                    )
        except Exception as error:
            raise WorkbookError(f"{path}: not a readable workbook: {error}") from error

    return RegisterFile(path, rows(), lambda: min(position[0] / total, 1.0), workbook.close)
