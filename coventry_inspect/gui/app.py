"""Starting the Qt application."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.store.database import Database


def run(db: Database) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Coventry Inspect")
    app.setOrganizationName("CoventryInspect")
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
