"""Help: a user guide shipped with the app (in a window and as a PDF), the real keyboard
shortcuts, and where this computer keeps the files (issue 12)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from coventry_inspect import paths
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.shortcuts import ShortcutsDialog
from coventry_inspect.gui.user_guide import GuideWindow, about_text, save_guide_pdf
from coventry_inspect.store.backup import backup_folder
from tests.gui.conftest import screenshot, workspace_of
from tests.pdf_text import pdf_text

NATIVE = QKeySequence.SequenceFormat.NativeText


def help_action(window: MainWindow, name: str) -> QAction:
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    assert isinstance(help_menu, QMenu)
    return next(a for a in help_menu.actions() if a.objectName() == name)


def open_guide(qtbot: QtBot, window: MainWindow) -> GuideWindow:
    help_action(window, "User guide").trigger()
    guide = window.findChild(GuideWindow)
    assert guide is not None
    qtbot.waitExposed(guide)
    return guide


def test_the_guide_opens_from_help_and_says_where_the_files_are(
    qtbot: QtBot, window: MainWindow, database_file: Path, tmp_path: Path
) -> None:
    guide = open_guide(qtbot, window)
    text = guide.browser.toPlainText()
    assert "Create an inspection" in text
    for path in (
        str(database_file),  # the one open now
        paths.default_database(),
        str(paths.data_dir()),
        str(backup_folder()),
        str(tmp_path / "settings.ini"),  # the settings this window really uses
        str(paths.log_file()),
    ):
        assert path in text
    assert "$" not in text  # every blank filled in
    screenshot(guide, "user-guide", tmp_path)

    guide.activateWindow()
    guide.search.setFocus()
    qtbot.waitUntil(guide.search.hasFocus, timeout=2000)
    qtbot.keyClicks(guide.search, "restore from backup")  # found as it is typed
    assert guide.browser.textCursor().selectedText().lower() == "restore from backup"
    guide.search.selectAll()
    qtbot.keyClicks(guide.search, "Backup")
    first = guide.browser.textCursor().position()
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.browser.textCursor().position() > first  # Return: the next one
    assert guide.browser.textCursor().selectedText().lower() == "backup"
    qtbot.keyClick(guide.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.browser.textCursor().position() == first  # Shift+Return: back again
    qtbot.keyClicks(guide.search, "xyz")
    assert guide.found.text() == "Not found"


def test_about_says_where_the_files_are(window: MainWindow, database_file: Path) -> None:
    text = about_text(window)
    assert str(database_file) in text
    assert str(backup_folder()) in text
    assert str(paths.log_file()) in text
    assert window.settings.store.fileName() in text


def test_help_about_shows_the_icon_version_licence_and_files(
    qtbot: QtBot, window: MainWindow, database_file: Path, tmp_path: Path
) -> None:
    import tomllib

    from PySide6.QtWidgets import QMessageBox

    from coventry_inspect import __version__
    from coventry_inspect.gui.icon import application_icon

    help_action(window, "About Coventry Inspect").trigger()
    box = window.findChild(QMessageBox, "about")
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    screenshot(box, "about", tmp_path)
    text = box.text()
    assert text.startswith(f"Coventry Inspect {__version__}\n")
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    assert f"Licence: {project['project']['license']['text']};" in text
    assert "SIL Open Font License" in text  # the bundled font's licence travels with it
    assert f"Database: {database_file}\n" in text
    assert f"Backups: {backup_folder()}\n" in text
    assert f"Error log: {paths.log_file()}\n" in text
    ratio = window.devicePixelRatioF()
    expected = application_icon().pixmap(QSize(64, 64), ratio).toImage()
    assert box.iconPixmap().toImage() == expected
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "about") is None)


def test_shortcuts_are_read_from_the_real_keys(qtbot: QtBot, window: MainWindow) -> None:
    workspace = workspace_of(window)
    workspace.show_part("Key questions")
    panel = workspace.findChild(ResponsesPanel)
    assert panel is not None
    panel_keys = {s.key().toString(NATIVE) for s in panel.findChildren(QShortcut)}
    assert panel_keys == {"Ctrl+Return", "Ctrl+Shift+Return"}
    window.export_action.setShortcut(QKeySequence("Ctrl+E"))  # a key changed: the list follows

    help_action(window, "Keyboard shortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    rows = {
        dialog.table.item(row, 0).text(): dialog.table.item(row, 1).text()
        for row in range(dialog.table.rowCount())
    }
    menu_keys = {
        action.shortcut().toString(NATIVE)
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty() and action.isVisible()
    }
    assert menu_keys | panel_keys <= set(rows)
    assert rows["Ctrl+E"] == "File › Export workbook"
    assert rows["Ctrl+N"] == "Inspection › New inspection"
    assert rows["Ctrl+Z"] == "Edit › Undo"
    assert rows["Ctrl+Return"] == "Responses: next question"
    dialog.close()

    guide = open_guide(qtbot, window)
    assert "Ctrl+E" in guide.browser.toPlainText()  # the guide's list is the same list
    QApplication.processEvents()


def test_the_guide_as_a_pdf(window: MainWindow, tmp_path: Path) -> None:
    target = save_guide_pdf(window, str(tmp_path / "guide"))
    assert target == tmp_path / "guide.pdf"
    text = " ".join(pdf_text(target).split())
    for words in (
        "Coventry Inspect user guide",
        "Create an inspection",
        "Workbooks for a team filled in Excel",
        "Backups and restore",
        "Ctrl+Shift+Return",
        paths.log_file().name,
        "page 1 of",
    ):
        assert words in text
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
    assert (
        "CoventryInspectSans-Bold " in fonts.stdout
    )  # headings print in the bundled font, as letters do
