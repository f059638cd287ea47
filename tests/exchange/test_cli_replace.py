"""A replacing import on the command line says first what it removes, and keeps the history."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.exchange.test_cli_workbooks import digest
from tests.test_cli import run


def test_dry_run_lists_what_a_replacement_removes_and_the_import_records_it(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    db, workbook = tmp_path / "a.sqlite", tmp_path / "cov.xlsx"
    run("example", "--db", str(db))
    run("export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(workbook))
    edited = load_workbook(workbook)
    edited["Schools inspected"].delete_rows(2)  # 990001 Early Years Centre
    edited["Key questions"].delete_rows(5)  # question 4
    edited["Findings"].delete_rows(3)  # Strength 2
    edited["Inspection"]["B16"] = "A shorter summary."
    edited.save(workbook)
    history_before = run("history", "--db", str(db), "--inspection", "COV-2013-03").stdout
    before = digest(db)

    dry = run("import", str(workbook), "--db", str(db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"{workbook}: no problems; would replace COV-2013-03 (10 schools inspected, 11 surveyed, "
        "3 key questions, 9 findings)",
        "  Details: change Summary 'In summary, there is general …' → 'A shorter summary.'",
        "  Schools inspected: remove 1 (990001 Early Years Centre (illustrative))",
        "  Key questions: remove 1 (question 4)",
        "  Findings: remove 1 (Strength 2)",
    ]
    assert digest(db) == before

    env = {"XDG_DATA_HOME": str(isolated_data_dir)}
    result = run("import", str(workbook), "--db", str(db), env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("replaced COV-2013-03")
    assert lines[1] == (
        "  removed 1 school inspected, 1 key question and 1 finding; changed 1 detail"
    )
    history = run("history", "--db", str(db), "--inspection", "COV-2013-03").stdout
    assert history.startswith(history_before)  # nothing recorded before is lost
    added = history[len(history_before) :].splitlines()
    assert added[0].endswith("replaced Inspection  from cov.xlsx")
    assert any("deleted Key question  4" in line for line in added)
    assert any("summary:" in line and "'A shorter summary.'" in line for line in added)
