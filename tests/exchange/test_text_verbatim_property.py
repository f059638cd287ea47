"""Property: any text in any text cell imports verbatim or is refused with a message naming
that cell; it is never altered (never stripped, cut, or turned into a number or a date)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot

Read = Callable[[InspectionSnapshot], str]
# (sheet, column header or Inspection field, how the imported snapshot holds row 2's value)
FOCUSED_CELLS: list[tuple[str, str, Read]] = [
    ("Schools inspected", "School", lambda s: s.inspected[0].name),
    ("Schools inspected", "Notes", lambda s: s.inspected[0].notes),
    ("Telephone survey", "School", lambda s: s.surveyed[0].name),
    ("Telephone survey", "Notes", lambda s: s.surveyed[0].notes),
    ("Key questions", "Question", lambda s: s.questions[0].text),
    ("Responses", "Response", lambda s: s.responses[0].text),
    ("Findings", "Statement", lambda s: s.findings[0].statement),
    ("Inspection", "Reference", lambda s: s.details.reference),
    ("Inspection", "Local authority", lambda s: s.details.authority),
    ("Inspection", "LA number", lambda s: s.details.la_number),
    ("Inspection", "Sender name", lambda s: s.details.sender_name),
    ("Inspection", "Addressee title", lambda s: s.details.addressee_title),
    ("Inspection", "Addressee address", lambda s: s.details.addressee_address),
    ("Inspection", "Summary", lambda s: s.details.summary),
]
LEA_CELLS: list[tuple[str, str, Read]] = [
    ("Findings", "Section", lambda s: s.findings[0].section),
    ("Recommendations", "Section", lambda s: s.recommendations[0].section),
    ("Recommendations", "Function", lambda s: s.recommendations[0].function),
    ("Recommendations", "Recommendation", lambda s: s.recommendations[0].text),
]

# Everything a cell can hold: XML keeps no other control characters than tab, LF and CR.
characters = st.characters(blacklist_categories=("Cs", "Cn", "Cc"), whitelist_characters="\t\n\r")
starts = st.sampled_from(
    ["", " ", "=", "=SUM(A1:A9)", "+", "-", "@", "\t", "\n", "\r\n", "1", "2.5", "2013-03-11"]
)
short = st.builds(lambda a, b, c: a + b + c, starts, st.text(characters, max_size=30), starts)
long = st.builds(
    lambda seed, n: (seed * n)[:32_767],  # the most a cell holds: openpyxl cuts longer text
    st.text(characters, min_size=1, max_size=5),
    st.integers(8, 7_000),
)
texts = st.one_of(
    short,
    long,
    st.sampled_from(["1", "007", "2.50", "1e3", "TRUE", "11/03/2013", "  Good  ", "#N/A"]),
)


def place(path: Path, sheet: str, column: str, text: str) -> tuple[int, str]:
    """Write ``text`` as a text cell at row 2 of ``column`` (or the ``column`` field's Value);
    the row and header of the cell written."""
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    if sheet == "Inspection":
        row = next(r[0].row for r in worksheet.iter_rows() if r[0].value == column)
        cell, header = worksheet.cell(row, 2), "Value"
    else:
        number = next(c.column for c in worksheet[1] if c.value == column)
        cell, header = worksheet.cell(2, number), column
    cell.value = text
    cell.data_type = "s"  # text, even when it looks like a formula
    workbook.save(path)
    return cell.row, header


def as_the_file_holds(path: Path, sheet: str, row: int, header: str) -> Any:
    """The cell as any reader of the file sees it (XML reads a carriage return as a line feed)."""
    worksheet = load_workbook(path)[sheet]
    column = (
        2 if sheet == "Inspection" else next(c.column for c in worksheet[1] if c.value == header)
    )
    return worksheet.cell(row, column).value


def has(snapshot: InspectionSnapshot, cell: tuple[str, str, Read]) -> bool:
    """Whether the example has a row 2 there (a cell in an empty row would make a bad row)."""
    try:
        cell[2](snapshot)
    except IndexError:
        return False
    return True


def imported_or_refusals(path: Path) -> InspectionSnapshot | list[str]:
    try:
        return read_workbook(path)
    except WorkbookInvalid as refusal:
        return [str(problem) for problem in refusal.problems]


@pytest.mark.parametrize("which", ["focused", "lea"])
def test_text_imports_verbatim_or_is_refused(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    snapshot: InspectionSnapshot = request.getfixturevalue(which)
    exported = tmp_path / "exported.xlsx"
    export_workbook(snapshot, exported)
    cells = [c for c in (FOCUSED_CELLS if which == "focused" else LEA_CELLS) if has(snapshot, c)]
    assert len(cells) >= 4

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.sampled_from(cells), texts)
    def check(cell: tuple[str, str, Read], text: str) -> None:
        sheet, column, read = cell
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "inspection.xlsx"
            shutil.copyfile(exported, path)
            row, header = place(path, sheet, column, text)
            held = as_the_file_holds(path, sheet, row, header) or ""  # an empty cell is blank
            assert held in (text, text.replace("\r\n", "\n").replace("\r", "\n"))
            imported = imported_or_refusals(path)
            if isinstance(imported, list):
                where = f'{sheet}, row {row}, column "{header}": '
                assert imported, "refused without a message"
                assert all(p.startswith(where) for p in imported), imported
            else:
                assert read(imported) == held

    check()
