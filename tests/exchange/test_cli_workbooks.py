"""template, export and import on the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import load_workbook

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.services import inspections
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.backup import backup_folder, stored_id
from coventry_inspect.store.database import open_database
from tests.test_cli import assert_refused, run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_export_import_round_trip(tmp_path: Path) -> None:
    db, other = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    run("example", "--db", str(db))
    exported = tmp_path / "cov.xlsx"
    result = run("export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(exported))
    assert (result.returncode, result.stdout) == (0, f"wrote {exported}: COV-2013-03\n")
    dry = run("import", str(exported), "--db", str(other), "--dry-run")
    assert dry.returncode == 0
    assert (
        "would create COV-2013-03 (11 schools inspected, 11 surveyed, 4 key questions" in dry.stdout
    )
    assert not other.exists()
    imported = run("import", str(exported), "--db", str(other))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("created COV-2013-03 (11 schools inspected")
    again = tmp_path / "again.xlsx"
    run("export", "--db", str(other), "--out", str(again))  # the only inspection there
    assert read_workbook(again) == read_workbook(exported)
    history = run("history", "--db", str(other)).stdout
    same = run("import", str(exported), "--db", str(other))  # the same workbook once more
    assert (same.returncode, same.stdout) == (
        0,
        "COV-2013-03 is already as cov.xlsx has it: nothing changed\n",
    )
    assert run("history", "--db", str(other)).stdout == history  # no "replaced" row


def test_import_replaces_by_reference_keeping_what_it_replaced_and_it_comes_back(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    """The inspection a replacing import overwrote is kept as its workbook (not a copy of the
    whole file: on a national file that took seconds), and importing it puts it back exactly."""
    db, workbook = tmp_path / "a.sqlite", tmp_path / "cov.xlsx"
    run("example", "--db", str(db))
    database = open_database(str(db))
    inspection = inspections.find_by_reference(database, "COV-2013-03")
    assert inspection is not None
    before = read_snapshot(database, inspection.id)
    database.close()
    run("export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(workbook))
    edited = load_workbook(workbook)
    edited["Inspection"]["B16"] = "A shorter summary."
    schools = edited["Schools inspected"]
    schools.delete_rows(3)  # a school taken out by the team
    edited.save(workbook)
    env = {"XDG_DATA_HOME": str(isolated_data_dir)}
    # Named relative to the folder it is run in: the printed command names the file whole.
    result = run(
        "import", str(workbook), "--db", db.name, env=env, prefix=["env", "-C", str(db.parent)]
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("replaced COV-2013-03")
    folder = isolated_data_dir / "CoventryInspect" / "backups"
    assert backup_folder().name == "backups"
    assert list(folder.glob("*.sqlite")) == []  # no whole copy of the file
    [kept] = list(folder.glob("*-before-import.xlsx"))
    assert kept.name.startswith(stored_id(db) or "no id")
    assert (
        f"COV-2013-03 as it was is kept at {kept}; `coventry-inspect import {kept} --db {db}` "
        "puts it back"
    ) in result.stdout
    listed = run("list", "--db", str(db))
    assert listed.stdout.count("COV-2013-03") == 1
    database = open_database(str(db))
    try:
        assert read_snapshot(database, inspection.id) != before
    finally:
        database.close()
    # The command it names puts the inspection back as it was, school, summary and all.
    back = run("import", str(kept), "--db", str(db), env=env)
    assert back.returncode == 0, back.stderr
    database = open_database(str(db))
    try:
        assert read_snapshot(database, inspection.id) == before
    finally:
        database.close()


def test_failed_import_changes_nothing(tmp_path: Path) -> None:
    db, workbook = tmp_path / "a.sqlite", tmp_path / "cov.xlsx"
    run("example", "--db", str(db))
    run("export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(workbook))
    broken = load_workbook(workbook)
    broken["Schools inspected"]["E2"] = "Excellent"
    broken["Schools inspected"]["A3"] = "1"
    broken.save(workbook)
    before = digest(db)
    result = run("import", str(workbook), "--db", str(db))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        f'coventry-inspect: {workbook}: Schools inspected, row 2, column "Outcome grade": '
        '"Excellent" is not a grade; use 1 Outstanding, 2 Good, 3 Requires improvement or '
        "4 Inadequate (the number or the words)",
        f'coventry-inspect: {workbook}: Schools inspected, row 3, column "URN": "1" is not a '
        "URN; a URN is six digits 0-9",
        f"coventry-inspect: {workbook}: nothing was imported (2 problems)",
    ]
    assert digest(db) == before


def test_workbook_commands_refuse_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run("example", "--db", str(db))
    assert_refused(
        run("export", "--db", str(db), "--out", str(tmp_path / "x.xlsx")),
        "several inspections; name one with --inspection",
    )
    assert_refused(
        run("export", "--db", str(db), "--inspection", "NOPE", "--out", str(tmp_path / "x.xlsx")),
        "no inspection with reference NOPE",
    )
    assert_refused(
        run("template", "--kind", "lea", "--out", str(tmp_path / "x.csv")), "must be an .xlsx file"
    )
    assert_refused(run("import", str(tmp_path / "missing.xlsx"), "--db", str(db)), "no such file")
    assert run("template", "--kind", "other", "--out", "x.xlsx").returncode == 2
    made = run("template", "--kind", "lea", "--out", str(tmp_path / "lea.xlsx"))
    assert made.returncode == 0
    assert (tmp_path / "lea.xlsx").stat().st_size > 0
