"""What is left to do is listed on the page; each item goes where it is put right, and goes
away once it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Phase, PreviousGrade, SchoolGrade
from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.gui.workspace import Workspace
from coventry_inspect.services import evidence, inspections
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.typing import focused, press, type_keys

CTRL = Qt.KeyboardModifier.ControlModifier


def links(workspace: Workspace) -> list[str]:
    """The to-do links a person sees."""
    return [x.text() for x in workspace.todo.links if x.isVisible()]


def link(workspace: Workspace, text: str) -> QToolButton:
    return next(x for x in workspace.todo.links if x.text() == text)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def part_tip(workspace: Workspace, part: str) -> str:
    items = [workspace.parts.item(r) for r in range(workspace.parts.count())]
    return next(i.toolTip() for i in items if i.data(Qt.ItemDataRole.UserRole) == part)


def test_a_missing_outcome_is_listed_and_one_click_goes_to_its_cell(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    workspace = workspace_of(window)
    assert window.db is not None
    assert workspace.inspection_id is not None
    workspace.show_part("Schools inspected")
    assert links(workspace) == []  # the example's schools all have outcomes
    evidence.add_inspected_school(
        window.db,
        workspace.inspection_id,
        "123456",
        "Oak Primary",
        Phase.PRIMARY,
        PreviousGrade.GOOD,
    )
    workspace.refresh()
    assert links(workspace) == ["Oak Primary has no outcome grade"]
    screenshot(window, "todo-schools", tmp_path)
    activate(qtbot, window)
    qtbot.mouseClick(link(workspace, "Oak Primary has no outcome grade"), Qt.MouseButton.LeftButton)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    current = schools.table.currentIndex()
    assert focused() is schools.table
    assert schools.model.rows[current.row()].school.name == "Oak Primary"
    assert schools.model.columns[current.column()].header == "Outcome grade"
    type_keys(qtbot, "Good")
    press(qtbot, Qt.Key.Key_Tab)
    oak = next(
        r
        for r in evidence.list_inspected_schools(window.db, workspace.inspection_id)
        if r.school.urn == "123456"
    )
    assert oak.outcome_grade is SchoolGrade.GOOD
    assert links(workspace) == []


def test_a_missing_date_goes_to_its_field(qtbot: QtBot, window: MainWindow) -> None:
    workspace = workspace_of(window)
    assert window.db is not None
    assert workspace.inspection_id is not None
    inspections.update_inspection(window.db, workspace.inspection_id, letter_date=None)
    workspace.refresh()
    assert links(workspace) == ["Letter date is not entered"]  # Details is shown first
    activate(qtbot, window)
    qtbot.mouseClick(link(workspace, "Letter date is not entered"), Qt.MouseButton.LeftButton)
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    assert focused() is details.fields["letter_date"]
    type_keys(qtbot, "18 March 2013")
    press(qtbot, Qt.Key.Key_Tab)
    assert links(workspace) == []


def test_missing_responses_read_as_english_and_go_to_the_school(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    workspace = workspace_of(window)
    workspace.show_part("Key questions and responses")
    first = "Early Years Centre (illustrative): no responses to questions 1, 2 and 3"
    assert links(workspace)[0] == first
    assert len(links(workspace)) == 5  # and the rest in "and 17 more"
    assert first in part_tip(workspace, "Key questions and responses")
    activate(qtbot, window)
    qtbot.mouseClick(link(workspace, first), Qt.MouseButton.LeftButton)
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    assert panel.schools.currentRow() == 0
    assert focused() is panel.editors[0].text
    qtbot.keyClicks(focused(), "Very well.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert (
        links(workspace)[0]
        == "Early Years Centre (illustrative): no responses to questions 2 and 3"
    )
    qtbot.keyClicks(focused(), "Termly visits.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert links(workspace)[0] == "Early Years Centre (illustrative): no response to question 3"
    assert "no response to question 3" in part_tip(workspace, "Key questions and responses")
    screenshot(window, "todo-responses", tmp_path)
    qtbot.keyClicks(focused(), "Much better.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # saved on leaving for the next school
    assert not any(text.startswith("Early Years Centre") for text in links(workspace))
    assert panel.schools.currentRow() == 1
