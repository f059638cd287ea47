"""A Qt GUI application for documents, with or without a display, with the bundled fonts."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication

from coventry_inspect.reports.fonts import register_fonts


def gui_application() -> QGuiApplication:
    """The running application, or a new one (offscreen without a display), with the report
    font registered; raises ``FontError`` when the bundled font cannot be loaded."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        app = existing
    else:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "coventry-inspect"])
    register_fonts()
    return app
