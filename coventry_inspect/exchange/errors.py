"""Errors in workbooks, reported as the user can find them: sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass


class WorkbookError(Exception):
    """The workbook cannot be read or written; the message is one line for the user."""


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f'{self.sheet}, row {self.row}, column "{self.column}": {self.message}'


class WorkbookInvalid(WorkbookError):  # noqa: N818 - reads as what the user is told
    """The workbook was read but breaks the contract; nothing was imported."""

    def __init__(self, path: str, problems: list[CellProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
