"""Backups in the app, as a person meets them: File › Restore from backup…, the backup after
30 minutes of editing, and a damaged file found on opening."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.backups import BACKUP_EVERY_MS, RestoreDialog
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import inspections
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.backup import backup_sqlite, backups_of, inspections_in, passes_check
from coventry_inspect.store.database import open_database
from tests.gui.conftest import screenshot, workspace_of
from tests.store.test_backup import damage


def button(box: QMessageBox, text: str) -> QAbstractButton:
    return next(b for b in box.buttons() if b.text() == text)


def references(window: MainWindow) -> list[str]:
    assert window.db is not None
    return sorted(i.reference for i in inspections.list_inspections(window.db))


def test_restore_from_backup_by_the_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coventry_inspect.store.backup as backup_module
    from coventry_inspect.store.lock import DatabaseLock, DatabaseLockedError

    db = window.db
    assert db is not None
    qtbot.waitUntil(lambda: window.backup_schedule.db is db)  # the daily backup is taken
    [daily] = backups_of(db.database_id())
    lea = inspections.find_by_reference(db, "COV-2004-05")
    assert lea is not None
    inspections.delete_inspection(db, lea.id)  # the evidence a person wants back

    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert [table.item(0, c).text() for c in (1, 3)] == [
        "on opening (daily)",
        "COV-2004-05, COV-2013-03",
    ]
    assert table.item(0, 2).text().endswith("KB")
    assert not dialog.restore_button.isEnabled()
    cell = table.visualItemRect(table.item(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    screenshot(dialog, "restore-from-backup", tmp_path)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    confirm = window.findChild(QMessageBox, "confirmRestore")
    assert confirm is not None
    qtbot.waitExposed(confirm)
    assert "(holding COV-2013-03) with the backup taken" in confirm.text()
    assert "(holding COV-2004-05, COV-2013-03)?" in confirm.text()
    before = [b for b in backups_of(db.database_id()) if b.reason == "before-restore"]
    assert [inspections_in(b.path) for b in before] == [["COV-2013-03"]]  # backed up first
    screenshot(confirm, "restore-confirm", tmp_path)
    # While the file is replaced, nobody else (a command, another window) may write it.
    restore = backup_module.restore_backup
    locked_out: list[bool] = []

    def restore_while_checking(backup: Path, target: Path) -> Path | None:
        try:
            DatabaseLock(target, "another writer").acquire()
        except DatabaseLockedError:
            locked_out.append(True)
        return restore(backup, target)

    monkeypatch.setattr(backup_module, "restore_backup", restore_while_checking)
    qtbot.mouseClick(button(confirm, "&Restore"), Qt.MouseButton.LeftButton)
    assert locked_out == [True]

    assert window.db is not None
    assert window.db is not db  # closed and opened again
    assert references(window) == ["COV-2004-05", "COV-2013-03"]
    assert workspace_of(window).inspections.rowCount() == 2
    assert passes_check(Path(window.db.target))
    assert "Restored the backup taken" in window.statusBar().currentMessage()
    assert daily.path.exists()


def test_a_backup_after_thirty_minutes_of_editing(qtbot: QtBot, window: MainWindow) -> None:
    schedule = window.backup_schedule
    db = window.db
    assert db is not None
    qtbot.waitUntil(lambda: schedule.db is db)
    assert schedule.timer.interval() == BACKUP_EVERY_MS == 30 * 60 * 1000
    assert schedule.timer.isActive()
    schedule.timer.setInterval(50)  # half an hour passes quickly here
    qtbot.wait(300)
    assert schedule.taken == []  # nothing changed: no backup
    schools = workspace_of(window).page("schools")
    assert isinstance(schools, TablePage)
    schools.model.setData(schools.model.index(0, 6), "seen again in the afternoon")
    qtbot.waitUntil(lambda: len(schedule.taken) == 1)
    qtbot.wait(300)
    [taken] = schedule.taken
    assert taken.name.endswith("-editing.sqlite")
    assert [b.path for b in backups_of(db.database_id()) if b.reason == "editing"] == [taken]
    window.close_database()
    assert not schedule.timer.isActive()


def test_a_damaged_file_found_on_opening_is_offered_its_latest_good_backup(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "damaged.sqlite"
    db = open_database(str(target))
    install_examples(db)
    good = backup_sqlite(db, "before-import")
    db.close()
    damage(target, "history")  # not read on opening, but the daily backup's check finds it
    assert window.open_database(str(target))
    box = None

    def offered() -> bool:
        nonlocal box
        box = window.findChild(QMessageBox, "damagedDatabase")
        return box is not None and box.isVisible()

    qtbot.waitUntil(offered)
    assert box is not None
    assert f"{target} is damaged: SQLite cannot read it whole." in box.text()
    assert "holds COV-2004-05, COV-2013-03. Restore it in place of the damaged file?" in box.text()
    screenshot(box, "damaged-database", tmp_path)
    qtbot.mouseClick(button(box, "&Restore the backup"), Qt.MouseButton.LeftButton)
    assert window.db is not None
    assert window.db.target == str(target)
    assert passes_check(target)
    assert references(window) == ["COV-2004-05", "COV-2013-03"]
    assert good is not None
    assert good.exists()


def test_the_daily_backup_runs_after_the_list_is_painted_and_closing_stops_it_cleanly(
    qtbot: QtBot, settings: Settings, database_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup never holds the window up: it starts once the inspection list has been drawn,
    in a worker thread, and closing the window meanwhile stops it without a half file."""
    import threading

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    import coventry_inspect.store.backup as backup_module

    window = MainWindow(settings)
    qtbot.addWidget(window)
    painted: list[bool] = []

    class ListPaints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            workspace = window.workspace
            if (
                event.type() == QEvent.Type.Paint
                and workspace is not None
                and watched is workspace.inspection_table.viewport()
            ):
                painted.append(True)
            return False

    paints = ListPaints()
    QApplication.instance().installEventFilter(paints)  # type: ignore[union-attr]
    copy = backup_module._copy
    reached = threading.Event()
    seen: dict[str, bool] = {}

    def copy_held_until_cancelled(src: object, dst: object, cancel: threading.Event | None) -> None:
        seen["worker thread"] = threading.current_thread() is not threading.main_thread()
        seen["after the list was painted"] = bool(painted)
        reached.set()
        assert cancel is not None
        cancel.wait(10)  # a copy still going when the window closes
        copy(src, dst, cancel)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "_copy", copy_held_until_cancelled)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_database(str(database_file))
    db = window.db
    assert db is not None
    qtbot.waitUntil(reached.is_set)  # the window kept handling events while it waited
    assert seen == {"worker thread": True, "after the list was painted": True}
    assert window.backup_schedule.db is None  # the 30-minute schedule starts after it
    running = window.backup_schedule.running
    assert running is not None
    assert running.isRunning()
    window.close()
    QApplication.instance().removeEventFilter(paints)  # type: ignore[union-attr]
    assert running.isFinished()
    folder = backup_module.backup_folder()
    assert [p.name for p in folder.iterdir() if not p.name.endswith(".source")] == []
    assert passes_check(database_file)


@pytest.mark.parametrize("user_acts_first", [False, True])
def test_the_daily_backup_is_announced_unless_the_user_has_moved_on(
    qtbot: QtBot, settings: Settings, database_file: Path, user_acts_first: bool
) -> None:
    """The backup ends seconds after opening on a big file: it says so while "Opened …" is still
    showing, but never writes over a newer message (an import's, or a save that failed)."""
    from coventry_inspect.gui import backups as gui_backups

    finished: list[Path] = []
    after_opening = gui_backups.after_opening

    def recorded(window: MainWindow, db: object, taken: object) -> None:
        def announce(path: Path) -> None:
            if user_acts_first:
                window.statusBar().showMessage("Nothing imported")
            taken(path)  # type: ignore[operator]
            finished.append(path)

        after_opening(window, db, announce)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gui_backups, "after_opening", recorded)
        window = MainWindow(settings)
        qtbot.addWidget(window)
        window.open_database(str(database_file))
        window.show()
        qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    message = window.statusBar().currentMessage()
    if user_acts_first:
        assert message == "Nothing imported"
    else:
        assert message == f"Opened {database_file}; backed up to {finished[0]}"
    window.close()
