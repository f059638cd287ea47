"""A merge's dry run on the command line names what happens to each row."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.test_cli import run

REFERENCE = "COV-2013-03"


def test_a_dry_run_says_of_each_row_whether_it_is_added_changed_deleted_or_kept(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    target = str(tmp_path / "lead.sqlite")
    assert run("example", "--db", target).returncode == 0
    path = tmp_path / "ann.xlsx"
    exported = run(
        "export", "--db", target, "--inspection", REFERENCE, "--out", str(path),
        "--inspector", "Ann Example",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(path)
    sheet = book["Schools inspected"]
    headers = [cell.value for cell in sheet[1]]
    urn_column = headers.index("URN") + 1
    removed = sheet.cell(2, urn_column).value
    sheet.cell(3, headers.index("Notes") + 1, "Seen on Tuesday")
    changed = sheet.cell(3, urn_column).value
    sheet.delete_rows(2)
    book.save(path)
    dry = run("import", str(path), "--db", target, "--merge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()[1:]
    assert f"  delete Schools inspected: URN {removed}" in lines
    assert any(
        line.startswith(f'  change Schools inspected, URN {changed}, "Notes": ') for line in lines
    ), lines


def test_a_merge_into_a_database_that_does_not_exist_makes_none(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    refused = run("merge", str(tmp_path / "nothere.sqlite"), "--db", str(target))
    assert refused.returncode == 1
    assert refused.stderr.startswith("coventry-inspect: ")
    assert not target.exists()
