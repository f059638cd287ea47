"""Reading cell values as the contract's types, strictly, collecting a problem for each bad cell.

A value is taken only when it means one thing: a label of its list (case and spaces ignored), a
whole number where the scale has numbers, a date cell or a date written as 2013-03-11 or
11/03/2013. Anything else (2.5, "2 Outstanding", "2013-03-11 (tbc)", full-width digits) is refused
with the accepted values named. Free text is taken exactly as the cell holds it, or refused.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from typing import Any, TypeVar

from coventry_inspect.domain.vocabulary import LabelledEnum, LeaGrade, SchoolGrade
from coventry_inspect.exchange.errors import CellProblem
from coventry_inspect.exchange.layout import MAX_CELL_TEXT, normalise
from coventry_inspect.services.limits import too_long

E = TypeVar("E", bound=LabelledEnum)
G = TypeVar("G", SchoolGrade, LeaGrade)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_WHOLE = re.compile(r"[0-9]+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
DATE_FORMS = "use a date cell, or text such as 2013-03-11 or 11/03/2013"


EXACT_NUMBERS = 10**15
"""Spreadsheets keep 15 significant digits: a longer number in a text column has already lost
some, so it is refused rather than stored as if exact."""
EARLIEST_DATE = date(1990, 1, 1)
"""No inspection evidence is older: an earlier date is a number typed into a date cell."""


@dataclass
class CellReader:
    """Converts the cells of one row, recording what is wrong against sheet, row and column."""

    sheet: str
    problems: list[CellProblem] = field(default_factory=list)
    row: int = 0
    limits: dict[str, int] = field(default_factory=dict)
    """The most characters each column's text may have (from the models), by header."""

    def problem(self, column: str, message: str) -> None:
        self.problems.append(CellProblem(self.sheet, self.row, column, message))

    def text(
        self,
        value: Any,
        column: str,
        *,
        required: bool = False,
        limit: int | None = None,
        trimmed: bool = False,
    ) -> str:
        """The cell's text exactly as it is, or a problem: never cut, stripped or converted.

        ``trimmed`` texts (references, names that identify) may not start or end with spaces,
        since the database keeps them without; they are refused rather than changed."""
        if value is None:
            text = ""
        elif isinstance(value, str):
            text = value
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif self._inexact(value, column):
            return ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, datetime | date):
            text = value.isoformat()
        else:
            text = str(value)
        most = min(limit or self.limits.get(column) or MAX_CELL_TEXT, MAX_CELL_TEXT)
        if len(text) > most:
            self.problem(column, too_long(text, most))
        if required and not text.strip():
            self.problem(column, "is empty")
        elif trimmed and text != text.strip():
            self.problem(column, f"{shown(text)} starts or ends with spaces; remove them")
        return text

    def _inexact(self, value: Any, column: str) -> bool:
        """Whether ``value`` is a number a spreadsheet has already rounded (a problem if so)."""
        if isinstance(value, float) and abs(value) > EXACT_NUMBERS:
            self.problem(
                column,
                f"{value:g} is a number with more digits than a spreadsheet keeps exactly; "
                "format the cell as text and type it again",
            )
            return True
        return False

    def urn(self, value: Any, column: str = "URN") -> str:
        """Six ASCII digits, from a text or a whole-number cell."""
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        elif self._inexact(value, column):
            return ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = _code(value).strip()
        if not text:
            self.problem(column, "is empty; enter the school's six-digit URN")
        elif not re.fullmatch(r"[0-9]{6}", text):
            self.problem(column, f"{shown(value)} is not a URN; a URN is six digits 0-9")
        return text

    def choice(self, enum: type[E], value: Any, column: str, *, required: bool = True) -> E | None:
        """One of the enum's labels, ignoring case and spaces; blank is None (or a problem)."""
        wanted = normalise(_code(value))
        if not wanted:
            if required:
                self.problem(column, f"is empty; use {_or(_labels(enum))}")
            return None
        for member in enum:
            if normalise(getattr(member, "label", member.value)) == wanted:
                return member
        self.problem(column, f"{shown(value)} is not {_a(column)}; use {_or(_labels(enum))}")
        return None

    def school_grade(self, value: Any, column: str) -> SchoolGrade | None:
        """1 to 4 or Outstanding … Inadequate; blank for not yet graded."""
        return self._grade(SchoolGrade, value, column)

    def lea_grade(self, value: Any, column: str) -> LeaGrade | None:
        """1 to 7 or Very good … Very poor; blank for none."""
        return self._grade(LeaGrade, value, column)

    def _grade(self, scale: type[G], value: Any, column: str) -> G | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = _whole(value)
        wanted = normalise(value) if isinstance(value, str) else None
        for grade in scale:
            if number == grade.value or wanted == normalise(grade.label):
                return grade
        accepted = _or([f"{g.value} {g.label}" for g in scale])
        self.problem(
            column, f"{shown(value)} is not a grade; use {accepted} (the number or the words)"
        )
        return None

    def integer(self, value: Any, column: str, *, required: bool = True) -> int | None:
        """A whole number: a number cell holding one exactly, or digits 0-9 as text."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(column, "is empty; enter a whole number")
            return None
        number = _whole(value)
        if number is None:
            self.problem(column, f"{shown(value)} is not a whole number")
        return number

    def number(self, value: Any, column: str, low: float, high: float) -> float | None:
        """A number cell, or a decimal such as 3.25 written with digits 0-9; blank is None."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number: float | None = float(value)
        elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            number = float(value.strip())
        else:
            number = None
        if number is None or not low <= number <= high:
            self.problem(column, f"{shown(value)} is not a number from {low:g} to {high:g}")
            return None
        return number

    def _date(self, value: Any, column: str) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            if value.time() == time(0):
                return value.date()
            self.problem(
                column, f"{value:%Y-%m-%d %H:%M} has a time of day; {DATE_FORMS} without a time"
            )
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            iso, uk = _ISO_DATE.fullmatch(text), _UK_DATE.fullmatch(text)
            parts = (iso[1], iso[2], iso[3]) if iso else (uk[3], uk[2], uk[1]) if uk else None
            if parts:
                try:
                    return date(int(parts[0]), int(parts[1]), int(parts[2]))
                except ValueError:
                    self.problem(column, f"{shown(value)} is not a day of the calendar")
                    return None
        self.problem(column, f"{shown(value)} is not a date; {DATE_FORMS}")
        return None

    def date(self, value: Any, column: str) -> date | None:
        """A date cell (a time of midnight only), or text 2013-03-11 or 11/03/2013; from 1990 on
        (a number typed into a date cell reads as a day of 1900)."""
        found = self._date(value, column)
        if found is not None and found < EARLIEST_DATE:
            self.problem(
                column,
                f"{found:%d/%m/%Y} is before {EARLIEST_DATE.year}: a number typed into a date cell "
                f"reads as a day of 1900; {DATE_FORMS}",
            )
            return None
        return found

    def row_id(self, value: Any, column: str) -> uuid.UUID | None:
        """A row's id as exported (a UUID's canonical text, surrounding spaces ignored); blank is
        None, a new row."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = value.strip() if isinstance(value, str) else ""
        if not _UUID.fullmatch(text):
            self.problem(
                column,
                f"{shown(value)} is not a row id as exported (such as "
                "3f2b8c1e-5d4a-4b6f-9e2d-1a7c0b9e8f61); put back the id it had, or clear it "
                "for a new row",
            )
            return None
        return uuid.UUID(text)

    def yes_no(self, value: Any, column: str) -> bool:
        """Yes or No (case and spaces ignored); blank is No."""
        text = normalise(value) if isinstance(value, str) else value
        if text in ("yes", "no", "", None):
            return text == "yes"
        self.problem(column, f"{shown(value)} is not Yes or No")
        return False


def _code(value: Any) -> str:
    """A coded value's text (a label, a number), compared ignoring case and spaces."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)


def _whole(value: Any) -> int | None:
    """The whole number a cell holds exactly: an int, an integral float, or digits as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return None


def shown(value: Any) -> str:
    """A value as the user typed it, quoted when it is text; long text shortened to its start."""
    if isinstance(value, str):
        return '"' + (value if len(value) <= 60 else value[:57] + "…") + '"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _labels(enum: type[Enum]) -> list[str]:
    return [str(getattr(member, "label", member.value)) for member in enum]


def _or(choices: list[str]) -> str:
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def _a(column: str) -> str:
    noun = column.lower()
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
