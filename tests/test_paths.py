"""A path names exactly that file, whatever characters it holds: never decoded as a URL.

Found in a trial: ``import new.xlsx --db 'Team%41.sqlite'`` wrote into ``TeamA.sqlite`` and
``example --db 'what?.sqlite'`` created ``what``. Every command that takes a path is run here on
file and folder names holding each character a URL gives a meaning to.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.cli import main
from coventry_inspect.store.database import is_url
from tests.gias_sample import write_csv

ODD_NAMES = [
    "Team%41",
    "what?",
    "a#b",
    "100%",
    "x?mode=ro&cache=shared",
    "sp ace;semi=colon",
    "file:name",
    "~tilde",
    "ünï cödé",
    "a'b\"c",
]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    return captured.out


def references_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT reference FROM inspection")}


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_command_uses_exactly_the_named_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / f"folder {name}"
    folder.mkdir()
    db = folder / f"{name}.sqlite"
    workbook = folder / f"{name}.xlsx"
    pdf = folder / f"{name}.pdf"
    register = write_csv(folder / f"{name}.csv", 5)

    run_cli(capsys, "example", "--db", str(db))
    assert references_in(db) == {"COV-2013-03", "COV-2004-05"}
    assert "COV-2013-03" in run_cli(capsys, "list", "--db", str(db))
    run_cli(
        capsys, "export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(workbook)
    )
    assert workbook.stat().st_size > 0
    edited = load_workbook(workbook)
    edited["Inspection"]["B16"] = "A shorter summary."  # a real replacement, kept as a workbook
    edited.save(workbook)
    assert "replaced COV-2013-03" in run_cli(capsys, "import", str(workbook), "--db", str(db))
    run_cli(capsys, "letter", "--db", str(db), "--inspection", "COV-2013-03", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Coventry" in run_cli(
        capsys, "letter", "--db", str(db), "--inspection", "COV-2013-03", "--text"
    )
    assert "created Inspection" in run_cli(
        capsys, "history", "--db", str(db), "--inspection", "COV-2013-03"
    )
    run_cli(capsys, "register", "import", str(register), "--db", str(db))
    run_cli(capsys, "template", "--kind", "focused", "--out", str(folder / f"t {name}.xlsx"))

    with closing(sqlite3.connect(db)) as check:
        assert check.execute("SELECT count(*) FROM school").fetchone()[0] >= 5
    # Nothing was written anywhere but the named files: no decoded twin, no lock left behind.
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted([db.name, workbook.name, pdf.name, register.name, f"t {name}.xlsx"]), (
        written
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name, "xdg-data"]


def test_a_relative_path_with_url_characters_names_a_file_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    run_cli(capsys, "example", "--db", "Team%41.sqlite")
    assert (tmp_path / "Team%41.sqlite").is_file()
    assert not (tmp_path / "TeamA.sqlite").exists()


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("postgresql+psycopg://u@host/db", True),
        ("postgresql://host/db", True),
        ("/home/ann/a://b.sqlite", False),
        ("a://b", True),
        ("notes: a://b.sqlite", False),
        ("Team%41.sqlite", False),
        ("C:\\Users\\ann\\x.sqlite", False),
    ],
)
def test_only_text_starting_scheme_colon_slash_slash_is_a_url(text: str, url: bool) -> None:
    assert is_url(text) is url
