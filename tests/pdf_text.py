"""Reading back the PDFs we write, as a person copying their text would."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text laid out as on the page (``pdftotext -layout``), or of pages first–last.

    Ligatures are unfolded (NFKC): with some fonts Qt sets "ff" as the ligature "ﬀ", which
    pdftotext reports as that one character; the words are the same."""
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
