"""Typing the way a person does on the Analysis part and under a response, then checking what
the database holds: themes typed under an answer, an answer being typed when a cell of the grid
opens another school's response, and the screens as they look (screenshots)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.services import evidence, themes
from tests.gui.analysis_fixture import open_analysis
from tests.gui.conftest import screenshot, workspace_of


def _panel(window: MainWindow) -> ResponsesPanel:
    panel = workspace_of(window).page("questions").findChild(ResponsesPanel)
    assert panel is not None
    return panel


def _open_cell(qtbot: QtBot, window: MainWindow, row: int, column: int) -> None:
    workspace_of(window).show_part("Analysis")
    page = workspace_of(window).page("analysis")
    page.tabs.setCurrentIndex(1)
    rect = page.grid.cell_rect(row, column)
    qtbot.mouseClick(
        page.grid.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 4, rect.center().y()),
    )


def test_themes_typed_under_a_response_are_stored_and_undone(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    page = open_analysis(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    _open_cell(qtbot, window, 0, 0)  # Ash, question 1, headteacher
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    editor = next(e for e in _panel(window).editors if e.text.hasFocus())
    qtbot.keyClick(editor.text, Qt.Key.Key_Tab)  # the Themes field, after the answer
    assert editor.themes.hasFocus()
    qtbot.keyClicks(editor.themes, "adviser visits;  Governor Training ")
    qtbot.keyClick(editor.themes, Qt.Key.Key_Return)
    assert window.db is not None
    inspection = page.context.inspection_id
    stored = set(themes.themes_used(window.db, inspection))
    assert stored == {"adviser visits", "Governor Training"}
    screenshot(window, "rev-gui-themes-under-response", tmp_path)
    window.stack.undo()
    assert themes.themes_used(window.db, inspection) == []


def test_an_answer_being_typed_is_kept_when_the_grid_opens_another_school(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1400, 900)
    open_analysis(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    _open_cell(qtbot, window, 0, 0)  # Ash, question 1
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    editor = next(e for e in _panel(window).editors if e.text.hasFocus())
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text, " Twice a term.")
    _open_cell(qtbot, window, 1, 0)  # Birch, question 1: the Ash editor is deleted
    qtbot.waitUntil(lambda: _panel(window).schools.currentItem().text() == "Birch Infant")
    assert window.db is not None
    inspection = workspace_of(window).context.inspection_id  # type: ignore[union-attr]
    texts = {r.text for r in evidence.list_responses(window.db, inspection)}
    assert "We are known well by the adviser. Twice a term." in texts
