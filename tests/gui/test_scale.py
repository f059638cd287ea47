"""What an edit costs on a large file: only what changed is read and redrawn.

On a national file (1,500 inspections) every edit used to read the whole inspection list again
and re-measure its columns, and read the snapshot twice; the register dialog read all 50,000
schools before it opened. These tests hold the behaviour that keeps it quick, without timing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from coventry_inspect.domain.vocabulary import Phase, SchoolGrade
from coventry_inspect.gui import register_model
from coventry_inspect.gui.inspection_list import InspectionListModel
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.register_dialog import RegisterDialog
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, inspections, snapshot
from coventry_inspect.services.register import SEARCH_PAGE, RegisterRow, import_register
from coventry_inspect.store.database import Database
from tests.gui.conftest import workspace_of
from tests.gui.typing import type_in_cell

GRADE = 4
COPIES = 40


@pytest.fixture
def many(window: MainWindow) -> MainWindow:
    """The examples and 40 copies of the focused one, shown on its Schools inspected page."""
    db = window.db
    assert db is not None
    focused = inspections.find_by_reference(db, "COV-2013-03")
    assert focused is not None
    for n in range(COPIES):
        snapshot.duplicate_inspection(db, focused.id, f"COV-2013-03-{n:02d}")
    workspace = workspace_of(window)
    workspace.inspections.refresh()
    workspace.select_inspection(focused.id)
    workspace.show_part("Schools inspected")
    return window


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Which rows of the inspection list the views asked the model about, and how often."""
    asked: Counter[int] = Counter()
    original = InspectionListModel.data

    def data(self: InspectionListModel, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        asked[index.row()] += 1
        return original(self, index, role)

    monkeypatch.setattr(InspectionListModel, "data", data)
    return asked


@pytest.fixture
def statements(window: MainWindow) -> Iterator[list[str]]:
    """Every SQL statement sent to the window's database file while the test runs."""
    sent: list[str] = []
    engine = window.db.engine  # type: ignore[union-attr]

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def test_a_grade_typed_in_reads_no_other_row_of_the_inspection_list(
    qtbot: QtBot, many: MainWindow, rows_read: Counter[int]
) -> None:
    workspace = workspace_of(many)
    listed = workspace.inspection_table
    widths = [listed.horizontalHeader().sectionSize(c) for c in range(4)]
    mine = workspace.inspections.row_of(workspace.inspection_id)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    row = next(
        n for n, r in enumerate(schools.model.rows) if r.outcome_grade is not SchoolGrade.GOOD
    )
    rows_read.clear()
    type_in_cell(qtbot, schools, row, GRADE, "Good")
    QApplication.processEvents()
    stored = evidence.list_inspected_schools(many.db, workspace.inspection_id)  # type: ignore[arg-type]
    assert stored[row].outcome_grade is SchoolGrade.GOOD
    assert set(rows_read) <= {mine}  # the list shows no grade: at most its own row is redrawn
    assert [listed.horizontalHeader().sectionSize(c) for c in range(4)] == widths
    assert workspace.inspections.rowCount() == COPIES + 2
    assert listed.selectionModel().selectedRows()[0].row() == mine
    # Undo and redo put the grade back and forth, and still read no other row.
    many.undo_action.trigger()
    many.redo_action.trigger()
    QApplication.processEvents()
    assert set(rows_read) <= {mine}


def test_a_new_reference_changes_its_row_of_the_list_and_widens_the_column(
    qtbot: QtBot, many: MainWindow, rows_read: Counter[int]
) -> None:
    workspace = workspace_of(many)
    workspace.show_part("Details")
    mine = workspace.inspections.row_of(workspace.inspection_id)
    header = workspace.inspection_table.horizontalHeader()
    width = header.sectionSize(0)
    details = workspace.page("details")
    field = details.fields["reference"]  # type: ignore[attr-defined]
    rows_read.clear()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "COV-2013-03 (revisited in spring)")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    QApplication.processEvents()
    index = workspace.inspections.index(mine, 0)
    assert index.data() == "COV-2013-03 (revisited in spring)"
    assert header.sectionSize(0) > width  # the longer reference is not cut short
    assert set(rows_read) <= {mine}
    many.undo_action.trigger()
    assert workspace.inspections.index(mine, 0).data() == "COV-2013-03"


