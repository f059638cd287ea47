"""A Qt GUI application for documents, with or without a display."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication


def gui_application() -> QGuiApplication:
    """The running application, or a new one; without a display it renders offscreen."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "coventry-inspect"])
