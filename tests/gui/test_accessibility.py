"""Every input can be named by a screen reader; the keyboard reaches the next question."""

from __future__ import annotations

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.services import inspections
from tests.gui.conftest import workspace_of

INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QDateEdit, QAbstractItemView, QListWidget)


def inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent()
    return False


def unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if (
            not isinstance(widget, INPUTS)
            or isinstance(widget, QHeaderView)
            or widget.accessibleName()
        ):
            continue
        if inside(widget, (QComboBox, QDateEdit)):  # a combo box's own popup, a date edit's parts
            continue
        if type(widget).__name__ in (
            "QCalendarView",
            "QColumnView",
        ) or widget.objectName().startswith("qt_"):
            continue
        missing.append(
            f"{type(widget).__name__} in {widget.parent().objectName() or type(widget.parent()).__name__}"
        )
    return missing


def test_every_input_has_an_accessible_name(window: MainWindow) -> None:
    workspace = workspace_of(window)
    assert unnamed_inputs(workspace) == []
    lea = inspections.find_by_reference(window.db, "COV-2004-05")  # type: ignore[arg-type]
    assert lea is not None
    workspace.select_inspection(lea.id)
    assert unnamed_inputs(workspace) == []


def test_standard_shortcuts(window: MainWindow) -> None:
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() in ("Ctrl+Y", "Ctrl+Shift+Z")
    shortcuts = {
        a.objectName(): a.shortcut().toString()
        for a in window.findChildren(type(window.undo_action))
    }
    assert shortcuts["Open"] == "Ctrl+O"
    assert shortcuts["New inspection"] == "Ctrl+N"
    assert shortcuts["Quit"] == "Ctrl+Q"


def test_ctrl_return_moves_to_the_next_question_then_the_next_school(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = workspace_of(window)
    workspace.show_part("Key questions and responses")
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    window.activateWindow()
    panel.schools.setCurrentRow(0)
    first_school = panel.schools.currentItem().text()
    panel.editors[0].text.setFocus()
    qtbot.waitUntil(lambda: panel.editors[0].text.hasFocus(), timeout=2000)
    panel.next_question()
    assert panel.editors[1].text.hasFocus()
    panel.editors[-1].text.setFocus()
    panel.next_question()  # past the last question: the next school
    assert panel.schools.currentItem().text() != first_school
    assert panel.editors[0].text.hasFocus()
    keys = {s.key().toString() for s in panel.findChildren(QShortcut)}
    assert keys == {"Ctrl+Return", "Ctrl+Shift+Return"}


def test_tab_goes_down_the_details_form_in_order(qtbot: QtBot, window: MainWindow) -> None:
    from coventry_inspect.gui.details_page import DetailsPage

    details = workspace_of(window).page("details")
    assert isinstance(details, DetailsPage)
    window.activateWindow()
    details.tab_chain[0].setFocus()
    qtbot.waitUntil(lambda: details.tab_chain[0].hasFocus(), timeout=2000)
    reached = [details.tab_chain[0].accessibleName()]
    for _ in details.tab_chain[1:]:
        focused = QApplication.focusWidget()
        assert focused is not None
        focused.nextInFocusChain()
        details.focusNextChild()
        widget = QApplication.focusWidget()
        while widget is not None and not widget.accessibleName():
            widget = widget.parentWidget()
        reached.append(widget.accessibleName() if widget else "")
    assert reached == [
        "Reference",
        "Kind",
        "Local authority",
        "LA number",
        "Start date",
        "End date",
        "Letter date",
        "Meeting date",
        "Sender name",
        "Sender title",
        "Addressee name",
        "Addressee title",
        "Addressee address",
        "Copy to",
        "Summary",
    ]


def test_each_menu_gives_every_item_its_own_alt_letter(window: MainWindow) -> None:
    """With the File menu open, Alt+letter (or the letter) picks one item, never the first of
    two: the team items (Export for inspector, Merge…, Connect…) were added beside others."""
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        letters = [
            action.text().split("&", 1)[1][0].casefold()
            for action in menu.actions()
            if "&" in action.text()
        ]
        assert len(letters) == len(set(letters)), (menu_action.text(), sorted(letters))
