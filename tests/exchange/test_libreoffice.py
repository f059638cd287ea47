"""A real spreadsheet application opens what we write, and what it saves imports unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot
from tests.pdf_text import pdf_text


def soffice(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    program = shutil.which("soffice")
    assert program, "LibreOffice is needed: install Debian's libreoffice-calc-nogui (.ci/run does)"
    profile = tmp_path / "lo-profile"
    return subprocess.run(
        [program, f"-env:UserInstallation=file://{profile}", "--headless", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (
            "focused",
            [
                "Outline of inspection activities",
                "Inspection and survey outcomes",
                "Strengths",
                "Areas for improvement",
                "Dear Colin",
                "Yours sincerely",
            ],
        ),
        (
            "lea",
            [
                "Record of Judgement Recording Statements",
                "Required Inspection Judgement",
                "Support for Early Years education",
                "JRS numerical judgements",
            ],
        ),
    ],
)
def test_libreoffice_prints_the_letter_sheet(
    which: str, expected: list[str], request: pytest.FixtureRequest, out: Path, tmp_path: Path
) -> None:
    export_workbook(request.getfixturevalue(which), out)
    result = soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(out.parent), str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(out.with_suffix(".pdf")).split())
    for heading in expected:
        assert heading in text


@pytest.mark.parametrize("which", ["focused", "lea"])
def test_a_workbook_resaved_by_libreoffice_imports_unchanged(
    which: str, request: pytest.FixtureRequest, out: Path, tmp_path: Path
) -> None:
    original: InspectionSnapshot = request.getfixturevalue(which)
    export_workbook(original, out)
    resaved = tmp_path / "resaved"
    result = soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(out)
    )
    assert result.returncode == 0, result.stderr
    assert read_workbook(resaved / out.name) == original
