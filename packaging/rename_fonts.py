"""Make the bundled report font from Liberation Sans 2.1.5, renamed "Coventry Inspect Sans".

Why renamed: Qt picks fonts by family name, and many machines (any with LibreOffice) already
have some version of "Liberation Sans" installed; with the same name Qt may lay a heading out
in the machine's copy, so the letter would not print the same everywhere. A unique name makes
the bundled files the only match. The SIL Open Font License (§3) requires a modified version
not to use the Reserved Font Name "Liberation", hence a new name; nothing but the names changes.

Run once when updating the font (needs fontTools, the ``package`` extra):

    .venv/bin/python packaging/rename_fonts.py /usr/share/fonts/truetype/liberation2
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FAMILY = "Coventry Inspect Sans"
POSTSCRIPT = "CoventryInspectSans"
STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def rename(source: Path, style: str) -> Path:
    font = TTFont(source)
    names = font["name"]
    full = FAMILY if style == "Regular" else f"{FAMILY} {STYLES[style]}"
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):  # typographic names: not needed, would keep the old
            names.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FAMILY),
        (2, STYLES[style]),
        (3, f"{POSTSCRIPT}-{style}; renamed from Liberation Sans"),
        (4, full),
        (6, f"{POSTSCRIPT}-{style}"),
    ):
        names.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode, English (US)
        names.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English
    target = TARGET / f"{POSTSCRIPT}-{style}.ttf"
    font.save(target)
    return target


def main() -> None:
    folder = Path(sys.argv[1])
    for style in STYLES:
        print(rename(folder / f"LiberationSans-{style}.ttf", style))


if __name__ == "__main__":
    main()
