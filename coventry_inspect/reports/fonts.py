"""The typeface every report prints in: Coventry Inspect Sans — Liberation Sans 2.1.5 (SIL Open
Font License 1.1, metric-compatible with Arial) under a name of its own (packaging/rename_fonts.py)
so that no copy installed on the machine can stand in for it — shipped in ``resources/fonts``.

With the layout in the font's design metrics and no hinting, a letter breaks its lines and pages
in the same places on every inspector's machine, whatever fonts and font settings it has."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from coventry_inspect.paths import resources_dir

FONT_FAMILY = "Coventry Inspect Sans"
FONT_FILES = (
    "CoventryInspectSans-Regular.ttf",
    "CoventryInspectSans-Bold.ttf",
    "CoventryInspectSans-Italic.ttf",
    "CoventryInspectSans-BoldItalic.ttf",
)
LIGATURES = ("liga", "clig", "dlig")
"""OpenType features turned off: a ligature ("ﬁ") is one glyph, which PDF readers copy, search
and read aloud as one odd character instead of the letters."""

_loaded: dict[Path, int] = {}
"""Font file → its id in Qt's application fonts, for the files this process has registered."""


class FontError(RuntimeError):
    """A bundled font file is missing or unreadable: printing in some other font would move the
    letter's line and page breaks without anyone noticing, so nothing is printed."""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts(folder: Path | None = None) -> str:
    """Add the bundled font files to the running QGuiApplication's fonts, once. Returns the family.

    Raises ``FontError`` naming the file that is missing or that Qt could not load."""
    folder = folder or fonts_dir()
    for name in FONT_FILES:
        path = folder / name
        known = _loaded.get(path)
        if known is not None and FONT_FAMILY in QFontDatabase.applicationFontFamilies(known):
            continue  # already registered (with this application: a new one forgets them)
        if not path.is_file():
            raise FontError(
                f"{path} is missing, so nothing can be printed in {FONT_FAMILY}, the font "
                "every letter prints in; reinstall Coventry Inspect"
            )
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0 or FONT_FAMILY not in QFontDatabase.applicationFontFamilies(font_id):
            raise FontError(
                f"{path} could not be loaded as {FONT_FAMILY}, the font every letter prints "
                "in, so nothing can be printed; reinstall Coventry Inspect"
            )
        _loaded[path] = font_id
    return FONT_FAMILY


def report_font(points: float) -> QFont:
    """The bundled family at ``points``, set without ligatures (bold and italic derive from it,
    and so do copies such as ``QFont(painter.font())``)."""
    return QFont(_configured(points))  # a copy: the caller may change it


@cache
def _configured(points: float) -> QFont:
    """Made once per size: every page footer and chart asks for the same few fonts."""
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(points)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # not the machine's
    for tag in LIGATURES:
        font.setFeature(QFont.Tag(tag), 0)
    return font