def test_a_refresh_reads_each_part_once(many: MainWindow, statements: list[str]) -> None:
    """After an edit the window reads the inspection's row of the list, the inspection once for
    the marks, the to-do bar and the outcomes, and the page shown: not every page, nor the
    whole list."""
    workspace = workspace_of(many)
    statements.clear()
    workspace.refresh()
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    tables = Counter(
        table
        for s in selects
        for table in ("inspected_school", "surveyed_school", "finding", "response", "history")
        if re.search(rf"FROM {table}\b", s)  # not finding_evidence
    )
    assert tables["finding"] == 1  # the snapshot's read (the findings page is not shown)
    assert tables["history"] == 0  # the history page is read when it is shown
    assert tables["inspected_school"] == 2  # the snapshot and the page shown
    assert len(statements) <= 16
    inspection_reads = [s for s in selects if "FROM inspection " in s]
    assert inspection_reads
    assert all("WHERE" in s for s in inspection_reads)  # its own row, not the whole list


def test_pages_not_shown_catch_up_when_shown(qtbot: QtBot, many: MainWindow) -> None:
    workspace = workspace_of(many)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    type_in_cell(qtbot, schools, 0, 6, "Seen the head")
    workspace.show_part("History")
    history = workspace.page("history")
    now = [history.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)].index("Now")  # type: ignore[attr-defined]
    assert history.model.index(0, now).data() == "Seen the head"  # type: ignore[attr-defined]
    many.undo_action.trigger()  # undone on another page: the schools page shows it when shown
    workspace.show_part("Schools inspected")
    assert schools.model.rows[0].notes != "Seen the head"
    assert history.model.index(0, now).data() != "Seen the head"  # type: ignore[attr-defined]


# -- the register dialog ---------------------------------------------------------------------

SCHOOLS = 3_000


def fill_register(db: Database) -> None:
    rows = (
        RegisterRow(str(400000 + n), f"Register School {n}", Phase.SECONDARY, la_name="Warwick")
        for n in range(SCHOOLS)
    )
    for _ in import_register(db, rows):
        pass


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many schools each read of the register returned."""
    counts: list[int] = []
    original = register_model.search_register

    def search(*args: Any, **kwargs: Any) -> Any:
        page = original(*args, **kwargs)
        counts.append(len(page.entries))
        return page

    monkeypatch.setattr(register_model, "search_register", search)
    return counts


def test_the_register_dialog_opens_reading_one_page_and_adds_the_school_typed(
    qtbot: QtBot, window: MainWindow, fetched: list[int]
) -> None:
    db = window.db
    assert db is not None
    fill_register(db)
    workspace = workspace_of(window)
    workspace.show_part("Schools inspected")
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    before = len(schools.model.rows)
    seen: dict[str, Any] = {}

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RegisterDialog)
        seen["opened"] = list(fetched)
        seen["count"] = dialog.count.text()
        qtbot.keyClicks(dialog.search, "school 1234")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
        seen["found"] = dialog.model.entry(0)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    button = next(b for b in schools.add_buttons if b.text() == "Add from &register…")
    button.click()
    assert seen["opened"] == [SEARCH_PAGE]  # one page of the register, not all 3,000 schools
    assert seen["count"] == f"{SCHOOLS + 22:,} of {SCHOOLS + 22:,} schools"
    assert seen["found"][:2] == ("401234", "Register School 1234")
    assert len(schools.model.rows) == before + 1
    assert any(r.school.urn == "401234" for r in schools.model.rows)


def test_the_register_list_reads_more_as_it_is_scrolled(
    qtbot: QtBot, window: MainWindow, fetched: list[int], qtmodeltester: ModelTester
) -> None:
    db = window.db
    assert db is not None
    fill_register(db)
    dialog = RegisterDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == SEARCH_PAGE
    bar = dialog.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert dialog.model.rowCount() == 2 * SEARCH_PAGE
    assert sum(fetched) == 2 * SEARCH_PAGE
    names = [dialog.model.entry(r)[1] for r in range(dialog.model.rowCount())]
    assert names == sorted(names, key=str.casefold)  # by name, page after page
    dialog.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert dialog.model.entry(0)[0] == "990022"
    qtmodeltester.check(dialog.model)
    qtbot.keyClicks(dialog.search, "register 29")
    qtbot.waitUntil(lambda: dialog.count.text() == f"159 of {SCHOOLS + 22:,} schools")
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 159
    assert dialog.model.index(0, 0, QModelIndex()).data() == "402999"
