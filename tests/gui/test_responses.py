"""Typing responses as an inspector does: the field typed in stays in sight, each school shows
how many of its questions are answered, and the list narrows to the schools still to do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import PROGRESS_ROLE, ResponsesPanel
from coventry_inspect.services import evidence
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.typing import focused

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def responses_panel(window: MainWindow) -> ResponsesPanel:
    workspace = workspace_of(window)
    workspace.show_part("Key questions and responses")
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    return panel


def in_sight(panel: ResponsesPanel, widget: QWidget) -> bool:
    viewport = panel.area.viewport()
    assert viewport.isAncestorOf(widget), f"{widget.accessibleName()} is not among the answers"
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def start_typing_in(qtbot: QtBot, panel: ResponsesPanel, row: int) -> None:
    panel.window().activateWindow()
    panel.schools.setCurrentRow(row)
    qtbot.mouseClick(panel.editors[0].text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.editors[0].text.hasFocus(), timeout=2000)


def progress(panel: ResponsesPanel, row: int) -> str:
    """What is shown beside the school's name."""
    return str(panel.schools.item(row).data(PROGRESS_ROLE))


def stored_texts(window: MainWindow) -> list[str]:
    workspace = workspace_of(window)
    assert window.db is not None
    assert workspace.inspection_id is not None
    return sorted(r.text for r in evidence.list_responses(window.db, workspace.inspection_id))


def test_the_field_typed_in_is_always_in_sight(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 560)  # a short laptop window: a school's questions do not all fit
    panel = responses_panel(window)
    surveyed = next(i for i, e in enumerate(panel.entries) if e.surveyed)  # four questions
    start_typing_in(qtbot, panel, surveyed)
    assert panel.area.verticalScrollBar().maximum() > 0, "the questions fit: nothing to scroll"
    for number, editor in enumerate(panel.editors, start=1):
        assert focused() is editor.text
        assert in_sight(panel, editor.text), f"question {number}'s answer is out of sight"
        qtbot.keyClicks(focused(), f"Answer {number}.")
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    # Past the last question: the next school, its first question at the top, in sight.
    assert panel.schools.currentRow() == surveyed + 1
    assert focused() is panel.editors[0].text
    assert in_sight(panel, panel.editors[0].text)
    # Tab walks through the themes and Link to a finding…, then the respondent, judgement and
    # answer of each next question, each in sight.
    for _ in range(5 * (len(panel.editors) - 1)):  # themes, link, respondent, judgement, answer
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert in_sight(panel, focused()), f"{focused().accessibleName()} is out of sight"
    assert focused() is panel.editors[-1].text
    screenshot(window, "responses-short-window", tmp_path)
    # Ctrl+Shift+Return from the middle of a school: the next school's first answer.
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL | SHIFT)
    assert panel.schools.currentRow() == surveyed + 2
    assert focused() is panel.editors[0].text
    assert in_sight(panel, focused())
    assert stored_texts(window) == ["Answer 1.", "Answer 2.", "Answer 3.", "Answer 4."]


def test_each_school_shows_its_progress_as_it_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    assert progress(panel, 0) == "0/3"  # an inspected school is asked three questions
    qtbot.keyClicks(focused(), "We")
    assert progress(panel, 0) == "1/3"  # counted while typing, before it is saved
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert stored_texts(window) == ["We"]
    assert progress(panel, 0) == "1/3"
    assert "no responses to questions 2 and 3" in panel.schools.item(0).toolTip()
    surveyed = next(i for i, e in enumerate(panel.entries) if e.surveyed)
    assert progress(panel, surveyed) == "0/4"


def test_still_to_do_only_narrows_the_list(qtbot: QtBot, window: MainWindow) -> None:
    panel = responses_panel(window)
    names = [e.label for e in panel.entries]
    start_typing_in(qtbot, panel, 0)
    qtbot.mouseClick(panel.only_to_do, Qt.MouseButton.LeftButton)
    assert panel.only_to_do.isChecked()
    assert not any(panel.schools.isRowHidden(r) for r in range(len(names)))  # all still to do
    qtbot.mouseClick(panel.editors[0].text.viewport(), Qt.MouseButton.LeftButton)
    for number in (1, 2, 3):
        qtbot.keyClicks(focused(), f"Answer {number}.")
        if number < 3:
            qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert progress(panel, 0) == "3/3 ✓"
    # Finished, but still the school being typed in: it stays listed under the cursor.
    assert not panel.schools.isRowHidden(0)
    assert panel.schools.currentRow() == 0
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # on to the next school
    assert panel.schools.currentItem().text() == names[1]
    assert panel.schools.isRowHidden(0)  # done, so no longer listed
    assert stored_texts(window) == ["Answer 1.", "Answer 2.", "Answer 3."]
    qtbot.mouseClick(panel.only_to_do, Qt.MouseButton.LeftButton)
    assert not panel.schools.isRowHidden(0)
    # Ticked while a finished school is chosen: the next school still to do is chosen.
    panel.schools.setCurrentRow(0)
    qtbot.mouseClick(panel.only_to_do, Qt.MouseButton.LeftButton)
    assert panel.schools.isRowHidden(0)
    assert panel.schools.currentRow() == 1
    assert panel.editors
    assert panel.editors[0].question.number == 1


def test_another_school_chosen_while_typing_keeps_the_words_and_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Another school shown while an answer has the focus (the Analysis grid or the to-do list
    choosing it, not a click in the list) replaces the field being typed in: what was typed is
    stored first, and the window carries on (Qt crashed deleting the focused field)."""
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    qtbot.keyClicks(focused(), "Typed before the school changed")
    panel.schools.setCurrentRow(1)
    assert stored_texts(window) == ["Typed before the school changed"]
    start_typing_in(qtbot, panel, 1)
    qtbot.keyClicks(focused(), "Then the next one")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert stored_texts(window) == ["Then the next one", "Typed before the school changed"]
