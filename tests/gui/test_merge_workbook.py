"""File › Merge workbook… as the lead uses it: the workbook an inspector filled in comes back,
the merge says what it will do (or asks about each field both changed), and the inspection
shows the result, recorded in History. A bad workbook or a Cancel changes nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.history_page import HistoryPage
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.merge_dialog import ConflictDialog
from coventry_inspect.services import evidence
from coventry_inspect.services.history import list_history
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.backup import kept_workbooks_of
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_editing import open_reference

REFERENCE = "COV-2013-03"


def _files(database: Path) -> str:
    """The database file and its write-ahead log, as bytes on disk."""
    digest = hashlib.sha256()
    for path in (database, database.with_name(database.name + "-wal")):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _handed_out(window: MainWindow, folder: Path, name: str = "jsmith.xlsx") -> Path:
    """The inspection's workbook, as an inspector was given it."""
    assert window.db is not None
    path = folder / name
    export_workbook(read_snapshot(window.db, choose_inspection(window.db, REFERENCE).id), path)
    return path


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (str(path), "Excel workbooks (*.xlsx)")
    )


def _column(sheet: object, header: str) -> int:
    headers = [cell.value for cell in sheet[1]]  # type: ignore[index]
    return headers.index(header) + 1


def _wait_for(qtbot: QtBot, find: Callable[[], object], answers: Answers) -> object:
    """What ``find`` finds once the task has run; no error may be shown meanwhile."""
    qtbot.waitUntil(lambda: find() is not None or bool(answers.shown), timeout=30_000)
    assert answers.shown == []
    found = find()
    assert found is not None
    return found


def _letter_text(window: MainWindow) -> str:
    workspace = workspace_of(window)
    workspace.show_part("Letter")
    page = workspace.page("letter")
    assert isinstance(page, LetterPage)
    return page.preview.toPlainText()


def test_a_workbook_with_a_new_school_merges_after_saying_so(
    qtbot: QtBot,
    answers: Answers,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = window.db
    assert db is not None
    open_reference(window, REFERENCE)
    workbook = _handed_out(window, tmp_path)
    filled = load_workbook(workbook)
    schools = filled["Schools inspected"]
    new_row = [cell.value for cell in schools[2]]
    new_row[_column(schools, "URN") - 1] = "990099"
    new_row[_column(schools, "School") - 1] = "Oak Tree Primary School"
    new_row[_column(schools, "Notes") - 1] = "Visited by jsmith on Tuesday"
    for hidden in ("Id", "Version"):  # a new row has none (copied rows are new rows)
        new_row[_column(schools, hidden) - 1] = None
    schools.append(new_row)
    filled.save(workbook)
    workspace = workspace_of(window)
    assert "Eleven schools were inspected" in _letter_text(window)
    workspace.show_part("Schools inspected")
    page = workspace.page("schools")
    assert page.model.rowCount() == 11  # type: ignore[attr-defined]

    _choose_file(monkeypatch, workbook)
    window.merge_workbook_action.trigger()
    box = _wait_for(qtbot, lambda: window.findChild(QMessageBox, "confirmMerge"), answers)
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert box.text() == f"Merge jsmith.xlsx into {REFERENCE}?"
    assert (
        "<b>Added 1</b></p><ul style='margin: 0'><li>Schools inspected: URN 990099</li>"
        in box.informativeText()
    )
    assert "kept first as a workbook" in box.informativeText()
    merge = box.findChild(QPushButton, "mergeButton")
    assert merge is not None
    assert box.defaultButton() is not merge  # Return alone does not merge
    screenshot(box, "merge-confirm", tmp_path)
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)

    summary = _wait_for(qtbot, lambda: window.findChild(QMessageBox, "mergeSummary"), answers)
    assert isinstance(summary, QMessageBox)
    qtbot.waitExposed(summary)
    assert summary.text() == f"Merged jsmith.xlsx into {REFERENCE}: 1 school added."
    assert "<b>Added 1</b></p><ul style='margin: 0'><li>Schools inspected: URN 990099</li>" in (
        summary.informativeText()
    )
    assert "merged from jsmith.xlsx" in summary.informativeText()
    window.resize(1000, 700)
    screenshot(summary, "merge-summary", tmp_path)
    summary.accept()

    # What the lead sees: the school in the list, the letter counting it, History saying so.
    assert page.model.rowCount() == 12  # type: ignore[attr-defined]
    assert "Oak Tree Primary School" in [r.school.name for r in page.model.rows]  # type: ignore[attr-defined]
    assert "Twelve schools were inspected" in _letter_text(window)
    assert "Merged jsmith.xlsx" in window.statusBar().currentMessage()
    workspace.show_part("History")
    history = workspace.page("history")
    assert isinstance(history, HistoryPage)
    merged = [
        row
        for row in range(history.model.rowCount())
        if [history.model.index(row, c).data() for c in (2, 4, 5)]
        == ["Inspection", "merged", "from jsmith.xlsx"]
    ]
    assert len(merged) == 1
    assert history.model.index(merged[0], 1).data() == db.user
    assert history.table.columnSpan(merged[0], 5) == 3  # across Field, Was and Now
    window.resize(1400, 800)
    QApplication.processEvents()
    screenshot(window, "merge-history", tmp_path)
    # The inspection as it was is kept first, as the replacing import keeps it.
    assert len(kept_workbooks_of(db.database_id())) == 1


