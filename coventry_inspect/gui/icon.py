"""The application's icon, from the PNGs rendered from resources/icons/*.svg
(packaging/render_icons.py): PNGs, so that no SVG plugin has to ship with the package."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from coventry_inspect import paths

ICON_NAME = "uk.gov.coventry.Inspect"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_file(size: int) -> str:
    return str(paths.resources_dir() / "icons" / f"{ICON_NAME}-{size}.png")


def application_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size), QSize(size, size))
    return icon
