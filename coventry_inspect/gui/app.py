"""Starting the desktop application."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from coventry_inspect.gui.errors import ExceptionHook, show_error
from coventry_inspect.gui.icon import application_icon
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.reports.fonts import FontError, register_fonts

QUIT_AFTER_SHOW_ENV = "COVENTRY_INSPECT_QUIT_AFTER_SHOW"
"""Set to 1, the application quits once its window has painted with the database open, saying
so on stdout: how tests/test_built_package.py checks that a built package opens its window."""


class QuitAfterPaint(QObject):
    """Quits the application at the window's first paint after the database was opened."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.armed = False

    def arm(self) -> None:
        self.armed = True
        self.window.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self.armed and watched is self.window and event.type() == QEvent.Type.Paint:
            self.armed = False
            print(f"window shown: {self.window.windowTitle()}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def run(target: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Coventry Inspect")
    app.setOrganizationName("CoventryInspect")
    app.setDesktopFileName("uk.gov.coventry.Inspect")
    app.setWindowIcon(application_icon())
    try:
        register_fonts()  # before the letter's preview or any print
    except FontError as error:
        show_error(None, "Coventry Inspect", str(error))
    hook = ExceptionHook()
    hook.install()
    window = MainWindow(Settings())
    quit_after_paint: QuitAfterPaint | None = None
    if os.environ.get(QUIT_AFTER_SHOW_ENV) == "1":
        quit_after_paint = QuitAfterPaint(window)
        window.installEventFilter(quit_after_paint)
    window.show()

    def start() -> None:
        window.open_startup(target)
        if quit_after_paint is not None:
            quit_after_paint.arm()

    QTimer.singleShot(0, start)  # the window first, then the data
    try:
        return app.exec()
    finally:
        hook.uninstall()
