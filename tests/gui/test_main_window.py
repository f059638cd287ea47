"""The main window on a real database file, driven offscreen."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.inspection_list import InspectionListModel
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import Database


def save_screenshot(widget: MainWindow, name: str, tmp_path: Path) -> Path:
    """Saved beside the test, and into $COVENTRY_SCREENSHOTS when set, to be looked at."""
    folder = Path(os.environ.get("COVENTRY_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_main_window_lists_the_inspections(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    window = MainWindow(sqlite_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Coventry Inspect — inspect.sqlite"
    model = window.table.model()
    cells = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert cells == [
        ["COV-2013-03", "Focused inspection", "Coventry", "11 to 15 March 2013"],
        ["COV-2004-05", "LEA inspection", "Coventry", "May 2004"],
    ]
    assert window.count_label.text() == "2 inspections"
    assert save_screenshot(window, "main-window", tmp_path).stat().st_size > 0


def test_inspection_list_model_is_a_well_behaved_qt_model(
    qtmodeltester: ModelTester, sqlite_db: Database
) -> None:
    install_examples(sqlite_db)
    model = InspectionListModel(sqlite_db)
    qtmodeltester.check(model)
    model.refresh()
    qtmodeltester.check(model)
