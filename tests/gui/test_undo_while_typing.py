"""Edit › Undo chosen while a response is being typed: what was typed is stored first, as its
own step, and undo takes back exactly that; the field then shows what is stored, and leaving
it writes nothing (the field kept the undone words and stored them again on leaving)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from tests.gui.test_responses import responses_panel, start_typing_in, stored_texts
from tests.gui.typing import focused


def typed_and_stored(qtbot: QtBot, window: MainWindow) -> ResponsesPanel:
    """A first response typed and stored (leaving it by Ctrl+Return), the cursor back in it."""
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    qtbot.keyClicks(focused(), "Pupils told us about the HR.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored_texts(window) == ["Pupils told us about the HR."]
    qtbot.mouseClick(panel.editors[0].text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.editors[0].text.hasFocus(), timeout=2000)
    qtbot.keyClick(focused(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    return panel


def test_undo_at_once_takes_back_what_was_just_typed(qtbot: QtBot, window: MainWindow) -> None:
    panel = typed_and_stored(qtbot, window)
    answer = panel.editors[0].text
    qtbot.keyClicks(focused(), " MORE")
    window.undo_action.trigger()  # at once, before the pause in typing stores it
    assert answer.toPlainText() == "Pupils told us about the HR."
    assert stored_texts(window) == ["Pupils told us about the HR."]
    assert focused() is answer  # the cursor stays where it was typing, at the end
    assert answer.textCursor().position() == len("Pupils told us about the HR.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # leaving the field stores nothing again
    assert stored_texts(window) == ["Pupils told us about the HR."]
    qtbot.mouseClick(answer.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(answer.hasFocus, timeout=2000)
    qtbot.keyClick(focused(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    window.redo_action.trigger()
    assert answer.toPlainText() == "Pupils told us about the HR. MORE"
    assert answer.textCursor().position() == len("Pupils told us about the HR.")  # as it was
    assert stored_texts(window) == ["Pupils told us about the HR. MORE"]


def test_undo_after_the_pause_shows_what_is_stored(qtbot: QtBot, window: MainWindow) -> None:
    """The pause in typing (or opening the Edit menu) stored the words; undo takes them back
    and the field, still with the cursor in it, shows so."""
    panel = typed_and_stored(qtbot, window)
    answer = panel.editors[0].text
    qtbot.keyClicks(focused(), " MORE")
    qtbot.waitUntil(
        lambda: stored_texts(window) == ["Pupils told us about the HR. MORE"], timeout=3000
    )
    window.undo_action.trigger()
    assert stored_texts(window) == ["Pupils told us about the HR."]
    assert answer.toPlainText() == "Pupils told us about the HR."
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert stored_texts(window) == ["Pupils told us about the HR."]


def test_undo_while_typing_themes_takes_back_the_themes(qtbot: QtBot, window: MainWindow) -> None:
    panel = typed_and_stored(qtbot, window)
    themes = panel.editors[0].themes
    qtbot.mouseClick(themes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(themes.hasFocus, timeout=2000)
    qtbot.keyClicks(themes, "Workload")
    window.undo_action.trigger()
    assert themes.text().strip(" ,;") == ""
    assert panel.themes == {} or all(not t for t in panel.themes.values())
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert all(not t for t in panel.themes.values()), "leaving the themes stored them again"
    window.redo_action.trigger()
    assert "Workload" in themes.text()
    assert ["Workload"] in panel.themes.values()
