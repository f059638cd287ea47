"""Hostile or broken files are refused with a clear message, in bounded memory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.safety import assert_defused
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Field</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""
INSPECTION_SHEET = "xl/worksheets/sheet2.xml"


def rewrite_part(source: Path, target: Path, part: str, content: bytes) -> None:
    """Copy a workbook, replacing (or adding) one part."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item, old.read(item.filename))
        new.writestr(part, content)


@pytest.fixture
def good(focused: InspectionSnapshot, out: Path) -> Path:
    export_workbook(focused, out)
    return out


def refused(path: Path, message: str) -> None:
    with pytest.raises(WorkbookError, match=message) as caught:
        read_workbook(path)
    assert "\n" not in str(caught.value)
    assert str(path) in str(caught.value)


def test_defusedxml_is_in_use() -> None:
    assert_defused()


def test_macro_enabled_workbooks_are_refused(good: Path) -> None:
    xlsm = good.with_suffix(".xlsm")
    good.rename(xlsm)
    refused(xlsm, r"only \.xlsx workbooks can be imported \(macro-enabled workbooks are refused\)")


def test_vba_project_inside_an_xlsx_is_refused(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "sneaky.xlsx"
    rewrite_part(good, target, "xl/vbaProject.bin", b"\x00" * 100)
    refused(target, "contains macros")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    path.write_text("Dear Colin")
    refused(path, r"not a readable workbook \(not an \.xlsx package\)")


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.xlsx", "no such file")


def test_malformed_xml_part(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "broken.xlsx"
    rewrite_part(good, target, "xl/workbook.xml", b"<workbook><sheets><sheet name=")
    refused(target, "not a readable workbook: ")


def test_billion_laughs_is_refused(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "laughs.xlsx"
    rewrite_part(good, target, INSPECTION_SHEET, BILLION_LAUGHS.encode())
    refused(target, "not a readable workbook: ")


def zip_bomb(good: Path, target: Path, size: int) -> None:
    """A workbook whose one sheet inflates to ``size`` bytes of blank rows."""
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != "xl/worksheets/sheet3.xml":
                new.writestr(item, old.read(item.filename))
        with new.open("xl/worksheets/sheet3.xml", "w") as sheet:
            chunk = b" " * 1_000_000
            for _ in range(size // len(chunk)):
                sheet.write(chunk)


def test_zip_bomb_is_refused_before_inflating(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "bomb.xlsx"
    zip_bomb(good, target, 300_000_000)
    assert target.stat().st_size < 2_000_000
    refused(target, "too large to import")


def test_hostile_files_are_refused_in_bounded_memory(good: Path, tmp_path: Path) -> None:
    """Peak memory of a process that reads each hostile file stays under 100 MB above the
    baseline of the same process before reading."""
    bomb, laughs = tmp_path / "bomb.xlsx", tmp_path / "laughs.xlsx"
    zip_bomb(good, bomb, 90_000_000)  # below the size cap: reaches the ratio check
    rewrite_part(good, laughs, INSPECTION_SHEET, BILLION_LAUGHS.encode())
    script = f"""
import resource
from pathlib import Path
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.errors import WorkbookError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for name in ({str(bomb)!r}, {str(laughs)!r}):
    try:
        read_workbook(Path(name))
    except WorkbookError as error:
        print("refused:", error)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("refused:")]) == 2, result.stdout
    assert "zip bomb" in lines[0]
    assert int(lines[-1]) < 100, f"peak grew by {lines[-1]} MB"
