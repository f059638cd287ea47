"""The DfE register "Get Information about Schools" (GIAS), read by its own column headers.

GIAS publishes every establishment in England as a CSV of about 130 columns, encoded
Windows-1252; an .xlsx of the same layout is accepted too. Only the columns named here are used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from coventry_inspect.domain.validation import check_urn
from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.safety import check_workbook_file
from coventry_inspect.services.limits import stored_length, too_long
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
FIELDS = (URN, NAME, PHASE, TYPE, LA_CODE, LA_NAME, STATUS, RATING, LAST_INSPECTED)
"""The columns read, in the order of the cells :class:`RegisterFile` yields."""
REQUIRED = (URN, NAME)
MAX_REGISTER_XLSX_BYTES = 1_500_000_000
"""Uncompressed limit for a register workbook: the national register is a few hundred MB."""

Cells = tuple[Any, ...]

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
    """A register opened for reading: the cells of :data:`FIELDS` for each row, by row number,
    and how far through the file reading has got.

    Use it as a context manager so the file is closed even when reading stops early (Cancel)."""

    path: Path
    rows: Iterator[tuple[int, Cells]]
    fraction_done: Callable[[], float]
    close: Callable[[], None]

    def __enter__(self) -> RegisterFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_register(path: Path) -> RegisterFile:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path)
    if suffix == ".xlsx":
        return _open_xlsx(path)
    raise WorkbookError(f"{path}: a school register is a GIAS .csv or .xlsx file")


def register_rows(source: RegisterFile) -> Iterator[RegisterRow | RowProblem]:
    """Each usable establishment, or a problem naming the row that could not be used."""
    for number, cells in source.rows:
        yield to_register_row(source.path, number, cells)


def to_register_row(path: Path, number: int, cells: Cells) -> RegisterRow | RowProblem:
    """One establishment from the cells of :data:`FIELDS` (text already stripped)."""
    urn, name, phase, kind, la_code, la_name, status, rating, last = cells
    if urn.endswith(".0"):  # a URN a spreadsheet kept as a number
        urn = urn[:-2]
    if check_urn(urn):
        where = f'{path.name}, row {number}, column "URN"'
        return RowProblem(number, f"{where}: {urn!r} is not a six-digit URN")
    if not name:
        return RowProblem(number, f'{path.name}, row {number}, column "{NAME}": is empty')
    for (header, limit), text in zip(
        _limits(), (name, kind, la_code, la_name, status, rating), strict=True
    ):
        if len(text) > limit:  # refused, never cut short
            where = f'{path.name}, row {number}, column "{header}"'
            return RowProblem(number, f"{where}: {too_long(text, limit)}")
    return RegisterRow(
        urn, name, _phase(phase, kind), kind, la_code, la_name, status, rating, _date(last)
    )


@cache
def _limits() -> tuple[tuple[str, int], ...]:
    """The header and stored length of each text column checked, looked up once."""
    columns = (
        (NAME, "name"),
        (TYPE, "establishment_type"),
        (LA_CODE, "la_code"),
        (LA_NAME, "la_name"),
        (STATUS, "status"),
        (RATING, "ofsted_rating"),
    )
    return tuple(
        (header, stored_length("school", column) or sys.maxsize) for header, column in columns
    )


_phase = lru_cache(maxsize=4096)(phase_of)
"""A register repeats a few dozen phase and type names: each pair is worked out once."""


def _date(value: Any) -> date | None:
    return _date_text(value) if isinstance(value, str) else parse_date(value)


_date_text = lru_cache(maxsize=65536)(parse_date)
"""Dates repeat (a few thousand inspection days): each text is parsed once."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _picker(path: Path, headers: list[str]) -> Callable[[list[Any]], Cells]:
    """Takes the cells of :data:`FIELDS` out of a row that ends with one extra empty cell, which
    stands for any column the file lacks."""
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise WorkbookError(
            f"{path}: not a GIAS register: no {' or '.join(repr(m) for m in missing)} "
            f"column{'s' if len(missing) > 1 else ''} "
            "(download 'all establishment data' from Get Information about Schools)"
        )
    return itemgetter(*(headers.index(name) if name in headers else -1 for name in FIELDS))


def _open_csv(path: Path) -> RegisterFile:
    try:
        raw = path.open("rb")
    except FileNotFoundError as error:
        raise WorkbookError(f"{path}: no such file") from error
    except OSError as error:
        raise WorkbookError(f"{path}: cannot be read ({error.strerror})") from error
    size = max(path.stat().st_size, 1)
    encoding = "utf-8-sig" if raw.read(3) == codecs.BOM_UTF8 else "cp1252"
    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text)
    try:
        pick = _picker(path, [h.strip() for h in next(reader, [])])
    except csv.Error as error:
        text.close()
        raise WorkbookError(f"{path}: not a readable CSV file: {error}") from error
    except WorkbookError:
        text.close()
        raise

    def rows() -> Iterator[tuple[int, Cells]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):
                if cells:
                    cells.append("")
                    yield number, tuple(map(str.strip, pick(cells)))
        except IndexError as error:
            raise WorkbookError(f"{path}, row {number}: fewer cells than the header has") from error
        except csv.Error as error:
            raise WorkbookError(f"{path}, row {number}: not readable CSV: {error}") from error
        finally:
            text.close()

    def fraction() -> float:
        return raw.tell() / size if not raw.closed else 1.0

    return RegisterFile(path, rows(), fraction, text.close)


def _open_xlsx(path: Path) -> RegisterFile:
    """Streamed (exchange/gias_xlsx.py): only the columns of :data:`FIELDS` are kept."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    from coventry_inspect.exchange.gias_xlsx import SheetStream, UnreadableSheetError, serial_date

    check_workbook_file(path, max_uncompressed=MAX_REGISTER_XLSX_BYTES)

    def choose(headers: list[str]) -> list[int]:
        _picker(path, headers)  # refuses a file without the required columns
        return [headers.index(name) if name in headers else -1 for name in FIELDS]

    unreadable = (UnreadableSheetError, ParseError, KeyError, zipfile.BadZipFile, OSError)
    package = zipfile.ZipFile(path)
    try:
        stream = SheetStream(package, path)
        _headers, cells = stream.rows(choose)
    except unreadable as error:
        package.close()
        raise WorkbookError(f"{path}: not a readable workbook: {error}") from error
    except BaseException:
        package.close()
        raise

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for number, row in cells:
                *text, last = row
                when = serial_date(last, stream.date1904) if isinstance(last, float) else last
                yield number, (*(_text(cell) for cell in text), when or "")
        except unreadable as error:
            raise WorkbookError(f"{path}: not a readable workbook: {error}") from error
        finally:
            package.close()

    return RegisterFile(path, rows(), stream.fraction, package.close)
