"""Starting the desktop application."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coventry_inspect.gui.errors import ExceptionHook, show_error
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.reports.fonts import FontError, register_fonts


def run(target: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Coventry Inspect")
    app.setOrganizationName("CoventryInspect")
    app.setDesktopFileName("uk.gov.coventry.Inspect")
    try:
        register_fonts()  # before the letter's preview or any print
    except FontError as error:
        show_error(None, "Coventry Inspect", str(error))
    hook = ExceptionHook()
    hook.install()
    window = MainWindow(Settings())
    window.show()
    QTimer.singleShot(0, lambda: window.open_startup(target))  # the window first, then the data
    try:
        return app.exec()
    finally:
        hook.uninstall()
