"""File › Merge from file…: an inspector's own database file merged into the lead's, the
inspection open in the window chosen when the file holds several; a database open read-only
offers no merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Phase, PreviousGrade, SchoolGrade
from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.services import evidence
from coventry_inspect.services.databases import save_copy
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.history import list_history
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import duplicate_inspection
from coventry_inspect.store.backup import kept_workbooks_of
from coventry_inspect.store.database import Database, open_database
from tests.gui.conftest import Answers, workspace_of
from tests.gui.test_editing import open_reference

REFERENCE = "COV-2013-03"


def test_an_inspectors_file_merges_after_asking_which_inspection(
    qtbot: QtBot,
    answers: Answers,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = window.db
    assert db is not None
    open_reference(window, REFERENCE)
    laptop = tmp_path / "jsmith.sqlite"
    save_copy(db, laptop)  # the inspector's copy: both example inspections
    theirs = open_database(str(laptop))
    evidence.add_inspected_school(
        theirs,
        choose_inspection(theirs, REFERENCE).id,
        "990098",
        "Willow Infant School",
        Phase.PRIMARY,
        PreviousGrade.GOOD,
        outcome_grade=SchoolGrade.GOOD,
    )
    theirs.close()
    # The lead is looking at an inspection the file does not hold: asked which of its two.
    copy = duplicate_inspection(db, choose_inspection(db, REFERENCE).id, "COV-2013-04")
    workspace_of(window).inspections.refresh()
    workspace_of(window).select_inspection(copy)
    answers.queue.append(REFERENCE)
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (str(laptop), "Coventry Inspect databases")
    )

    window.merge_file_action.trigger()
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "confirmMerge") is not None or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    assert answers.queue == []  # asked, and answered
    box = window.findChild(QMessageBox, "confirmMerge")
    assert isinstance(box, QMessageBox)
    assert box.text() == f"Merge jsmith.sqlite into {REFERENCE}?"
    assert (
        "<b>Added 1</b></p><ul style='margin: 0'><li>Schools inspected: URN 990098</li>"
        in box.informativeText()
    )
    assert "kept first as a workbook" in box.informativeText()
    merge = box.findChild(QPushButton, "mergeButton")
    assert merge is not None
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "mergeSummary") is not None or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    inspection = choose_inspection(db, REFERENCE).id
    assert workspace_of(window).inspection_id == inspection  # shown as merged
    schools = workspace_of(window).page("schools")
    assert "Willow Infant School" in [r.school.name for r in schools.model.rows]  # type: ignore[attr-defined]
    [merged] = [e for e in list_history(db, inspection) if e.action == "merged"]
    assert (merged.new, merged.user) == ("from jsmith.sqlite", db.user)
    assert len(kept_workbooks_of(db.database_id())) == 1  # the inspection, as it was


def test_a_read_only_window_offers_no_merge(
    qtbot: QtBot, window: MainWindow, database_file: Path, tmp_path: Path, answers: Answers
) -> None:
    assert window.merge_workbook_action.isEnabled()
    assert window.merge_file_action.isEnabled()
    second = MainWindow(Settings(tmp_path / "second.ini"))
    qtbot.addWidget(second)
    second.show()
    second.ask_second_instance = lambda target, owner: True  # type: ignore[method-assign]
    assert second.open_database(str(database_file))
    assert second.db is not None
    assert second.db.read_only
    for action in (
        second.merge_workbook_action,
        second.merge_file_action,
        second.merge_server_action,
    ):
        assert not action.isEnabled()
    second.close_database()


@pytest.mark.postgresql
def test_a_team_database_url_typed_in_merges_and_a_path_typed_there_is_refused(
    qtbot: QtBot,
    answers: Answers,
    window: MainWindow,
    postgres_db: Database,
) -> None:
    db = window.db
    assert db is not None
    open_reference(window, REFERENCE)
    install_examples(postgres_db)
    evidence.add_inspected_school(
        postgres_db,
        choose_inspection(postgres_db, REFERENCE).id,
        "990097",
        "Hazel Nursery School",
        Phase.NURSERY,
        PreviousGrade.GOOD,
        outcome_grade=SchoolGrade.GOOD,
    )
    answers.queue.append("/home/lead/jsmith.sqlite")  # not a URL: File › Merge from file… is
    window.merge_server_action.trigger()
    assert answers.shown[0][0] == "Merge from team database"
    assert "is not a database URL" in answers.shown[0][1]
    answers.shown.clear()

    # A password typed into the address (shown as typed) is refused, not used.
    answers.queue.append(postgres_db.target.replace("postgres@", "postgres:s3cret@"))
    window.merge_server_action.trigger()
    assert answers.shown[0][0] == "Merge from team database"
    assert answers.shown[0][1].startswith("Leave the password out of the address")
    assert "s3cret" not in answers.shown[0][1]
    answers.shown.clear()

    answers.queue.append(f"  {postgres_db.target}  ")
    window.merge_server_action.trigger()
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "confirmMerge") is not None or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    box = window.findChild(QMessageBox, "confirmMerge")
    assert isinstance(box, QMessageBox)
    assert (
        "<b>Added 1</b></p><ul style='margin: 0'><li>Schools inspected: URN 990097</li>"
        in box.informativeText()
    )
    merge = box.findChild(QPushButton, "mergeButton")
    assert merge is not None
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "mergeSummary") is not None or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    schools = workspace_of(window).page("schools")
    assert "Hazel Nursery School" in [r.school.name for r in schools.model.rows]  # type: ignore[attr-defined]
