"""The whole window on a team PostgreSQL database: connecting by typing, the password kept in a
keyring (never in the settings file), other people's changes appearing live, and an edit from a
stale view refused with who changed it, when, and what it is now."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.gui.connect_dialog import ConnectDialog
from coventry_inspect.gui.errors import ExceptionHook
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.live_updates import LiveUpdates
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, inspections
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import HistoryEntry
from coventry_inspect.store.passwords import SERVICE
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.typing import focus_cell, focused, press, type_keys
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.postgresql
REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def team_url(postgres_server: PostgresServer) -> Iterator[str]:
    with postgres_server.fresh_database() as url:
        db = open_database(url, user="lead")
        install_examples(db)
        db.close()
        yield url


@pytest.fixture
def team_window(
    qtbot: QtBot, settings: Settings, team_url: str, answers: Answers
) -> Iterator[MainWindow]:
    hook = ExceptionHook(show=answers.show)
    hook.install()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(1300, 780)
    qtbot.waitExposed(window)
    assert window.open_database(team_url)
    yield window
    window.close_database()
    hook.uninstall()


def schools_page(window: MainWindow) -> TablePage:
    workspace = workspace_of(window)
    found = inspections.find_by_reference(workspace.db, "COV-2013-03")
    assert found is not None
    workspace.select_inspection(found.id)
    workspace.show_part("Schools inspected")
    page = workspace.page("schools")
    assert isinstance(page, TablePage)
    return page


def row_of(page: TablePage, urn: str) -> int:
    return next(n for n, row in enumerate(page.model.rows) if row.school.urn == urn)


def shown_dialog(window: MainWindow) -> ConnectDialog | None:
    return next((d for d in window.findChildren(ConnectDialog) if d.isVisible()), None)


def live(window: MainWindow) -> LiveUpdates:
    assert window.live is not None
    return window.live


def as_jsmith(url: str, code: str) -> None:
    """Another inspector, in a process of their own, changes the database."""
    script = textwrap.dedent(
        f"""
        from coventry_inspect.domain.vocabulary import InadequateCategory, SchoolGrade
        from coventry_inspect.services import evidence, inspections
        from coventry_inspect.store.database import open_database
        db = open_database({url!r}, user="jsmith")
        inspection = inspections.find_by_reference(db, "COV-2013-03")
        rows = {{r.school.urn: r for r in evidence.list_inspected_schools(db, inspection.id)}}
        """
    ) + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def last_change_clock(db: Database, field: str) -> str:
    with db.session() as session:
        at = session.scalars(
            select(HistoryEntry.at)
            .where(HistoryEntry.field == field, HistoryEntry.user == "jsmith")
            .order_by(HistoryEntry.id.desc())
        ).first()
    assert at is not None
    return f"{at.replace(tzinfo=UTC).astimezone():%H:%M}"


def test_an_edit_made_from_a_stale_view_is_refused_and_the_view_shows_the_value_now(
    qtbot: QtBot, team_window: MainWindow, team_url: str, tmp_path: Path
) -> None:
    """The lead is choosing a grade for 990005 while jsmith, in another process, grades it
    Inadequate: the lead's Good is refused with jsmith's change, which stands."""
    page = schools_page(team_window)
    number = row_of(page, "990005")
    assert page.model.index(number, 4).data() == "Requires improvement"
    focus_cell(qtbot, page, number, 4)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(qtbot, "Good")
    as_jsmith(
        team_url,
        """
        evidence.update_inspected_school(
            db, rows["990005"].id, outcome_grade=SchoolGrade.INADEQUATE,
            inadequate_category=InadequateCategory.SPECIAL_MEASURES)
        """,
    )
    qtbot.waitUntil(lambda: bool(live(team_window).pending), timeout=5000)
    assert page.model.index(number, 4).data() == "Requires improvement"  # not while choosing
    press(qtbot, Qt.Key.Key_Return)  # the lead's choice, made from what the lead saw

    db = team_window.db
    assert db is not None
    problem = workspace_of(team_window).problem
    at = last_change_clock(db, "outcome_grade")
    assert problem.text() == f"Changed by jsmith at {at} — now Inadequate"
    assert page.model.index(row_of(page, "990005"), 4).data() == "Inadequate"
    found = inspections.find_by_reference(db, "COV-2013-03")
    assert found is not None
    stored = {r.school.urn: r for r in evidence.list_inspected_schools(db, found.id)}
    assert stored["990005"].outcome_grade is SchoolGrade.INADEQUATE  # nothing overwritten
    assert not team_window.undo_action.isEnabled()  # nothing to undo: nothing was done
    screenshot(team_window, "server-refusal", tmp_path)


def test_an_undo_of_a_value_someone_else_has_changed_since_is_refused(
    qtbot: QtBot, team_window: MainWindow, team_url: str
) -> None:
    page = schools_page(team_window)
    number = row_of(page, "990003")
    page.model.setData(page.model.index(number, 6), "Lead's note")
    assert team_window.undo_action.isEnabled()
    as_jsmith(team_url, 'evidence.update_inspected_school(db, rows["990003"].id, notes="Mine")')
    team_window.undo_action.trigger()
    problem = workspace_of(team_window).problem.text()
    assert problem.startswith("Cannot undo “change notes”: changed by jsmith at ")
    assert problem.endswith(" — now “Mine”")
    assert page.model.index(row_of(page, "990003"), 6).data() == "Mine"
    assert not team_window.undo_action.isEnabled()  # the refused command left the stack

    # The letter, on the team database, follows another inspector's change as it is made.
    workspace = workspace_of(team_window)
    workspace.show_part("Letter")
    letter = workspace.page("letter")
    assert isinstance(letter, LetterPage)
    assert "Eleven schools were inspected" in letter.preview.toPlainText()
    as_jsmith(team_url, 'evidence.delete_inspected_school(db, rows["990009"].id)')
    qtbot.waitUntil(
        lambda: "Ten schools were inspected" in letter.preview.toPlainText(), timeout=5000
    )


def test_other_people_s_changes_appear_without_disturbing_what_is_being_typed(
    qtbot: QtBot, team_window: MainWindow, team_url: str
) -> None:
    page = schools_page(team_window)
    first, second = row_of(page, "990001"), row_of(page, "990002")
    focus_cell(qtbot, page, first, 6)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(qtbot, "Lead typing")
    editor = focused()
    assert isinstance(editor, QLineEdit)

    jsmith = open_database(team_url, user="jsmith")  # another connection, here
    try:
        row = page.model.rows[second]
        evidence.update_inspected_school(jsmith, row.id, notes="From jsmith")
        qtbot.waitUntil(lambda: bool(live(team_window).pending), timeout=5000)
        qtbot.wait(400)  # longer than the refresh's settling time
        assert focused() is editor
        assert editor.text() == "Lead typing"
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.model.index(second, 6).data() == "From jsmith", timeout=5000)
        assert page.model.index(first, 6).data() == "Lead typing"

        # With nothing being typed, a change shows on its own; a deleted inspection leaves.
        evidence.update_inspected_school(jsmith, row.id, notes="Again")
        qtbot.waitUntil(lambda: page.model.index(second, 6).data() == "Again", timeout=5000)
        lea = inspections.find_by_reference(jsmith, "COV-2004-05")
        assert lea is not None
        inspections.delete_inspection(jsmith, lea.id)
        listed = workspace_of(team_window).inspections
        qtbot.waitUntil(lambda: listed.rowCount() == 1, timeout=5000)
        # The inspection on screen deleted by someone else: the window says so.
        inspections.delete_inspection(jsmith, row.inspection_id)
        qtbot.waitUntil(lambda: listed.rowCount() == 0, timeout=5000)
        assert workspace_of(team_window).inspection_id is None
        assert workspace_of(team_window).parts.count() == 0
        assert team_window.statusBar().currentMessage() == (
            "The inspection you had open has been deleted by someone else"
        )
    finally:
        jsmith.close()


def test_connecting_by_typing_keeps_the_password_in_the_keyring_only(
    qtbot: QtBot,
    settings: Settings,
    postgres_server: PostgresServer,
    answers: Answers,
    test_keyring: Path,
    tmp_path: Path,
) -> None:
    hook = ExceptionHook(show=answers.show)
    hook.install()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(1300, 780)
    qtbot.waitExposed(window)
    try:
        with postgres_server.password_database("inspector", "s3cret-pass") as url:
            database = url.rsplit("/", 1)[1]
            window.findChild(type(window.undo_action), "Connect to team database").trigger()
            dialog = shown_dialog(window)
            assert dialog is not None
            assert dialog.remember.isEnabled()
            for line, text in (
                (dialog.host, "127.0.0.1"),
                (dialog.port, str(postgres_server.port)),
                (dialog.name, database),
                (dialog.user, "inspector"),
                (dialog.password, "wrong"),
            ):
                line.selectAll()
                qtbot.keyClicks(line, text)
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
            assert dialog.status.text() == (
                f"Wrong password for inspector@127.0.0.1:{postgres_server.port}/{database} "
                "(or no user inspector on the server)"
            )
            qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
            assert dialog.isVisible()
            assert window.db is None
            screenshot(dialog, "server-connect-wrong-password", tmp_path)
            dialog.password.selectAll()
            qtbot.keyClicks(dialog.password, "s3cret-pass")
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
            assert dialog.status.text() == (
                f"Connected to {database} on 127.0.0.1: no Coventry Inspect tables yet; "
                "Connect sets them up"
            )
            qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)
            assert dialog.remember.isChecked()
            screenshot(dialog, "server-connect", tmp_path)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Connect is the default
            assert window.db is not None, dialog.status.text()
            assert window.windowTitle() == f"Coventry Inspect — {database} on 127.0.0.1"
            assert settings.recent_databases[0] == url  # no password in it
            window.close_database()
            settings.sync()
            kept = (tmp_path / "settings.ini").read_text(encoding="utf-8")
            assert url.split("://")[1] in kept
            assert "s3cret" not in kept
            assert "s3cret-pass" in test_keyring.read_text(encoding="utf-8")
            assert SERVICE in test_keyring.read_text(encoding="utf-8")

            # Open recent: the keyring gives the password; nothing is asked.
            window.recent_menu.actions()[0].trigger()
            assert window.db is not None
            assert shown_dialog(window) is None
            window.close_database()

            # Test with the password left empty uses the keyring's, as Connect does.
            window.findChild(type(window.undo_action), "Connect to team database").trigger()
            again = shown_dialog(window)
            assert again is not None
            for line, text in (
                (again.host, "127.0.0.1"),
                (again.port, str(postgres_server.port)),
                (again.name, database),
                (again.user, "inspector"),
            ):
                line.selectAll()
                qtbot.keyClicks(line, text)
            again.password.clear()
            qtbot.mouseClick(again.test_button, Qt.MouseButton.LeftButton)
            assert again.status.text() == (
                f"Connected to {database} on 127.0.0.1: a team database holding 0 inspections"
            )
            again.reject()

            # Without it, the window asks, the dialog filled in but for the password.
            test_keyring.unlink()
            assert not window.open_database(url)
            asking = shown_dialog(window)
            assert asking is not None
            assert asking.status.text() == (
                f"The team database inspector@127.0.0.1:{postgres_server.port}/{database} "
                "needs a password"
            )
            assert (asking.host.text(), asking.name.text()) == ("127.0.0.1", database)
            assert asking.focusWidget() is asking.password
            qtbot.keyClicks(asking.password, "s3cret-pass")
            qtbot.keyClick(asking.password, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: window.db is not None, timeout=10_000)
            window.close_database()
    finally:
        hook.uninstall()


def test_with_no_keyring_the_dialog_says_so_and_keeps_nothing(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isEnabled()
    assert not dialog.remember.isChecked()
    assert dialog.keyring_note.isVisible()
    assert "no system keyring" in dialog.keyring_note.text()
    screenshot(dialog, "server-connect-no-keyring", tmp_path)
