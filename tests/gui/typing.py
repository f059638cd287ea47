"""Typing into the GUI as a person does: keys go to whichever widget has the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.table_page import TablePage


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_keys(qtbot: QtBot, text: str) -> None:
    """Each character to the widget that has the focus at the time (an editor may open)."""
    for character in text:
        qtbot.keyClicks(focused(), character)


def press(qtbot: QtBot, key: Qt.Key) -> None:
    """A key, then what it set going (a table commits on Return once events are processed)."""
    window = focused().window()
    qtbot.keyClick(focused(), key)
    QApplication.processEvents()
    if QApplication.activeWindow() is None:
        # The offscreen platform leaves no window active after a popup (a completion list, a
        # calendar) closes; a window manager gives the activation back to the window.
        window.activateWindow()
        QApplication.processEvents()


def focus_cell(qtbot: QtBot, page: TablePage, row: int, column: int) -> None:
    """Click the cell once: it becomes the current cell and the table has the focus. (Nothing
    is selected first: a click on a selected cell would open its editor after a pause.)"""
    page.window().activateWindow()
    page.table.clearSelection()
    index = page.model.index(row, column)
    page.table.scrollTo(index)
    qtbot.mouseClick(
        page.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.table.visualRect(index).center(),
    )
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=2000)
    assert page.table.currentIndex() == index


def type_in_cell(
    qtbot: QtBot,
    page: TablePage,
    row: int,
    column: int,
    text: str,
    *,
    open_with: str = "typing",
    finish: Qt.Key = Qt.Key.Key_Tab,
) -> None:
    """Open the cell's editor ("typing" straight over the cell, "F2", "Return" or
    "double-click"), type ``text`` over what it holds, and leave with ``finish``."""
    focus_cell(qtbot, page, row, column)
    if open_with == "double-click":
        qtbot.mouseDClick(
            page.table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=page.table.visualRect(page.model.index(row, column)).center(),
        )
    elif open_with in ("F2", "Return"):
        press(qtbot, Qt.Key.Key_F2 if open_with == "F2" else Qt.Key.Key_Return)
    if open_with != "typing":
        assert focused() is not page.table, (
            f"{open_with} opened no editor: {page.table.state()} {page.table.currentIndex()}"
            f" {page.model.flags(page.table.currentIndex())} {QApplication.activeWindow()}"
        )
        qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(qtbot, text)
    press(qtbot, finish)
