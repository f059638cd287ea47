"""A second window on the same file is asked: read-only, or cancel. Never two editors."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.store.lock import DatabaseLock, DatabaseLockedError
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.test_cli import assert_refused, run


@pytest.fixture
def second(qtbot: QtBot, tmp_path: Path, answers: Answers) -> MainWindow:
    window = MainWindow(Settings(tmp_path / "second.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_first_window_holds_the_lock(window: MainWindow, database_file: Path) -> None:
    other = DatabaseLock(database_file, "a test")
    with pytest.raises(DatabaseLockedError, match="the Coventry Inspect window"):
        other.acquire()
    window.close_database()
    other.acquire()
    other.release()


def test_commands_do_not_write_while_the_window_has_the_file(
    window: MainWindow, database_file: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "in.xlsx"
    exported = run(
        "export", "--db", str(database_file), "--inspection", "COV-2013-03", "--out", str(workbook)
    )
    assert exported.returncode == 0, exported.stderr  # reading is fine
    before = hashlib.sha256(database_file.read_bytes()).hexdigest()
    assert_refused(
        run("import", str(workbook), "--db", str(database_file)),
        f"is open in Coventry Inspect on {socket.gethostname()} since",
    )
    assert hashlib.sha256(database_file.read_bytes()).hexdigest() == before


def test_second_window_can_cancel(
    window: MainWindow, second: MainWindow, database_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        second, "ask_second_instance", lambda target, owner: asked.append(owner) or False
    )
    assert not second.open_database(str(database_file))
    assert second.db is None
    assert asked[0].startswith(f"open in Coventry Inspect on {socket.gethostname()} since ")


def test_second_window_reads_without_changing_anything(
    window: MainWindow,
    second: MainWindow,
    database_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(second, "ask_second_instance", lambda target, owner: True)
    assert second.open_database(str(database_file))
    assert second.db is not None
    assert second.db.read_only
    assert second.windowTitle() == f"Coventry Inspect — {database_file.name} (read-only)"
    assert not second.new_action.isEnabled()
    assert not second.import_action.isEnabled()
    assert second.export_action.isEnabled()
    workspace = workspace_of(second)
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    reference = details.fields["reference"]
    assert isinstance(reference, QLineEdit)
    assert reference.isReadOnly()
    before = hashlib.sha256(database_file.read_bytes()).hexdigest()
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    schools.model.setData(schools.model.index(0, 6), "should not be stored")
    assert "open read-only" in workspace.problem.text()
    assert schools.model.rows[0].notes != "should not be stored"
    assert not schools.delete_button.isEnabled()
    assert hashlib.sha256(database_file.read_bytes()).hexdigest() == before
    workspace.show_part("Schools inspected")
    QApplication.processEvents()
    screenshot(second, "read-only", tmp_path)
    # The first window still edits, and the reader sees the change after a refresh.
    first_schools = workspace_of(window).page("schools")
    assert isinstance(first_schools, TablePage)
    first_schools.model.setData(first_schools.model.index(0, 6), "written by the first window")
    workspace.refresh()
    assert schools.model.rows[0].notes == "written by the first window"


def test_a_database_on_read_only_media_opens_read_only_and_says_so(
    second: MainWindow, database_file: Path, tmp_path: Path
) -> None:
    from tests.read_only_media import read_only_copy

    with read_only_copy(database_file, tmp_path / "stick") as on_stick:
        assert second.open_database(str(on_stick))
        assert second.db is not None
        assert second.db.read_only
        assert second.windowTitle() == f"Coventry Inspect — {on_stick.name} (read-only)"
        workspace = workspace_of(second)
        assert workspace.problem.text().startswith(
            "Read-only: it is on a read-only disk or folder."
        )
        assert not second.import_action.isEnabled()
        assert second.export_action.isEnabled()
        workspace.show_part("Schools inspected")
        QApplication.processEvents()
        screenshot(second, "read-only-media", tmp_path)
        second.close_database()