def test_two_conflicts_chosen_one_each_way_with_the_keyboard(
    qtbot: QtBot,
    answers: Answers,
    window: MainWindow,
    database_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = window.db
    assert db is not None
    inspection = choose_inspection(db, REFERENCE).id
    open_reference(window, REFERENCE)
    workbook = _handed_out(window, tmp_path)
    first, second = read_snapshot(db, inspection).inspected[:2]
    # Here, the lead changes two fields after handing the workbook out…
    rows = {r.school.urn: r for r in evidence.list_inspected_schools(db, inspection)}
    evidence.update_inspected_school(db, rows[first.urn].id, outcome_grade=SchoolGrade.GOOD)
    evidence.update_inspected_school(db, rows[second.urn].id, notes="Lead: governors met")
    # …and the inspector changes the same two differently.
    filled = load_workbook(workbook)
    schools = filled["Schools inspected"]
    schools.cell(2, _column(schools, "Outcome grade"), "Requires improvement")
    schools.cell(3, _column(schools, "Notes"), "jsmith: governors not met")
    filled.save(workbook)
    _choose_file(monkeypatch, workbook)

    # Cancel: nothing changes, not a byte.
    on_disk = _files(database_file)
    window.merge_workbook_action.trigger()
    dialog = _wait_for(qtbot, lambda: window.findChild(ConflictDialog, "conflictDialog"), answers)
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is None)
    assert "Nothing merged" in window.statusBar().currentMessage()
    assert _files(database_file) == on_disk

    # Again, and choose: here for the first field, there for the second, by keyboard.
    window.merge_workbook_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is not None)
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitExposed(dialog)
    assert [(c.sheet, c.key, c.column) for c in dialog.plan.conflicts] == [
        ("Schools inspected", f"URN {first.urn}", "Outcome grade"),
        ("Schools inspected", f"URN {second.urn}", "Notes"),
    ]
    here1 = dialog.findChild(QRadioButton, "here1")
    assert here1 is not None
    assert here1.accessibleName() == (
        f"Schools inspected, URN {first.urn}, Outcome grade: keep here"
    )
    assert "Good" in here1.accessibleDescription()
    assert db.user in here1.accessibleDescription()
    merge = dialog.findChild(QPushButton, "mergeButton")
    assert merge is not None
    assert not merge.isEnabled()
    assert QApplication.focusWidget() is here1  # where the keyboard starts
    qtbot.keyClick(here1, Qt.Key.Key_Space)  # the first: keep here
    assert not merge.isEnabled()
    qtbot.keyClick(here1, Qt.Key.Key_Tab)  # to the second field
    here2 = dialog.findChild(QRadioButton, "here2")
    assert QApplication.focusWidget() is here2
    qtbot.keyClick(here2, Qt.Key.Key_Right)  # across to There
    there2 = dialog.findChild(QRadioButton, "there2")
    assert QApplication.focusWidget() is there2
    qtbot.keyClick(there2, Qt.Key.Key_Space)  # the second: take there
    assert merge.isEnabled()
    assert dialog.count_label.text() == "2 of 2 chosen"
    window.resize(1000, 700)
    screenshot(dialog, "merge-conflicts", tmp_path)
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)

    summary = _wait_for(qtbot, lambda: window.findChild(QMessageBox, "mergeSummary"), answers)
    assert isinstance(summary, QMessageBox)
    assert "Conflicts resolved 2: 1 kept as here, 1 taken from there" in (summary.informativeText())
    summary.accept()
    stored = {r.urn: r for r in read_snapshot(db, inspection).inspected}
    assert stored[first.urn].outcome_grade is SchoolGrade.GOOD  # here's, as chosen
    assert stored[second.urn].notes == "jsmith: governors not met"  # there's, as chosen
    page = workspace_of(window).page("schools")
    shown = {r.school.urn: r for r in page.model.rows}  # type: ignore[attr-defined]
    assert shown[second.urn].notes == "jsmith: governors not met"
    entries = list_history(db, inspection)
    assert any(e.action == "merged" and e.new == "from jsmith.xlsx" for e in entries)


def test_a_malformed_workbook_shows_its_problems_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    database_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_reference(window, REFERENCE)
    workbook = _handed_out(window, tmp_path, "broken.xlsx")
    filled = load_workbook(workbook)
    schools = filled["Schools inspected"]
    schools.cell(2, _column(schools, "Outcome grade"), "Brilliant")
    schools.cell(3, _column(schools, "Phase"), "Big school")
    filled.save(workbook)
    _choose_file(monkeypatch, workbook)
    on_disk = _files(database_file)
    shown: list[tuple[str, str, str]] = []

    def answer() -> None:
        box = window.findChild(QMessageBox, "importProblems")
        if isinstance(box, QMessageBox) and box.isVisible():
            shown.append((box.windowTitle(), box.text(), box.detailedText()))
            box.accept()

    timer = QTimer(window)
    timer.timeout.connect(answer)
    timer.start(50)
    window.merge_workbook_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    timer.stop()
    [(title, text, details)] = shown
    assert title == "Merge"
    assert text == "broken.xlsx: nothing was merged (2 problems)."
    assert "Schools inspected" in details
    assert "Brilliant" in details
    assert _files(database_file) == on_disk
    assert window.findChild(QMessageBox, "confirmMerge") is None
