"""Who a school is assigned to: an Inspector column on both school pages, typed freely or
picked from the names already used."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.choice_edit import ChoiceEdit
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence
from tests.gui.conftest import workspace_of
from tests.gui.test_editing import open_reference
from tests.gui.test_typing import save_picture, with_popup
from tests.gui.typing import focus_cell, focused, press, type_in_cell, type_keys

PAGES = {"schools": ("Schools inspected", 7), "survey": ("Telephone survey", 6)}


def page_of(window: MainWindow, key: str) -> TablePage:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    workspace.show_part(PAGES[key][0])
    page = workspace.page(key)
    assert isinstance(page, TablePage)
    return page


def stored(window: MainWindow, key: str) -> list[str]:
    inspection = workspace_of(window).inspection_id
    assert inspection is not None
    rows = (
        evidence.list_inspected_schools(window.db, inspection)  # type: ignore[arg-type]
        if key == "schools"
        else evidence.list_surveyed_schools(window.db, inspection)  # type: ignore[arg-type]
    )
    return [row.inspector for row in rows]


@pytest.mark.parametrize("key", list(PAGES))
def test_the_inspector_column_shows_who_each_school_is_assigned_to(
    window: MainWindow, key: str, tmp_path: Path
) -> None:
    page = page_of(window, key)
    column = PAGES[key][1]
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Inspector"
    shown = [page.model.index(row, column).data() for row in range(page.model.rowCount())]
    assert shown == stored(window, key)
    assert set(shown) == (
        {"Ann Example", "Ben Sample"}
        if key == "schools"
        else {
            "Cal Example",
            "Ben Sample",
        }
    )
    assert page.table.columnWidth(column) >= page.table.fontMetrics().horizontalAdvance(
        "Ann Example"
    )
    window.resize(1400, 700)
    QApplication.processEvents()
    from tests.gui.conftest import screenshot

    screenshot(window, f"inspector-column-{key}", tmp_path)


@pytest.mark.parametrize("key", list(PAGES))
@pytest.mark.parametrize("finish", [Qt.Key.Key_Tab, Qt.Key.Key_Return])
def test_a_new_name_typed_is_stored_trimmed(
    qtbot: QtBot, window: MainWindow, key: str, finish: Qt.Key
) -> None:
    page = page_of(window, key)
    type_in_cell(qtbot, page, 1, PAGES[key][1], "  Dee Newcomer ", finish=finish)
    assert stored(window, key)[1] == "Dee Newcomer"
    assert workspace_of(window).problem.text() == ""
    assert "Dee Newcomer" in evidence.inspector_names(window.db)  # type: ignore[arg-type]


def test_a_name_already_used_is_offered_and_a_pick_is_stored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = page_of(window, "survey")
    assert stored(window, "survey")[0] == "Cal Example"
    focus_cell(qtbot, page, 0, 6)
    type_keys(qtbot, "a")
    editor = focused()
    assert isinstance(editor, ChoiceEdit)
    popup = editor.completer().popup()
    assert popup is not None
    assert popup.isVisible()
    offered = editor.completer().completionModel()
    assert [offered.index(i, 0).data() for i in range(offered.rowCount())] == ["Ann Example"]
    window.resize(1400, 700)
    QApplication.processEvents()
    save_picture(with_popup(page.window(), popup), "inspector-completion", tmp_path)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert stored(window, "survey")[0] == "Ann Example"


def test_clearing_the_name_unassigns_the_school_and_undo_puts_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = page_of(window, "schools")
    focus_cell(qtbot, page, 2, 7)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert stored(window, "schools")[2] == ""
    window.undo_action.trigger()
    assert stored(window, "schools")[2] == "Ann Example"


def test_a_name_is_no_longer_than_the_column_holds(qtbot: QtBot, window: MainWindow) -> None:
    page = page_of(window, "schools")
    type_in_cell(qtbot, page, 0, 7, "x" * 120)
    assert stored(window, "schools")[0] == "x" * 100


@pytest.mark.parametrize("finish", [Qt.Key.Key_Tab, Qt.Key.Key_Return])
def test_a_name_typed_in_another_case_is_stored_as_it_is_spelt_already(
    qtbot: QtBot, window: MainWindow, finish: Qt.Key
) -> None:
    """ "ben  sample" is Ben Sample: stored as the name is spelt already, so the completion list
    and Export for inspector keep one name per person."""
    page = page_of(window, "schools")
    assert stored(window, "schools")[0] == "Ann Example"
    type_in_cell(qtbot, page, 0, 7, "ben  sample", finish=finish)
    assert stored(window, "schools")[0] == "Ben Sample"
    assert "ben  sample" not in evidence.inspector_names(window.db)  # type: ignore[arg-type]
