"""A hand-out workbook holds only the schools given to one inspector: imported over the
inspection it came from it would remove every other school's evidence, so it is refused and the
merge named instead. Opened in an inspector's own empty database it creates the inspection."""

from __future__ import annotations

from pathlib import Path

from coventry_inspect.exchange.reader import read_workbook
from tests.test_cli import digest, run


def test_a_hand_out_is_refused_as_a_replacement_and_creates_an_inspection_elsewhere(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    lead, inspector = tmp_path / "lead.sqlite", tmp_path / "ann.sqlite"
    workbook = tmp_path / "ann.xlsx"
    assert run("example", "--db", str(lead)).returncode == 0
    exported = run(
        "export", "--db", str(lead), "--inspection", "COV-2013-03", "--out", str(workbook),
        "--inspector", "Ann Example",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    handed_out = read_workbook(workbook)
    schools = len(handed_out.inspected) + len(handed_out.surveyed)
    assert 0 < len(handed_out.inspected) < 11
    before = digest(lead)

    for extra in ([], ["--dry-run"]):
        refused = run("import", str(workbook), "--db", str(lead), *extra)
        assert refused.returncode == 1
        assert refused.stderr.splitlines() == [
            f"coventry-inspect: this workbook was handed out to an inspector with {schools} of "
            "COV-2013-03's schools: importing it would replace the inspection and remove the "
            "others; merge it instead (File › Merge workbook…, or import --merge)"
        ]
        assert digest(lead) == before

    created = run("import", str(workbook), "--db", str(inspector))
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("created COV-2013-03")
    merged = run("import", str(workbook), "--db", str(lead), "--merge")
    assert merged.returncode == 0, merged.stderr
    assert digest(lead) == before  # nothing changed since the hand-out: nothing written
