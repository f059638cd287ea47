"""Checks made before a workbook reaches a parser, so hostile files are refused in bounded memory.

openpyxl parses through defusedxml when it is installed (entity expansion is refused); the zip's
declared sizes are checked first, so a zip bomb is refused before anything is inflated.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from coventry_inspect.exchange.errors import WorkbookError

MAX_PARTS = 2_000
MAX_COMPRESSION_RATIO = 500
"""Real workbooks compress text about 10–30 times; a zip bomb many thousand times."""


def assert_defused() -> None:
    """Refuse to run unless openpyxl parses through defusedxml (DESIGN §7)."""
    import openpyxl.xml  # here, not at the top: reading a CSV register needs no openpyxl

    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError("defusedxml is not installed: workbooks cannot be read safely")


def check_workbook_file(path: Path, *, max_uncompressed: int) -> None:
    """Raise :class:`WorkbookError` unless ``path`` is an .xlsx package within the size limits."""
    assert_defused()
    if path.suffix.lower() != ".xlsx":
        hint = " (macro-enabled workbooks are refused)" if path.suffix.lower() == ".xlsm" else ""
        raise WorkbookError(f"{path}: only .xlsx workbooks can be imported{hint}")
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder, not a workbook")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except FileNotFoundError as error:
        raise WorkbookError(f"{path}: no such file") from error
    except PermissionError as error:
        raise WorkbookError(f"{path}: cannot be read (permission denied)") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise WorkbookError(f"{path}: not a readable workbook (not an .xlsx package)") from error
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise WorkbookError(f"{path}: not a readable workbook (no workbook part)")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookError(f"{path}: contains macros; only plain .xlsx workbooks are accepted")
    if len(parts) > MAX_PARTS:
        raise WorkbookError(f"{path}: not a readable workbook ({len(parts)} parts)")
    total = sum(part.file_size for part in parts)
    if total > max_uncompressed:
        raise WorkbookError(
            f"{path}: too large to import ({total / 1e6:,.0f} MB uncompressed; "
            f"the limit is {max_uncompressed / 1e6:,.0f} MB)"
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_COMPRESSION_RATIO * max(
            part.compress_size, 1
        ):
            raise WorkbookError(f"{path}: not a readable workbook ({part.filename} is a zip bomb)")
