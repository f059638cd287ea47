"""File › Import workbook… asks before replacing an inspection, and Edit › Undo puts it back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services.history import list_history
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.letter import current_letter, final_blocks, reword
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.backup import kept_workbooks_of
from tests.gui.conftest import workspace_of


def _files(database: Path) -> str:
    """The database file and its write-ahead log, as bytes on disk."""
    digest = hashlib.sha256()
    for path in (database, database.with_name(database.name + "-wal")):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (str(path), "Excel workbooks (*.xlsx)")
    )


def _confirmation(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "confirmReplace") is not None, timeout=30_000
    )
    box = window.findChild(QMessageBox, "confirmReplace")
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    return box


def test_import_asks_first_replaces_keeping_history_and_undoes(
    qtbot: QtBot,
    window: MainWindow,
    database_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = window.db
    assert db is not None
    inspection = choose_inspection(db, "COV-2013-03").id
    # The inspector has reworded a paragraph; a colleague's workbook was exported before that.
    workbook = tmp_path / "from-colleague.xlsx"
    export_workbook(read_snapshot(db, inspection), workbook)
    letter = {item.block.key: item for item in current_letter(db, inspection)}
    reword(db, inspection, "strengths/b1", "In my own words.", letter["strengths/b1"].generated)
    edited = load_workbook(workbook)
    edited["Schools inspected"].delete_rows(2)  # 990001 Early Years Centre
    edited["Inspection"]["B16"] = "A shorter summary."
    edited.save(workbook)
    before = read_snapshot(db, inspection)
    history_before = [e.id for e in list_history(db, inspection)]
    workspace_of(window).select_inspection(inspection)
    on_disk = _files(database_file)

    # Cancel: nothing changes, not a byte.
    _choose_file(monkeypatch, workbook)
    window.import_action.trigger()
    box = _confirmation(qtbot, window)
    assert box.text() == "Replace COV-2013-03 with from-colleague.xlsx?"
    assert "Schools inspected: remove 1 (990001 Early Years Centre (illustrative))" in (
        box.informativeText()
    )
    assert "Letter rewordings: remove 1 (strengths/b1)" in box.informativeText()
    assert "Details: change Summary" in box.detailedText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "confirmReplace") is None)
    assert "Nothing imported" in window.statusBar().currentMessage()
    assert _files(database_file) == on_disk
    assert read_snapshot(db, inspection) == before

    # Replace: the workbook's inspection, in the same inspection, its history kept.
    window.import_action.trigger()
    box = _confirmation(qtbot, window)
    replace_button = box.findChild(type(box.defaultButton()), "replaceButton")
    assert replace_button is not None
    assert box.defaultButton() is not replace_button  # Return alone does not replace
    qtbot.mouseClick(replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Replaced"), timeout=30_000
    )
    imported = read_workbook(workbook)
    assert read_snapshot(db, inspection) == imported
    history = list_history(db, inspection)
    assert [e.id for e in history][: len(history_before)] == history_before
    entry = history[len(history_before)]
    assert (entry.action, entry.new, entry.user) == (
        "replaced",
        "from from-colleague.xlsx",
        db.user,
    )
    assert workspace_of(window).inspection_id == inspection
    # Kept as it was before, as a workbook File › Import puts back (even with no Undo left).
    [kept] = kept_workbooks_of(db.database_id())
    assert read_workbook(kept.path) == before

    # Edit › Undo: exactly as it was, rewording included, and recorded.
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Import from-colleague.xlsx"
    window.undo_action.trigger()
    assert read_snapshot(db, inspection) == before
    assert "In my own words." in [b.text for b in final_blocks(db, inspection)]
    assert list_history(db, inspection)[-1].id > history[-1].id
    assert any(e.action == "restored" and "undo" in e.new for e in list_history(db, inspection))
    # Edit › Redo: the import again.
    window.redo_action.trigger()
    assert read_snapshot(db, inspection) == imported
    window.undo_action.trigger()
    assert read_snapshot(db, inspection) == before


def test_a_new_inspection_is_imported_without_a_question(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = window.db
    assert db is not None
    snapshot = read_snapshot(db, choose_inspection(db, "COV-2013-03").id)
    snapshot.details.reference = "COV-2014-01"
    workbook = tmp_path / "new.xlsx"
    export_workbook(snapshot, workbook)
    _choose_file(monkeypatch, workbook)
    window.import_action.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Imported COV-2014-01"),
        timeout=30_000,
    )
    assert window.findChild(QMessageBox, "confirmReplace") is None
    created = choose_inspection(db, "COV-2014-01").id
    assert read_snapshot(db, created) == snapshot
    assert list_history(db, created)[0].new == "from new.xlsx"


def test_an_unchanged_workbook_imports_nothing_and_asks_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lead imports the workbook they exported a minute ago: no question, no history row,
    no kept copy — the status bar says nothing changed."""
    db = window.db
    assert db is not None
    inspection = choose_inspection(db, "COV-2013-03").id
    export_workbook(read_snapshot(db, inspection), tmp_path / "same.xlsx")
    history = len(list_history(db, inspection))
    _choose_file(monkeypatch, tmp_path / "same.xlsx")
    window.import_action.trigger()
    qtbot.waitUntil(
        lambda: (
            window.statusBar().currentMessage()
            == "Nothing imported: COV-2013-03 is already as same.xlsx has it"
        ),
        timeout=30_000,
    )
    assert window.findChild(QMessageBox, "confirmReplace") is None
    assert len(list_history(db, inspection)) == history
    assert kept_workbooks_of(db.database_id()) == []
