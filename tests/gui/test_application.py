"""Restarting, errors in slots, long work with progress, files, printing, and the register."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coventry_inspect import paths
from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.gui import file_actions, printing
from coventry_inspect.gui.errors import ExceptionHook
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.register_dialog import RegisterDialog
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import inspections, schools
from coventry_inspect.services.register import RegisterRow, import_register
from coventry_inspect.store.database import Database, open_database
from tests.gias_sample import write_csv
from tests.gui.conftest import Answers, screenshot, workspace_of


def test_restart_restores_the_last_file_and_layout(
    qtbot: QtBot, settings: Settings, database_file: Path, answers: Answers
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.open_database(str(database_file))
    first.resize(760, 560)  # within the offscreen screen (800 x 600)
    workspace = workspace_of(first)
    workspace.splitter.setSizes([200, 700, 200])
    sizes = workspace.splitter.sizes()
    first.close()
    second = MainWindow(Settings(Path(settings.store.fileName())))
    qtbot.addWidget(second)
    second.show()
    second.open_startup(None)
    assert second.windowTitle() == f"Coventry Inspect — {database_file.name}"
    assert (second.size().width(), second.size().height()) == (760, 560)
    assert workspace_of(second).splitter.sizes() == sizes
    assert [a.text() for a in second.recent_menu.actions()] == [str(database_file)]


def test_first_start_opens_the_default_database_with_the_examples(
    qtbot: QtBot, settings: Settings, answers: Answers
) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.open_startup(None)
    assert window.db is not None
    assert window.db.target == paths.default_database()
    assert workspace_of(window).inspections.rowCount() == 2


def test_a_file_that_is_not_a_database_is_refused_with_a_message(
    window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    opened = window.db
    assert not window.open_database(str(bad))
    assert answers.shown[-1][0] == "Cannot open the database"
    assert "not a Coventry Inspect database" in answers.shown[-1][1]
    assert window.db is opened  # the open database stays open


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_leaves_the_app_running(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    hook = ExceptionHook(show=answers.show)
    hook.install()
    try:

        def broken() -> None:
            raise RuntimeError("a bug in a slot")

        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: bool(answers.shown), timeout=3000)
    finally:
        hook.uninstall()
    title, message = answers.shown[-1]
    assert title == "Something went wrong"
    assert "RuntimeError: a bug in a slot" in message
    assert "a bug in a slot" in paths.log_file().read_text()
    # Still working: an edit after the error is stored.
    workspace = workspace_of(window)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    schools.model.setData(schools.model.index(0, 6), "still here")
    assert schools.model.rows[0].notes == "still here"


def test_register_import_runs_with_progress_and_can_be_cancelled(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "gias.csv", 12_000)
    task = file_actions.import_register(window, str(path))
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert window.db is not None
    assert len(schools.register_entries(window.db)) >= 12_000
    fractions = [fraction for fraction, _label in task.steps]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert task.steps[-1][1] == "12,000 schools read…"
    # Cancel, once batches of new schools have been written: the register is as it was.
    before = schools.register_entries(window.db)
    second = write_csv(tmp_path / "gias2.csv", 60_000)
    lines = second.read_text(encoding="cp1252").splitlines()
    new_urns = [lines[0]] + ["2" + line[1:] for line in lines[1:]]  # 200000 onwards: all new
    second.write_text("\r\n".join(new_urns) + "\r\n", encoding="cp1252")
    # The import waits after its first batch until the user has pressed Cancel: otherwise a
    # fast machine reads all 60,000 before the click arrives and nothing is shown mid-way.
    import threading

    from coventry_inspect.services import register

    pressed = threading.Event()
    real_import = register.import_register

    def paused_after_first_batch(*args: Any, **kwargs: Any) -> Any:
        steps = real_import(*args, **kwargs)
        yield next(steps)
        pressed.wait(30)
        yield from steps

    monkeypatch.setattr(register, "import_register", paused_after_first_batch)
    task = file_actions.import_register(window, str(second))
    assert task is not None
    qtbot.waitUntil(lambda: bool(task.steps), timeout=60_000)  # a batch is in
    task.cancel()
    pressed.set()
    with qtbot.waitSignal(task.done, timeout=60_000) as blocker:
        pass
    assert blocker.args == [None]
    assert task.steps[-1][1] != "60,000 schools read…"
    assert window.statusBar().currentMessage() == (
        "Register import cancelled; the register is as it was"
    )
    assert schools.register_entries(window.db) == before


def test_workbook_export_and_import_from_the_menus(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    workbook = tmp_path / "cov.xlsx"
    task = file_actions.export_workbook(window, str(workbook))
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert workbook.stat().st_size > 0
    other = tmp_path / "other.sqlite"
    window.open_database(str(other), create=True)
    task = file_actions.import_workbook(window, str(workbook))
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert [i.reference for i in inspections.list_inspections(window.db)] == ["COV-2013-03"]  # type: ignore[arg-type]
    assert workspace_of(window).inspections.rowCount() == 1
    # A broken workbook: every problem listed, nothing imported.
    from openpyxl import load_workbook

    broken = load_workbook(workbook)
    broken["Schools inspected"]["E2"] = "Excellent"
    broken.save(workbook)
    shown: list[str] = []
    original = file_actions._failed

    def record(window_: MainWindow, title: str, error: BaseException) -> None:
        shown.append(str(getattr(error, "problems", [error])[0]))

    file_actions._failed = record  # type: ignore[assignment]
    try:
        task = file_actions.import_workbook(window, str(workbook))
        assert task is not None
        with qtbot.waitSignal(task.failed, timeout=30_000):
            pass
    finally:
        file_actions._failed = original  # type: ignore[assignment]
    assert shown == [
        'Schools inspected, row 2, column "Outcome grade": "Excellent" is not a grade; use '
        "1 Outstanding, 2 Good, 3 Requires improvement or 4 Inadequate (the number or the words)"
    ]


def test_save_as_pdf_and_print_preview(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    pdf = printing.save_pdf(window, str(tmp_path / "letter.pdf"))
    assert pdf is not None
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Outline of inspection activities" in text
    dialog = printing.print_preview(window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    screenshot(dialog, "print-preview", tmp_path)
    dialog.close()


def fill_register(db: Database, count: int) -> None:
    """``count`` schools in the register, URNs 100000 up; every thousandth is in Earlsdon."""
    rows = (
        RegisterRow(
            str(100000 + n),
            f"School {n} {'Earlsdon' if n % 1000 == 0 else 'Foleshill'}",
            Phase.PRIMARY,
            la_name="Coventry",
            ofsted_rating="Good",
        )
        for n in range(count)
    )
    for _ in import_register(db, rows):
        pass


def test_register_search_is_instant_and_exact(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "reg.sqlite"))
    fill_register(db, 5_000)
    dialog = RegisterDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "earls")
    qtbot.waitUntil(lambda: dialog.count.text() == "5 of 5,000 schools")
    assert dialog.model.rowCount() == 5
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "100999")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert [dialog.model.entry(r)[0] for r in range(dialog.model.rowCount())] == ["100999"]
    chosen = dialog.chosen()
    assert chosen is not None
    assert chosen[0] == "100999"
    dialog.search.clear()
    qtbot.waitUntil(lambda: dialog.count.text() == "5,000 of 5,000 schools")
    dialog.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert dialog.model.entry(0)[0] == "104999"
    screenshot(dialog, "register-search", tmp_path)
    db.close()


def test_screenshots_of_every_view(window: MainWindow, tmp_path: Path) -> None:
    workspace = workspace_of(window)
    for part in (
        "Details",
        "Schools inspected",
        "Telephone survey",
        "Key questions and responses",
        "Findings",
        "History",
    ):
        workspace.show_part(part)
        QApplication.processEvents()
        assert (
            screenshot(window, f"focused-{part.split()[0].lower()}", tmp_path).stat().st_size
            > 10_000
        )
    lea = inspections.find_by_reference(window.db, "COV-2004-05")  # type: ignore[arg-type]
    assert lea is not None
    workspace.select_inspection(lea.id)
    for part in ("Details", "Judgements", "Findings", "Recommendations"):
        workspace.show_part(part)
        QApplication.processEvents()
        assert screenshot(window, f"lea-{part.lower()}", tmp_path).stat().st_size > 10_000


def test_duplicate_and_delete_inspections(
    window: MainWindow, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from coventry_inspect.services.evidence import list_inspected_schools
    from coventry_inspect.store.backup import backups_of

    workspace = workspace_of(window)
    db = window.db
    assert db is not None
    answers.queue.append("COV-2013-03-copy")
    window.duplicate_action.trigger()
    copy = inspections.find_by_reference(db, "COV-2013-03-copy")
    assert copy is not None
    assert workspace.inspection_id == copy.id
    assert len(list_inspected_schools(db, copy.id)) == 11
    # Deleting asks first; "No" keeps it.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.delete_action.trigger()
    assert inspections.find_by_reference(db, "COV-2013-03-copy") is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.delete_action.trigger()
    assert inspections.find_by_reference(db, "COV-2013-03-copy") is None
    assert workspace.inspections.rowCount() == 2
    assert [b.reason for b in backups_of(db.database_id()) if b.reason == "before-delete"] == [
        "before-delete"
    ]


@pytest.mark.parametrize("name", ["copy for the team", "Team%41", "what?#x", "100% sure"])
def test_save_a_copy_and_open_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    import sqlite3

    from coventry_inspect.gui import file_dialogs

    folder = tmp_path / f"USB {name}"
    folder.mkdir()
    copy = folder / f"{name}.sqlite"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(copy), ""))
    window.save_copy_action.trigger()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM inspection").fetchone() == (2,)
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: (str(copy), ""))
    next(
        a for a in window.findChildren(type(window.undo_action)) if a.objectName() == "Open"
    ).trigger()
    assert window.windowTitle() == f"Coventry Inspect — {name}.sqlite"
    assert window.db is not None
    assert Path(window.db.target) == copy
    # Exactly that file: no decoded twin (Team%41 → TeamA) beside it.
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(copy.name)) == []
    # Saving a copy over the open file itself is refused.
    from coventry_inspect.services.databases import save_copy
    from coventry_inspect.store.errors import DatabaseError

    assert window.db is not None
    with pytest.raises(DatabaseError, match="is the open database itself"):
        save_copy(window.db, copy)


def test_the_window_fits_a_screen_smaller_than_its_size(qtbot: QtBot, tmp_path: Path) -> None:
    """The default 1400×820 (or a size saved on a big monitor) on a small or 200 % screen: the
    whole window, forms and status bar, stays within reach."""
    room = QApplication.primaryScreen().availableGeometry()
    assert room.width() < 1400  # the offscreen screen is smaller than the default window
    big = MainWindow(Settings(tmp_path / "big.ini"))
    qtbot.addWidget(big)
    big.resize(3000, 2000)
    big.close()  # saves that size, as after a session on a large monitor
    window = MainWindow(Settings(tmp_path / "big.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert room.contains(window.frameGeometry())
