"""``import F.xlsx --merge`` and ``merge OTHER`` as a user runs them: exit codes, the summary on
stdout, one line per conflict on stderr, and nothing changed unless the merge went through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.services import evidence
from coventry_inspect.services.databases import save_copy
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.merge import apply_merge
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import open_database
from tests.postgres_server import PostgresServer
from tests.services.merge_helpers import REFERENCE, delete_row, export, install, set_cell
from tests.test_cli import run


def _handed_out(target: str, tmp_path: Path) -> Path:
    """The lead's database with the inspection, and the inspector's workbook merged back once."""
    db = open_database(target, user="lead")
    try:
        inspection_id = install(db)
        path = export(db, inspection_id, tmp_path / "jsmith.xlsx")
        apply_merge(db, plan_workbook_merge(db, path), {})
    finally:
        db.close()
    return path


def _edit_here(target: str, urn: str, **changes: object) -> None:
    db = open_database(target, user="lead")
    try:
        inspection_id = choose_inspection(db, REFERENCE).id
        row = next(r for r in read_snapshot(db, inspection_id).inspected if r.urn == urn)
        assert row.row_id is not None
        evidence.update_inspected_school(db, row.row_id, **changes)
    finally:
        db.close()


def _outcomes(target: str) -> dict[str, str]:
    db = open_database(target, user="lead")
    try:
        snapshot = read_snapshot(db, choose_inspection(db, REFERENCE).id)
        return {r.urn: r.outcome_grade.label if r.outcome_grade else "" for r in snapshot.inspected}
    finally:
        db.close()


def test_a_conflict_merges_nothing_without_prefer_and_is_settled_with_it(tmp_path: Path) -> None:
    target = str(tmp_path / "lead.sqlite")
    path = _handed_out(target, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Outcome grade", "Outstanding")
    set_cell(path, "Schools inspected", {"URN": "990003"}, "Outcome grade", "Requires improvement")
    _edit_here(target, "990002", outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT)
    before = _outcomes(target)

    refused = run("import", str(path), "--db", target, "--merge")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        'coventry-inspect: Schools inspected, URN 990002, "Outcome grade": here Requires '
        "improvement (lead, "
    )
    assert ", there Outstanding (" in lines[0]
    assert lines[1] == (
        "coventry-inspect: jsmith.xlsx: 1 conflict; nothing was merged: "
        "choose with --prefer here or --prefer there"
    )
    assert refused.stdout == ""
    assert _outcomes(target) == before

    dry = run("import", str(path), "--db", target, "--merge", "--prefer", "there", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == (
        f"jsmith.xlsx: would merge into {REFERENCE}: 1 value changed, 1 conflict"
    )
    assert _outcomes(target) == before

    merged = run("import", str(path), "--db", target, "--merge", "--prefer", "there")
    assert merged.returncode == 0, merged.stderr
    said, kept_line = merged.stdout.splitlines()
    assert said == f"merged jsmith.xlsx into {REFERENCE}: 2 values changed"
    assert _outcomes(target) == {
        "990001": "Good",
        "990002": "Outstanding",
        "990003": "Requires improvement",
    }
    again = run("import", str(path), "--db", target, "--merge")
    assert (again.returncode, again.stdout) == (
        0,
        f"{REFERENCE} already has everything in jsmith.xlsx: nothing changed\n",
    )
    # The inspection as it was before the merge is kept, and the command given puts it back.
    assert kept_line.startswith(f"{REFERENCE} as it was is kept at ")
    back = kept_line.split("`")[1].split()
    assert back[:2] == ["coventry-inspect", "import"]
    assert run(*back[1:]).returncode == 0
    assert _outcomes(target) == before


def test_prefer_here_keeps_this_databases_value(tmp_path: Path) -> None:
    target = str(tmp_path / "lead.sqlite")
    path = _handed_out(target, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Outcome grade", "Outstanding")
    _edit_here(target, "990002", outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT)
    merged = run("import", str(path), "--db", target, "--merge", "--prefer", "here")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.splitlines()[0] == f"merged jsmith.xlsx into {REFERENCE}: 1 kept as here"
    assert _outcomes(target)["990002"] == "Requires improvement"


def test_usage_and_input_errors_are_one_line(tmp_path: Path) -> None:
    target = str(tmp_path / "lead.sqlite")
    path = _handed_out(target, tmp_path)
    usage = run("import", str(path), "--db", target, "--prefer", "there")
    assert usage.returncode == 2
    assert "--prefer goes with --merge" in usage.stderr
    missing = run("merge", str(tmp_path / "nowhere.sqlite"), "--db", target)
    assert (missing.returncode, missing.stderr) == (
        1,
        f"coventry-inspect: {tmp_path / 'nowhere.sqlite'}: no such database file\n",
    )
    unknown = tmp_path / "other.xlsx"
    set_cell(path, "Inspection", {"Field": "Reference"}, "Value", "COV-1999-01")
    path.rename(unknown)
    refused = run("import", str(unknown), "--db", target, "--merge")
    assert (refused.returncode, refused.stderr) == (
        1,
        "coventry-inspect: other.xlsx: there is no inspection COV-1999-01 here to merge it "
        "into; import it instead\n",
    )


@pytest.mark.postgresql
def test_an_inspectors_sqlite_file_merges_into_a_team_database(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    laptop = str(tmp_path / "jsmith.sqlite")
    workbook = _handed_out(laptop, tmp_path)  # the inspector's own copy
    with postgres_server.fresh_database() as url:
        loaded = run("import", str(workbook), "--db", url)
        assert loaded.returncode == 0, loaded.stderr
        _edit_here(laptop, "990003", notes="Called back", outcome_grade=SchoolGrade.OUTSTANDING)
        dry = run("merge", laptop, "--db", url, "--dry-run")
        assert (dry.returncode, dry.stderr) == (1, dry.stderr)
        assert dry.stdout.splitlines()[0] == (
            f"jsmith.sqlite: would merge into {REFERENCE}: 2 conflicts"
        )
        merged = run("merge", laptop, "--db", url, "--prefer", "there")
        assert merged.returncode == 0, merged.stderr
        assert merged.stdout == f"merged jsmith.sqlite into {REFERENCE}: 2 values changed\n"
        # (a team server keeps its own backups: nothing is kept beside it)
        assert _outcomes(url)["990003"] == "Outstanding"
        again = run("merge", laptop, "--db", url)
        assert again.returncode == 0, again.stderr
        assert "nothing changed" in again.stdout


def test_a_hand_out_exported_for_an_inspector_merges_back(tmp_path: Path) -> None:
    target = str(tmp_path / "lead.sqlite")
    db = open_database(target, user="lead")
    try:
        inspection_id = install(db)
        for row in read_snapshot(db, inspection_id).inspected:
            if row.urn in ("990001", "990002"):
                assert row.row_id is not None
                evidence.update_inspected_school(db, row.row_id, inspector="J Smith")
    finally:
        db.close()
    out = tmp_path / "jsmith.xlsx"
    exported = run(
        "export",
        "--db",
        target,
        "--inspection",
        REFERENCE,
        "--out",
        str(out),
        "--inspector",
        "J Smith",
    )
    assert exported.returncode == 0, exported.stderr
    set_cell(out, "Schools inspected", {"URN": "990001"}, "Outcome grade", "Outstanding")
    delete_row(out, "Responses", {"URN": "990002", "Question No": 1})
    _edit_here(target, "990003", notes="Not handed out")
    merged = run("import", str(out), "--db", target, "--merge")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.splitlines()[0] == (
        f"merged jsmith.xlsx into {REFERENCE}: 1 value changed, 1 response deleted"
    )
    assert _outcomes(target)["990001"] == "Outstanding"
    db = open_database(target, user="lead")
    try:
        snapshot = read_snapshot(db, choose_inspection(db, REFERENCE).id)
    finally:
        db.close()
    assert len(snapshot.responses) == 5
    assert next(r for r in snapshot.inspected if r.urn == "990003").notes == "Not handed out"
    again = run("import", str(out), "--db", target, "--merge")
    assert "nothing changed" in again.stdout


def test_a_row_that_breaks_a_rule_is_never_merged_in(tmp_path: Path) -> None:
    """The inspector's file holds Good with Special measures (written around the app): the
    merge refuses with the sheet and row named, as an edit would, and changes nothing."""
    target = str(tmp_path / "lead.sqlite")
    _handed_out(target, tmp_path)
    laptop = tmp_path / "jsmith.sqlite"
    db = open_database(target, user="lead")
    try:
        save_copy(db, laptop)
    finally:
        db.close()
    with sqlite3.connect(laptop) as raw:
        raw.execute(
            "UPDATE inspected_school SET outcome_grade = 2, inadequate_category = "
            "'special_measures' WHERE school_id IN (SELECT id FROM school WHERE urn = '990002')"
        )
    raw.close()
    merged = run("merge", str(laptop), "--db", target, "--prefer", "there")
    assert merged.returncode == 1
    assert merged.stderr.startswith("coventry-inspect: Schools inspected, URN 990002: ")
    assert "nothing was merged" in merged.stderr
    assert len(merged.stderr.splitlines()) == 1
    db = open_database(target, user="lead")
    try:
        snapshot = read_snapshot(db, choose_inspection(db, REFERENCE).id)
        assert {r.inadequate_category for r in snapshot.inspected} == {None}
    finally:
        db.close()


def test_merging_an_inspectors_file_leaves_nothing_beside_it(tmp_path: Path) -> None:
    """The inspector's file is only read: no -wal or -shm file is left in its folder."""
    target = str(tmp_path / "lead.sqlite")
    _handed_out(target, tmp_path)
    folder = tmp_path / "stick"
    folder.mkdir()
    laptop = folder / "jsmith.sqlite"
    db = open_database(target, user="lead")
    try:
        save_copy(db, laptop)
    finally:
        db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["jsmith.sqlite"]
    dry = run("merge", str(laptop), "--db", target, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    merged = run("merge", str(laptop), "--db", target)
    assert merged.returncode == 0, merged.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["jsmith.sqlite"]
