"""Browsing the open database's folder must not cost the window its SQLite locks.

Found in a trial: File › Import workbook… shown on the database's folder read the database's
files to learn their types; that dropped SQLite's locks (POSIX locks belong to the process), a
`list` run meanwhile deleted the WAL as the last user, and every later edit in the window went
into a deleted file: gone after a crash, invisible to other programs before.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services import inspections
from tests.test_cli import run


def sqlite_locks(database: Path) -> list[str]:
    """The POSIX locks this process holds on the database and its -shm file, without the
    ordinal /proc/locks puts first (it moves as other processes take and drop locks)."""
    inodes = {os.stat(p).st_ino for p in (database, Path(f"{database}-shm")) if p.exists()}
    me = f" {os.getpid()} "
    with open("/proc/locks", encoding="ascii") as locks:
        return [
            line.split(":", 1)[1].strip()
            for line in locks
            if "POSIX" in line and me in line and any(f":{i} " in line for i in inodes)
        ]


def browse(qtbot: QtBot, dialog: QFileDialog, folder: Path) -> None:
    """Show the dialog on ``folder`` until it has listed it (types and icons too), then close."""
    with qtbot.waitSignal(dialog.directoryEntered, timeout=5000, raising=False):
        dialog.show()
        dialog.setDirectory(str(folder))
    qtbot.wait(1500)
    dialog.close()


def test_browsing_the_database_folder_keeps_every_edit(
    qtbot: QtBot, window: MainWindow, database_file: Path
) -> None:
    db = window.db
    assert db is not None
    with db.engine.connect():
        pass  # the window's connection is open, as after any edit
    held = sqlite_locks(database_file)
    assert held, "SQLite holds its locks while the window has the file"
    folder = database_file.parent
    browse(
        qtbot, file_dialogs.make_dialog(window, "Import workbook", str(folder), "All (*)"), folder
    )
    assert sqlite_locks(database_file) == held

    listed = run("list", "--db", str(database_file))  # another program reads meanwhile
    assert listed.returncode == 0, listed.stderr
    assert Path(f"{database_file}-wal").exists()
    inspection = inspections.find_by_reference(db, "COV-2013-03")
    assert inspection is not None
    inspections.update_inspection(db, inspection.id, sender_name="Jane Example")
    letter = run("letter", "--db", str(database_file), "--inspection", "COV-2013-03", "--text")
    assert "Jane Example" in letter.stdout  # the edit is in the file others read
