"""Starting the desktop application."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coventry_inspect.gui.errors import ExceptionHook
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings


def run(target: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Coventry Inspect")
    app.setOrganizationName("CoventryInspect")
    app.setDesktopFileName("uk.gov.coventry.Inspect")
    hook = ExceptionHook()
    hook.install()
    window = MainWindow(Settings())
    window.show()
    QTimer.singleShot(0, lambda: window.open_startup(target))  # the window first, then the data
    try:
        return app.exec()
    finally:
        hook.uninstall()
