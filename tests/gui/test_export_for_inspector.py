"""File › Export for inspector…: pick an inspector (or tick schools), save, and the workbook
holds only those schools; a failed write says so and records nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.gui import file_actions, file_dialogs
from coventry_inspect.gui.handout_dialog import HandoutDialog
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services.handout import Choice
from coventry_inspect.store.models import Handout
from tests.full_disk import SmallDisk, small_disk
from tests.gui.conftest import Answers, screenshot
from tests.gui.test_editing import open_reference

ANN = {"990001", "990002", "990003", "990004", "990005", "990006"}


def handouts(window: MainWindow) -> int:
    assert window.db is not None
    with window.db.session() as session:
        return session.scalar(select(func.count()).select_from(Handout)) or 0


def test_pick_an_inspector_then_save_and_the_workbook_holds_their_schools(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_reference(window, "COV-2013-03")
    target = tmp_path / "chosen.xlsx"
    suggested: list[str] = []

    def save_as(_parent: Any, caption: str, _kind: str, name: str, *_: Any) -> tuple[str, str]:
        suggested.append(f"{caption}: {name}")
        return str(target), ""

    monkeypatch.setattr(file_dialogs, "save_file_name", save_as)
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, HandoutDialog)
        # Ben Sample has the most schools, so comes first; Down picks Ann Example.
        assert dialog.inspector.currentText() == "Ben Sample (10 schools)"
        dialog.inspector.setFocus()
        qtbot.keyClick(dialog.inspector, Qt.Key.Key_Down)
        seen["ticked"] = set(dialog.ticked())
        seen["ok"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        screenshot(dialog, "export-for-inspector-dialog", tmp_path)
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    QTimer.singleShot(0, in_the_dialog)
    window.handout_action.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Exported"), timeout=30_000
    )
    assert seen == {"ticked": ANN, "ok": True}
    assert suggested == ["Export for inspector: COV-2013-03 for Ann Example.xlsx"]
    part = read_workbook(target)
    assert {s.urn for s in part.inspected} == ANN
    assert part.surveyed == []
    assert part.handout_id is not None
    assert window.statusBar().currentMessage() == (
        "Exported chosen.xlsx: 6 schools inspected, 0 surveyed, 0 responses for Ann Example"
    )
    assert handouts(window) == 1


def test_ticking_schools_by_hand_hands_out_those(qtbot: QtBot, window: MainWindow) -> None:
    open_reference(window, "COV-2013-03")
    from coventry_inspect.gui.handout_dialog import School

    dialog = HandoutDialog(
        window,
        "COV-2013-03",
        [
            School("990001", "Early Years Centre", "inspected", "Ann Example"),
            School("990012", "Primary School J", "surveyed", "Cal Example"),
            School("990013", "Primary School K", "surveyed", ""),
        ],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.ticked() == ["990001"]  # Ann Example, first of two with one school each
    dialog.list.setFocus()
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # tick Primary School K
    assert dialog.by_school.isChecked()
    assert dialog.choice() == Choice(urns=("990001", "990013"))
    assert dialog.recipient() == "2 schools"
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.ticked() == []
    assert not ok.isEnabled()
    assert dialog.reason.text() == "Tick the schools to hand out, or pick an inspector"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path) as disk:
        yield disk


def test_a_full_disk_says_so_and_records_nothing(
    qtbot: QtBot, window: MainWindow, disk: SmallDisk, answers: Answers
) -> None:
    open_reference(window, "COV-2013-03")
    target = disk.folder / "for Ann.xlsx"
    disk.fill()
    with disk.injected():
        task = file_actions.export_for_inspector(
            window, str(target), Choice(inspector="Ann Example")
        )
        assert task is not None
        with qtbot.waitSignal(task.failed, timeout=30_000):
            pass
    assert answers.shown == [
        (
            "Export for inspector",
            f"{target} was not saved: the disk holding {disk.folder} is full; free some space "
            "and save again.",
        )
    ]
    assert not target.exists()
    assert handouts(window) == 0


def test_an_lea_inspection_has_no_schools_to_hand_out(window: MainWindow, answers: Answers) -> None:
    open_reference(window, "COV-2004-05")
    window.handout_action.trigger()
    assert answers.shown == [
        ("Export for inspector", "COV-2004-05 is an LEA inspection: it has no schools to hand out")
    ]
    assert handouts(window) == 0


def test_a_name_typed_in_another_case_is_the_same_inspector(
    qtbot: QtBot, window: MainWindow
) -> None:
    """ "ann example" typed for one school is Ann Example, as export --inspector matches it:
    the dialog offers her once, with all her schools, spelt as most of them are."""
    from coventry_inspect.gui.handout_dialog import School

    dialog = HandoutDialog(
        window,
        "COV-2013-03",
        [
            School("990001", "Early Years Centre", "inspected", "Ann Example"),
            School("990002", "Primary School A", "inspected", "Ann Example"),
            School("990003", "Primary School B", "inspected", "ann  example"),
            School("990012", "Primary School J", "surveyed", "Cal Example"),
        ],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    items = [dialog.inspector.itemText(n) for n in range(dialog.inspector.count())]
    assert items == ["Ann Example (3 schools)", "Cal Example (1 school)"]
    assert dialog.ticked() == ["990001", "990002", "990003"]
