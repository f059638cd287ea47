"""The conflict dialog on its own: what each row says, to the eye and to a screen reader, and the
choices made with the keyboard and the bulk buttons; Merge waits for every choice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.merge_dialog import MAX_SHOWN, WORKBOOK_NOTE, ConflictDialog
from coventry_inspect.services.merge import DELETED, Conflict, MergePlan, Side
from tests.gui.conftest import screenshot

LONG_NOTE = "The governors were clear about the school's priorities and & how to reach them. " * 40
LEAD = datetime(2026, 3, 12, 14, 2)
JSMITH = datetime(2026, 3, 12, 15, 40)


def _plan() -> MergePlan:
    grade = Conflict(
        "Schools inspected",
        "URN 990005",
        "Outcome grade",
        Side("Requires improvement", "lead", LEAD),
        Side("Inadequate", "jsmith", JSMITH),
    )
    notes = Conflict(
        "Schools inspected",
        "URN 990003",
        "Notes",
        Side(LONG_NOTE, "lead", LEAD),
        Side("", "", None),
    )
    gone = Conflict(
        "Responses",
        "URN 990003, question 2, Headteacher",
        "",
        Side("Response Very clear", "lead", LEAD),
        Side(DELETED, "jsmith", JSMITH),
    )
    return MergePlan("jsmith.xlsx", "COV-2013-03", conflicts=[grade, notes, gone])


def _dialog(qtbot: QtBot) -> ConflictDialog:
    dialog = ConflictDialog(_plan(), WORKBOOK_NOTE.format(reference="COV-2013-03"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.buttons[0][0])
    return dialog


def test_each_row_shows_both_values_with_who_and_when(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot)
    titles = [dialog.findChild(QLabel, f"conflict{n}") for n in (1, 2, 3)]
    assert [label.text() for label in titles if label is not None] == [
        "<b>Schools inspected</b> · URN 990005 · <b>Outcome grade</b>",
        "<b>Schools inspected</b> · URN 990003 · <b>Notes</b>",
        "<b>Responses</b> · URN 990003, question 2, Headteacher · <b>the whole row</b>",
    ]
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Inadequate<br><small><i>jsmith, 12 Mar 2026 15:40</i></small>" in texts
    assert "(blank)<br><small><i>who and when not known</i></small>" in texts
    # A long value is cut short, and whole in its tooltip; a screen reader hears it all.
    [long_label] = [label for label in dialog.findChildren(QLabel) if "governors" in label.text()]
    assert len(long_label.text()) < MAX_SHOWN + 100
    assert "…" in long_label.text()
    assert "how to reach them. The governors" in long_label.toolTip()
    here2 = dialog.findChild(QRadioButton, "here2")
    assert here2 is not None
    assert here2.accessibleName() == "Schools inspected, URN 990003, Notes: keep here"
    assert here2.accessibleDescription() == f"{LONG_NOTE} (lead, 12 Mar 2026 14:02)"
    there3 = dialog.findChild(QRadioButton, "there3")
    assert there3 is not None
    assert there3.accessibleName() == (
        "Responses, URN 990003, question 2, Headteacher, the whole row: take there"
    )
    assert there3.accessibleDescription().startswith("(deleted) (jsmith")
    screenshot(dialog, "merge-conflict-dialog", tmp_path)


def test_merge_waits_for_every_choice_made_by_keyboard_or_in_bulk(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    merge = dialog.findChild(QPushButton, "mergeButton")
    assert merge is not None
    assert not merge.isEnabled()
    focus = QApplication.focusWidget
    qtbot.keyClick(focus(), Qt.Key.Key_Right)  # first row: to There…
    assert focus() is dialog.buttons[0][1]
    qtbot.keyClick(focus(), Qt.Key.Key_Space)  # …chosen
    qtbot.keyClick(focus(), Qt.Key.Key_Left)  # an arrow moves a made choice with it
    assert focus() is dialog.buttons[0][0]
    assert dialog.buttons[0][0].isChecked()
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Space)  # second row: here
    assert dialog.count_label.text() == "2 of 3 chosen"
    assert not merge.isEnabled()
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Right)
    qtbot.keyClick(focus(), Qt.Key.Key_Space)  # third row: there
    assert merge.isEnabled()
    assert list(dialog.choices().values()) == ["here", "here", "there"]

    take_all = dialog.findChild(QPushButton, "takeAllThere")
    assert take_all is not None
    qtbot.mouseClick(take_all, Qt.MouseButton.LeftButton)
    assert list(dialog.choices().values()) == ["there", "there", "there"]
    keep_all = dialog.findChild(QPushButton, "keepAllHere")
    assert keep_all is not None
    dialog.buttons[2][1].setFocus()
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)  # from the last field to Keep all here
    assert focus() is keep_all
    qtbot.keyClick(focus(), Qt.Key.Key_Space)
    assert list(dialog.choices().values()) == ["here", "here", "here"]
    # Clicking a value chooses it, as clicking its button does.
    [value] = [label for label in dialog.findChildren(QLabel) if "Inadequate" in label.text()]
    qtbot.mouseClick(value, Qt.MouseButton.LeftButton)
    assert dialog.choices()[dialog.plan.conflicts[0]] == "there"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)
