"""Themes typed under each response in the responses panel: completed from the themes already
used, stored on Return or on leaving the field in the spelling already used, undone as a whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.themes_edit import split_themes
from coventry_inspect.services import evidence, themes
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.test_finding_evidence import POS, add_responses, context_of
from tests.gui.test_responses import responses_panel, start_typing_in
from tests.gui.typing import focused


def stored_themes(window: MainWindow) -> dict[str, list[str]]:
    """Each tagged response's themes, by its text."""
    context = context_of(window)
    texts = {r.id: r.text for r in evidence.list_responses(context.db, context.inspection_id)}
    return {texts[k]: v for k, v in themes.themes_of(context.db, context.inspection_id).items()}


def test_split_themes() -> None:
    assert split_themes(" clusters,, HR  support ; governor training,") == [
        "clusters",
        "HR support",
        "governor training",
    ]


def test_type_themes_under_a_response_with_completion_and_undo(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    qtbot.keyClicks(focused(), "Governors value the training the council gives.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the answer is stored; on to its themes
    first = panel.editors[0]
    assert focused() is first.themes
    qtbot.keyClicks(focused(), "Governor training; HR  support")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert stored_themes(window) == {
        "Governors value the training the council gives.": ["Governor training", "HR support"]
    }
    assert first.themes.text() == "Governor training, HR support"  # as stored
    assert window.undo_action.text() == "&Undo Change the themes of a response"

    # The second question: "hr" offers "HR support" (and not the themes already typed).
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    second = panel.editors[1]
    assert focused() is second.text
    qtbot.keyClicks(focused(), "HR advice is slow.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is second.themes
    qtbot.keyClicks(focused(), "clusters, hr")
    assert second.themes.popup.isVisible()
    assert second.themes.offered.stringList() == ["HR support"]
    screenshot(window, "evidence-gui-themes-completion", tmp_path)
    qtbot.keyClick(second.themes.popup, Qt.Key.Key_Down)
    qtbot.keyClick(second.themes.popup, Qt.Key.Key_Return)  # picks it, and Return stores
    assert second.themes.text() == "clusters, HR support"
    assert stored_themes(window)["HR advice is slow."] == ["clusters", "HR support"]

    # Typed in another case and spacing: stored, and shown, as spelt already.
    second.themes.selectAll()
    qtbot.keyClicks(focused(), "CLUSTERS,  governor TRAINING")
    assert second.themes.popup.isVisible()  # "Governor training" offered: Tab goes to the list
    qtbot.keyClick(second.themes.popup, Qt.Key.Key_Tab)  # leaving the field stores it too
    assert not second.themes.popup.isVisible()
    assert focused() is not second.themes
    assert stored_themes(window)["HR advice is slow."] == ["clusters", "Governor training"]
    assert second.themes.text() == "clusters, Governor training"
    screenshot(window, "evidence-gui-responses-themes", tmp_path)

    # Undo each step: the old list comes back, on screen too.
    window.undo_action.trigger()
    assert stored_themes(window)["HR advice is slow."] == ["clusters", "HR support"]
    assert second.themes.text() == "clusters, HR support"
    window.undo_action.trigger()
    assert "HR advice is slow." not in stored_themes(window)
    assert second.themes.text() == ""
    window.redo_action.trigger()
    assert second.themes.text() == "clusters, HR support"


def test_themes_before_the_response_are_refused_saying_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    qtbot.mouseClick(panel.editors[0].themes, Qt.MouseButton.LeftButton)
    assert focused() is panel.editors[0].themes
    qtbot.keyClicks(focused(), "clusters")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "type the response before its themes" in workspace_of(window).problem.text()
    assert stored_themes(window) == {}
    assert window.undo_action.isEnabled() is False


def test_a_theme_too_long_is_refused_and_nothing_stored(qtbot: QtBot, window: MainWindow) -> None:
    add_responses(window, [POS])
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    qtbot.mouseClick(panel.editors[0].themes, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(focused(), "clusters, " + "x" * 61)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "60" in workspace_of(window).problem.text()
    assert stored_themes(window) == {}
