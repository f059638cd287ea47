"""The command line, run as a user runs it: a separate process, exit codes, stderr lines."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coventry_inspect import __version__


def run(
    *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    environment.update(env or {})
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "coventry_inspect", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_example_then_list_shows_both_inspections(tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    written = run("example", "--db", str(db))
    assert written.returncode == 0, written.stderr
    assert written.stdout.split() == ["wrote", "COV-2013-03", "wrote", "COV-2004-05"]
    listed = run("list", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["Reference", "Kind", "Authority", "Dates"]
    assert lines[1].split() == [
        "COV-2013-03",
        "Focused",
        "inspection",
        "Coventry",
        "11",
        "to",
        "15",
        "March",
        "2013",
    ]
    assert lines[2].split() == ["COV-2004-05", "LEA", "inspection", "Coventry", "May", "2004"]
    # --db before the command works as well as after it.
    assert run("--db", str(db), "list").stdout == listed.stdout


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"coventry-inspect {__version__}")


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "usage: coventry-inspect" in result.stderr
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_gui_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "f.sqlite"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "no display" in result.stderr


def test_default_database_is_created_with_the_examples(tmp_path: Path) -> None:
    data_home = tmp_path / "data"
    result = run("list", env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    assert "COV-2013-03" in result.stdout
    assert "COV-2004-05" in result.stdout
    assert (data_home / "CoventryInspect" / "coventry-inspect.sqlite").is_file()


def test_environment_variable_names_the_default_database(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.sqlite"
    run("example", "--db", str(chosen))
    result = run(
        "list", env={"COVENTRY_INSPECT_DB": str(chosen), "XDG_DATA_HOME": str(tmp_path / "x")}
    )
    assert result.returncode == 0
    assert "COV-2004-05" in result.stdout
    assert not (tmp_path / "x").exists()


def assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("coventry-inspect: ")
    assert message in result.stderr


def test_db_naming_a_folder(tmp_path: Path) -> None:
    assert_refused(run("list", "--db", str(tmp_path)), "is a folder, not a database file")


def test_db_naming_a_non_database_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04 not a database" * 100)
    before = digest(path)
    assert_refused(run("list", "--db", str(path)), "is not a Coventry Inspect database")
    assert_refused(run("example", "--db", str(path)), "is not a Coventry Inspect database")
    assert digest(path) == before


def test_db_with_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    run("example", "--db", str(path))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = digest(path)
    assert_refused(run("list", "--db", str(path)), "newer version of Coventry Inspect")
    assert_refused(run("example", "--db", str(path)), "newer version of Coventry Inspect")
    assert digest(path) == before


def test_db_missing_for_list(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite"
    assert_refused(run("list", "--db", str(path)), "no such database")
    assert not path.exists()


@pytest.fixture
def unreadable_database(tmp_path: Path) -> Path:
    path = tmp_path / "locked.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    path.chmod(0o000)
    return path


def without_root_read_override() -> list[str]:
    """Root reads any file; drop the capabilities that let it, so a 000 file is unreadable."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test unreadable files as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_db_naming_an_unreadable_file(unreadable_database: Path) -> None:
    path = unreadable_database
    result = run("list", "--db", str(path), prefix=without_root_read_override())
    assert_refused(result, "cannot be read (Permission denied)")
    assert path.stat().st_mode & 0o777 == 0


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert __version__ == version("coventry-inspect")


def test_history_lists_who_changed_what(tmp_path: Path) -> None:
    from coventry_inspect.services.inspections import find_by_reference, update_inspection
    from coventry_inspect.store.database import open_database

    path = tmp_path / "h.sqlite"
    run("example", "--db", str(path))
    db = open_database(str(path), user="lsoden")
    inspection = find_by_reference(db, "COV-2013-03")
    assert inspection is not None
    update_inspection(db, inspection.id, copy_to="Cllr Kevin Maton")
    db.close()
    result = run("history", "--db", str(path), "--inspection", "COV-2013-03")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "created Inspection  COV-2013-03" in lines[0]
    assert lines[-1].endswith(
        "lsoden  updated Inspection  copy to: "
        "'Rt Hon Michael Gove MP, Secretary of State for Education' → 'Cllr Kevin Maton'"
    )
    assert_refused(run("history", "--db", str(path)), "several inspections")


def test_history_names_the_school_of_each_row_even_once_deleted(tmp_path: Path) -> None:
    from coventry_inspect.services import evidence
    from coventry_inspect.services.inspections import find_by_reference
    from coventry_inspect.store.database import open_database

    path = tmp_path / "h.sqlite"
    run("example", "--db", str(path))
    db = open_database(str(path), user="lsoden")
    inspection = find_by_reference(db, "COV-2013-03")
    assert inspection is not None
    row = evidence.list_inspected_schools(db, inspection.id)[0]
    evidence.update_inspected_school(db, row.id, notes="Visited on Monday")
    evidence.delete_inspected_school(db, row.id)
    db.close()
    result = run("history", "--db", str(path), "--inspection", "COV-2013-03")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    named = f"{row.school.name} ({row.school.urn})"
    assert lines[-2].endswith(
        f"lsoden  updated School inspected  {named}  notes: "
        "'Illustrative: the letter names no schools; name and URN stand in for a real school.'"
        " → 'Visited on Monday'"
    )
    assert lines[-1].endswith(f"lsoden  deleted School inspected  {named}  ")
    surveyed = [line for line in lines if "created Surveyed school" in line]
    assert len(surveyed) == 11
    assert all("(illustrative) (9900" in line for line in surveyed)


def test_a_reader_that_stops_early_gets_no_error(tmp_path: Path) -> None:
    """`history | head -1`: the rest of the output has nowhere to go; that is not an error.
    (`true` stands for a reader that has stopped before the command prints anything.)"""
    db = tmp_path / "team.sqlite"
    assert run("example", "--db", str(db)).returncode == 0
    result = subprocess.run(
        f"{shlex.quote(sys.executable)} -m coventry_inspect history --db {shlex.quote(str(db))}"
        " --inspection COV-2013-03 | true; exit ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stderr == ""
    assert result.returncode == 141


def test_quick_commands_and_their_refusals_load_no_qt_and_no_charts(tmp_path: Path) -> None:
    """--version, list, and a refusal of list (no such database): none of them pays for Qt or
    openpyxl (the workbook and its chart are loaded by the commands that write one)."""
    missing = tmp_path / "missing.sqlite"
    script = (
        "import sys\n"
        "from coventry_inspect import cli\n"
        "for args in (['--version'], ['list', '--db', sys.argv[1]]):\n"
        "    try:\n"
        "        cli.main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'openpyxl'))\n"
        "print('loaded:', heavy[:3])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(missing)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert "no such database" in result.stderr  # the refusal did run
    assert result.stdout.splitlines()[-1] == "loaded: []"
