"""Reading back the PDFs we write, as a person copying their text would."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text laid out as on the page (``pdftotext -layout``), or of pages first–last.

    Ligatures are unfolded (NFKC) for the PDFs not printed in our font: the user guide (the
    system's font) and LibreOffice's, where "ff" may be set as "ﬀ", which pdftotext reports as
    that one character. Letters and records have none: tests/reports/test_pdf_fonts_and_text.py
    reads them raw."""
    result = subprocess.run(
        [
            "pdftotext",
            "-layout",
            *(["-f", str(first)] if first else []),
            *(["-l", str(last)] if last else []),
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return unicodedata.normalize("NFKC", result.stdout)
