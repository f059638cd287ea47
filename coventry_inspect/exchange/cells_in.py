"""Reading cell values as the contract's types, collecting a problem for each bad cell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from openpyxl.utils.datetime import from_excel

from coventry_inspect.domain.vocabulary import LabelledEnum, LeaGrade, SchoolGrade
from coventry_inspect.exchange.errors import CellProblem
from coventry_inspect.exchange.layout import MAX_CELL_TEXT

E = TypeVar("E", bound=LabelledEnum)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class CellReader:
    """Converts the cells of one row, recording what is wrong against sheet, row and column."""

    sheet: str
    problems: list[CellProblem] = field(default_factory=list)
    row: int = 0

    def problem(self, column: str, message: str) -> None:
        self.problems.append(CellProblem(self.sheet, self.row, column, message))

    def text(self, value: Any, column: str, *, required: bool = False) -> str:
        if value is None:
            text = ""
        elif isinstance(value, str):
            text = value
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, datetime | date):
            text = value.isoformat()
        else:
            text = str(value)
        if len(text) > MAX_CELL_TEXT:
            self.problem(
                column, f"{len(text):,} characters is more than a cell holds ({MAX_CELL_TEXT:,})"
            )
        if required and not text.strip():
            self.problem(column, "is empty")
        return text

    def urn(self, value: Any, column: str = "URN") -> str:
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and float(value).is_integer()
        ):
            text = str(int(value))
        else:
            text = self.text(value, column).strip()
        if not re.fullmatch(r"\d{6}", text):
            self.problem(column, f"a URN is six digits, not {text!r}" if text else "is empty")
        return text

    def choice(self, enum: type[E], value: Any, column: str, *, required: bool = True) -> E | None:
        text = self.text(value, column).strip()
        if not text:
            if required:
                self.problem(column, f"is empty; choose one of: {_choices(enum)}")
            return None
        try:
            return enum.from_label(text)  # type: ignore[return-value]
        except ValueError:
            self.problem(column, f"{text!r} is not one of: {_choices(enum)}")
            return None

    def school_grade(self, value: Any, column: str) -> SchoolGrade | None:
        """'Outstanding', 1, '1' or '1 Outstanding'; blank for not yet graded."""
        text = self.text(value, column).strip()
        if not text:
            return None
        number = re.match(r"(?:grade\s*)?(\d)\b", text, re.IGNORECASE)
        for grade in SchoolGrade:
            if text.casefold() == grade.label.casefold() or (
                number and int(number[1]) == grade.value
            ):
                return grade
        self.problem(
            column, f"{text!r} is not a school grade: {', '.join(g.label for g in SchoolGrade)}"
        )
        return None

    def integer(self, value: Any, column: str, *, required: bool = True) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(column, "is empty; enter a whole number")
            return None
        if isinstance(value, bool):
            self.problem(column, f"{value!r} is not a whole number")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
            return int(value)
        self.problem(column, f"{value!r} is not a whole number")
        return None

    def lea_grade(self, value: Any, column: str, *, required: bool = False) -> LeaGrade | None:
        number = self.integer(value, column, required=required)
        if number is None:
            return None
        if not 1 <= number <= 7:
            self.problem(column, f"a judgement grade is 1 to 7, not {number}")
            return None
        return LeaGrade(number)

    def number(self, value: Any, column: str, low: float, high: float) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.problem(column, f"{value!r} is not a number")
            return None
        if not low <= number <= high:
            self.problem(column, f"{number:g} is outside {low:g} to {high:g}")
            return None
        return number

    def date(self, value: Any, column: str) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                converted = from_excel(value)
            except (ValueError, OverflowError, TypeError):
                converted = None
            if isinstance(converted, datetime):
                return converted.date()
        if isinstance(value, str):
            text = value.strip()
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                match = _UK_DATE.fullmatch(text)
                if match:
                    try:
                        return date(int(match[3]), int(match[2]), int(match[1]))
                    except ValueError:
                        pass
        self.problem(
            column, f"{value!r} is not a date (use a date cell, or text such as 2013-03-11)"
        )
        return None

    def yes_no(self, value: Any, column: str) -> bool:
        text = self.text(value, column).strip().casefold()
        if text in ("yes", "y", "true", "1"):
            return True
        if text in ("no", "n", "false", "0", ""):
            return False
        self.problem(column, f"{text!r} is not Yes or No")
        return False


def _choices(enum: type[Enum]) -> str:
    return ", ".join(str(getattr(member, "label", member.value)) for member in enum)
