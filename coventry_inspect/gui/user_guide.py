"""Help › User guide…, Save user guide as PDF…, Keyboard shortcuts… and About: the guide shipped
in resources/guide.md, with where this computer keeps the files and the real shortcuts filled
in when it is shown."""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from coventry_inspect import paths
from coventry_inspect.gui.shortcuts import shortcuts_markdown, window_shortcuts

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow

GUIDE_TITLE = "Coventry Inspect user guide"


def locations(window: MainWindow) -> dict[str, str]:
    """Where this installation keeps its files, read from the paths it really uses."""
    from coventry_inspect.store.backup import backup_folder

    default = paths.default_database()
    return {
        "database": window.db.target if window.db is not None else "no database is open",
        "default_database": default,
        "data_folder": str(paths.data_dir()),
        "backups": str(backup_folder()),
        "settings": window.settings.store.fileName(),
        "log": str(paths.log_file()),
    }


def guide_markdown(window: MainWindow) -> str:
    from coventry_inspect import __version__

    text = (paths.resources_dir() / "guide.md").read_text(encoding="utf-8")
    return Template(text).safe_substitute(
        locations(window),
        version=__version__,
        shortcuts=shortcuts_markdown(window_shortcuts(window)),
    )


def guide_document(window: MainWindow) -> QTextDocument:
    document = QTextDocument()
    document.setMarkdown(guide_markdown(window))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, GUIDE_TITLE)
    return document


class GuideWindow(QDialog):
    """The guide, with a search box: Return finds the next match, Shift+Return the one before."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.setWindowTitle(GUIDE_TITLE)
        self.setObjectName("userGuide")
        self.setWindowFlag(Qt.WindowType.Window)  # a window of its own, beside the main one
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setDocument(guide_document(window))
        self.search = QLineEdit()
        self.search.setAccessibleName("Find in the guide")
        self.search.setPlaceholderText("Find in the guide (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.search.textEdited.connect(lambda _text: self.find_next(from_start=True))
        self.found = QLabel()
        self.found.setObjectName("findResult")
        save = QPushButton("Save as &PDF…")
        save.setAutoDefault(False)  # Return in the search box finds; it does not save
        save.clicked.connect(lambda: save_guide_pdf(self.main_window))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.found)
        bar.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence("Shift+Return"), self.search, lambda: self.find_next(back=True))
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 60, self.fontMetrics().height() * 45)

    def find_next(self, *, back: bool = False, from_start: bool = False) -> bool:
        """Select the next match of the search text (wrapping round); say when there is none."""
        text = self.search.text()
        if not text:
            self.found.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if back else QTextDocument.FindFlag(0)
        if from_start:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        found = self.browser.find(text, flags)
        if not found:  # wrap round
            end = self.browser.textCursor().MoveOperation
            self.browser.moveCursor(end.End if back else end.Start)
            found = self.browser.find(text, flags)
        self.found.setText("" if found else "Not found")
        return found


def show_guide(window: MainWindow) -> GuideWindow:
    guide = GuideWindow(window)
    guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    guide.show()
    return guide


def save_guide_pdf(window: MainWindow, path: str | None = None) -> Path | None:
    """Help › Save user guide as PDF…: written whole or not at all (reports.pdf.write_pdf)."""
    from coventry_inspect.files import WriteError
    from coventry_inspect.gui import file_dialogs
    from coventry_inspect.gui.errors import show_error
    from coventry_inspect.reports.fonts import report_font
    from coventry_inspect.reports.pdf import write_pdf

    target = (
        file_dialogs.pdf_path(window, "Save user guide as PDF", GUIDE_TITLE, window.settings)
        if path is None
        else Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
    )
    if target is None:
        return None
    document = guide_document(window)
    document.setDefaultFont(report_font(10))  # printed like the letters, the same on every machine
    document.setUseDesignMetrics(True)
    try:
        pages = write_pdf(target, document, footer=GUIDE_TITLE, title=GUIDE_TITLE)
    except WriteError as error:
        show_error(window, "Save user guide as PDF", str(error))
        return None
    window.statusBar().showMessage(f"Saved {target} ({pages} pages)", 8000)
    return target


def show_shortcuts(window: MainWindow) -> QDialog:
    from coventry_inspect.gui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(window, window_shortcuts(window))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


LICENCE = "Proprietary"
"""pyproject.toml's licence (a test keeps them equal): read here because a packaged build has
no package metadata to read it from."""


def about_text(window: MainWindow) -> str:
    from coventry_inspect import __version__

    where = locations(window)
    return (
        f"Coventry Inspect {__version__}\n"
        "Record inspection evidence offline and produce the documents an inspection publishes.\n\n"
        f"Licence: {LICENCE}; not open source. Qt for Python (PySide6) is used under the "
        "GNU LGPL v3. Documents print in Coventry Inspect Sans, which is Liberation Sans renamed, "
        "under the SIL Open Font License 1.1.\n\n"
        f"Database: {where['database']}\n"
        f"Backups: {where['backups']}\n"
        f"Settings: {where['settings']}\n"
        f"Error log: {where['log']}\n\n"
        "Help › User guide explains how to use it."
    )


def show_about(window: MainWindow) -> QMessageBox:
    """Help › About: the icon, version, licence and where the files are (selectable, to copy)."""
    from coventry_inspect.gui.icon import application_icon

    box = QMessageBox(window)
    box.setObjectName("about")
    box.setWindowTitle("About Coventry Inspect")
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths may hold < or &
    box.setText(about_text(window))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setIconPixmap(application_icon().pixmap(QSize(64, 64), window.devicePixelRatioF()))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:  # wide enough for a path on one line, not one word a line
        screen = window.screen().availableGeometry().width()
        em = label.fontMetrics().horizontalAdvance("M")
        label.setMinimumWidth(min(em * 40, screen * 3 // 5))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
