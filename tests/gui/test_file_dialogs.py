"""Browsing the open database's folder must not cost the window its SQLite locks.

Found in a trial: File › Import workbook… shown on the database's folder read the database's
files to learn their types; that dropped SQLite's locks (POSIX locks belong to the process), a
`list` run meanwhile deleted the WAL as the last user, and every later edit in the window went
into a deleted file: gone after a crash, invisible to other programs before.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.tasks import Task
from coventry_inspect.services import inspections
from tests.gui.conftest import Answers
from tests.pdf_text import pdf_text
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


# -- where dialogs open and what they suggest (issue 12) -----------------------------------------


class FileDialogAnswer:
    """Waits for the file dialog a menu command opens (it runs its own event loop), notes where
    it opened and what it suggested, then types ``typed`` into its name field and presses Return
    as a person does. A failed check cancels the dialog so that the test reports it."""

    def __init__(self, qtbot: QtBot, typed: str) -> None:
        self.qtbot, self.typed = qtbot, typed
        self.directory = ""
        self.suggested: list[str] = []
        self.error: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        dialog = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QFileDialog) and w.isVisible()
            ),
            None,
        )
        if dialog is None:
            return
        self.timer.stop()
        try:
            self.directory = dialog.directory().absolutePath()
            self.suggested = dialog.selectedFiles()
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            assert name is not None
            name.setFocus()
            self.qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.qtbot.keyClicks(name, self.typed)
            self.qtbot.keyClick(name, Qt.Key.Key_Return)
        except BaseException as error:  # reported by the test, not lost in Qt
            self.error = error
            dialog.reject()
        # Tied to the dialog: once it is gone the check is cancelled (a free timer fired in a
        # later test, on a deleted dialog, and that test saw "Something went wrong").
        QTimer.singleShot(5000, dialog, lambda: self._still_open(dialog))

    def _still_open(self, dialog: QFileDialog) -> None:
        if dialog.isVisible():
            self.error = AssertionError(f"Return left the dialog open: {dialog.selectedFiles()}")
            dialog.reject()

    def check(self) -> None:
        if self.error is not None:
            raise self.error


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, with a Documents folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def export(qtbot: QtBot, window: MainWindow, typed: str) -> FileDialogAnswer:
    answer = FileDialogAnswer(qtbot, typed)
    window.export_action.trigger()
    answer.check()
    task = window.current_task
    assert isinstance(task, Task)
    with qtbot.waitSignal(task.done, timeout=30_000):  # delivered by this thread's event loop
        pass
    return answer


def test_exports_open_in_documents_then_the_last_folder_named_after_the_inspection(
    qtbot: QtBot, window: MainWindow, home: Path, tmp_path: Path
) -> None:
    documents = home / "Documents"
    first = export(qtbot, window, "for the team")
    assert Path(first.directory) == documents
    assert [Path(p) for p in first.suggested] == [documents / "COV-2013-03.xlsx"]
    assert load_workbook(documents / "for the team.xlsx")["Inspection"]["B2"].value == "COV-2013-03"

    elsewhere = tmp_path / "USB stick"
    elsewhere.mkdir()
    export(qtbot, window, str(elsewhere / "COV-2013-03"))
    assert (elsewhere / "COV-2013-03.xlsx").is_file()

    again = export(qtbot, window, "second")
    assert Path(again.directory) == elsewhere  # the last folder used, remembered in settings
    assert (elsewhere / "second.xlsx").is_file()
    assert window.settings.last_folder("workbook") == str(elsewhere)

    pdf = FileDialogAnswer(qtbot, "letter")
    window.pdf_action.trigger()
    pdf.check()
    assert Path(pdf.directory) == documents  # PDFs keep their own folder
    assert [Path(p).name for p in pdf.suggested] == ["COV-2013-03.pdf"]
    assert "COV-2013-03" in pdf_text(documents / "letter.pdf")

    restarted = Settings(Path(window.settings.store.fileName()))
    assert restarted.last_folder("workbook") == str(elsewhere)


def test_without_a_documents_folder_dialogs_open_at_home(
    qtbot: QtBot, window: MainWindow, home: Path, answers: Answers
) -> None:
    (home / "Documents").rmdir()
    answers.queue.append("LEA inspection")
    blank = FileDialogAnswer(qtbot, "blank")
    window.findChild(QAction, "New blank workbook").trigger()
    blank.check()
    assert Path(blank.directory) == home
    assert [Path(p).name for p in blank.suggested] == ["lea-inspection-template.xlsx"]
    assert (home / "blank.xlsx").is_file()

    copy = FileDialogAnswer(qtbot, "copy for the office")
    window.save_copy_action.trigger()
    copy.check()
    assert [Path(p).name for p in copy.suggested] == ["examples.sqlite"]
    assert (home / "copy for the office.sqlite").is_file()


def test_blank_workbook_for_the_inspections_kind_is_named_after_it(
    qtbot: QtBot, window: MainWindow, home: Path, answers: Answers
) -> None:
    answers.queue.append("Focused inspection")  # COV-2013-03, the inspection shown, is focused
    blank = FileDialogAnswer(qtbot, "")
    window.findChild(QAction, "New blank workbook").trigger()
    blank.check()
    assert [Path(p).name for p in blank.suggested] == ["COV-2013-03-template.xlsx"]
    assert (home / "Documents" / "COV-2013-03-template.xlsx").is_file()


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("NOR-2014-01", "NOR-2014-01.xlsx"),
        ('NOR/2014:01 "draft"?', "NOR-2014-01 -draft.xlsx"),
        ("a<b>c|d*e\\f", "a-b-c-d-e-f.xlsx"),
        ("CON", "CON-file.xlsx"),
        ("lpt1", "lpt1-file.xlsx"),
        ("  trailing dot. ", "trailing dot.xlsx"),
        ("", "inspection.xlsx"),
        ("Tab\there", "Tab-here.xlsx"),
    ],
)
def test_names_made_from_a_reference_are_allowed_on_windows(reference: str, expected: str) -> None:
    assert file_dialogs.file_name(reference, ".xlsx") == expected
