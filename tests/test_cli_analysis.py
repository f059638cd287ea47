"""`coventry-inspect analysis`, run as a user runs it: a separate process, exit codes, stderr."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import open_database
from tests.services.test_analysis import build
from tests.test_cli import run


def test_one_inspection_needs_no_reference_and_prints_the_table(tmp_path: Path) -> None:
    path = tmp_path / "one.sqlite"
    db = open_database(str(path), user="tester")
    build(db)
    db.close()
    result = run("analysis", "--db", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "FOC-1: 14 responses to 3 key questions"
    assert max(len(line) for line in lines) < 100
    as_csv = run("analysis", "--db", str(path), "--csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert as_csv.stdout.splitlines()[0] == "Question No,Group,Respondent,Judgement,Responses"
    assert sum(int(row["Responses"]) for row in rows) == 14
    assert len(rows) == 12


def test_example_csv_header_exact_and_refusals_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "examples.sqlite"
    db = open_database(str(path), user="tester")
    install_examples(db)
    db.close()
    both = run("analysis", "--db", str(path))
    assert (both.returncode, both.stdout) == (1, "")
    assert both.stderr == (
        "coventry-inspect: the database holds several inspections; name one with "
        "--inspection (COV-2013-03, COV-2004-05)\n"
    )
    lea = run("analysis", "--db", str(path), "--inspection", "COV-2004-05")
    assert (lea.returncode, lea.stdout) == (1, "")
    assert lea.stderr == (
        "coventry-inspect: COV-2004-05 is an LEA inspection: it has no key questions "
        "or responses to analyse\n"
    )
    unknown = run("analysis", "--db", str(path), "--inspection", "COV-1999-01", "--csv")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "coventry-inspect: no inspection with reference COV-1999-01\n"
    focused = run("analysis", "--db", str(path), "--inspection", "COV-2013-03", "--csv")
    assert focused.returncode == 0, focused.stderr
    # The example ships with no responses: the header alone, summing to the database's 0.
    assert focused.stdout == "Question No,Group,Respondent,Judgement,Responses\n"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM response").fetchone() == (0,)


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    result = run("analysis", "--db", str(tmp_path / "absent.sqlite"))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("coventry-inspect: ")
    assert not (tmp_path / "absent.sqlite").exists()


def test_usage_error_exits_2() -> None:
    result = run("analysis", "--csv", "--bogus")
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_annex_is_written_whole_and_said_only_then(tmp_path: Path) -> None:
    from tests.pdf_text import pdf_text
    from tests.reports.test_annex import linked

    path = tmp_path / "one.sqlite"
    db = open_database(str(path), user="tester")
    linked(db)
    db.close()
    out = tmp_path / "FOC-1 annex.pdf"
    out.write_bytes(b"the old annex")
    result = run("analysis", "--db", str(path), "--annex", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}: FOC-1 evidence annex, 2 pages\n"
    text = " ".join(pdf_text(out).split())
    assert "Evidence annex — FOC-1" in text
    assert "Ash Primary (100001), headteacher, question 1: Positive “We are known well.”" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_annex_refusals_exit_1_in_one_line_and_usage_errors_2(tmp_path: Path) -> None:
    path = tmp_path / "examples.sqlite"
    db = open_database(str(path), user="tester")
    install_examples(db)
    db.close()
    out = tmp_path / "annex.pdf"
    lea = run("analysis", "--db", str(path), "--inspection", "COV-2004-05", "--annex", str(out))
    assert (lea.returncode, lea.stdout) == (1, "")
    assert lea.stderr == (
        "coventry-inspect: COV-2004-05 is an LEA inspection: it has no key questions "
        "or responses to analyse\n"
    )
    assert not out.exists()
    text = run("analysis", "--db", str(path), "--inspection", "COV-2013-03", "--annex", "a.txt")
    assert (text.returncode, text.stderr) == (
        1,
        "coventry-inspect: a.txt: the evidence annex is saved as a .pdf file\n",
    )
    nowhere = tmp_path / "absent" / "annex.pdf"
    folder = run(
        "analysis", "--db", str(path), "--inspection", "COV-2013-03", "--annex", str(nowhere)
    )
    assert (folder.returncode, folder.stdout) == (1, "")
    assert folder.stderr == (
        f"coventry-inspect: {nowhere}: the folder {nowhere.parent} does not exist\n"
    )
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    inside = a_file / "annex.pdf"
    for command in (
        ("analysis", "--inspection", "COV-2013-03", "--annex"),
        ("letter", "--inspection", "COV-2013-03", "--pdf"),
        ("export", "--inspection", "COV-2013-03", "--out"),
    ):
        target = inside.with_suffix(".xlsx") if command[0] == "export" else inside
        refused = run(*command, str(target), "--db", str(path))
        assert (refused.returncode, refused.stdout) == (1, ""), command
        assert refused.stderr == f"coventry-inspect: {target}: {a_file} is a file, not a folder\n"
    for empty in ("", "  "):
        blank = run("analysis", "--db", str(path), "--inspection", "COV-2013-03", "--annex", empty)
        assert (blank.returncode, blank.stdout) == (2, "")
        assert blank.stderr.splitlines()[-1].endswith(
            "argument --annex: an empty file name: give the PDF to save, e.g. annex.pdf"
        )
    both = run("analysis", "--db", str(path), "--csv", "--annex", str(out))
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr
    assert not out.exists()


def test_annex_onto_a_full_disk_keeps_the_old_file_and_says_no_wrote(tmp_path: Path) -> None:
    import hashlib

    from tests.full_disk import run_cli, small_disk

    path = tmp_path / "examples.sqlite"
    db = open_database(str(path), user="tester")
    install_examples(db)
    db.close()
    with small_disk(tmp_path) as disk:
        target = disk.folder / "annex.pdf"
        args = ("analysis", "--db", str(path), "--inspection", "COV-2013-03", "--annex")
        first = run_cli(*args, str(target))
        assert first.returncode == 0, first.stderr
        before = hashlib.sha256(target.read_bytes()).hexdigest()
        disk.fill()
        failed = run_cli(*args, str(target), env=disk.environment())
        assert (failed.returncode, failed.stdout) == (1, "")  # no "wrote"
        assert failed.stderr.splitlines() == [
            f"coventry-inspect: {target} was not saved: the disk holding {disk.folder} is full; "
            "free some space and save again."
        ]
        assert hashlib.sha256(target.read_bytes()).hexdigest() == before
        assert [p.name for p in disk.folder.iterdir() if p.name.endswith(".part")] == []
