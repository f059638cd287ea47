"""A real spreadsheet application opens what we write, and what it saves imports unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_for_inspector, export_workbook
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import InspectionSnapshot
from coventry_inspect.store.database import Database
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


def test_a_hand_out_resaved_by_libreoffice_keeps_ids_versions_and_inspectors(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    inspection = choose_inspection(examples_db, "COV-2013-03").id
    done = export_for_inspector(examples_db, inspection, Choice(inspector="Ben Sample"), out)
    sent = read_workbook(out)
    workbook = load_workbook(out)
    schools = workbook["Schools inspected"]
    notes = [c.value for c in schools[1]].index("Notes") + 1
    schools.cell(row=2, column=notes, value="Visited; the head was away.")  # the inspector's edit
    workbook.save(out)
    resaved = tmp_path / "resaved"
    result = soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(out)
    )
    assert result.returncode == 0, result.stderr
    back = read_workbook(resaved / out.name)
    assert back.handout_id == done.handout_id
    assert back.inspected[0].notes == "Visited; the head was away."
    back.inspected[0].notes = sent.inspected[0].notes
    assert back == sent
    for part in ("inspected", "surveyed", "questions", "findings"):
        assert [(r.row_id, r.version) for r in getattr(back, part)] == [
            (r.row_id, r.version) for r in getattr(sent, part)
        ]
    assert {s.inspector for s in [*back.inspected, *back.surveyed]} == {"Ben Sample"}
    again = load_workbook(resaved / out.name)
    for name in ("Schools inspected", "Telephone survey", "Key questions", "Findings"):
        sheet = again[name]
        headers = [c.value for c in sheet[1]]
        for header in ("Id", "Version"):
            letter = get_column_letter(headers.index(header) + 1)
            assert sheet.column_dimensions[letter].hidden, (name, header)
        assert not sheet.column_dimensions["A"].hidden
    details = again["Inspection"]
    row = next(r for r in details.iter_rows(min_row=2) if r[0].value == "Hand-out")
    assert details.row_dimensions[row[0].row].hidden
