"""A merge's dry run on the command line names what happens to each row."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def test_a_database_on_a_full_disk_is_called_full_not_unreadable(tmp_path: Path) -> None:
    """SQLite reports the -shm it cannot make on a full disk as a "disk I/O error"; the user is
    told the disk is full (not that the file cannot be opened), and nothing changes. The disk
    is a real 2 MB tmpfs mounted in a user and mount namespace of the test's own."""
    lead, workbook = tmp_path / "lead.sqlite", tmp_path / "ann.xlsx"
    assert run("example", "--db", str(lead)).returncode == 0
    handed = run(
        "export", "--db", str(lead), "--inspection", REFERENCE, "--out", str(workbook),
        "--inspector", "Ann Example",
    )  # fmt: skip
    assert handed.returncode == 0, handed.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed to mount a small disk"
    script = (
        'mount -t tmpfs -o size=2m tmpfs "$1" && cp "$2" "$1/lead.sqlite" && '
        '{ dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null; true; } && '
        'disk="$1" && source="$2" && python="$3" && shift 3 && '
        '"$python" -m coventry_inspect "$@"; '
        'echo "exit $?"; sha256sum "$disk/lead.sqlite" "$source" | cut -c1-64'
    )
    done = subprocess.run(
        [unshare, "-rm", "sh", "-c", script, "sh", str(usb), str(lead), sys.executable,
         "import", str(workbook), "--db", str(usb / "lead.sqlite"), "--merge"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.stderr == (
        f"coventry-inspect: The disk holding {usb} is full: free some space and try again; "
        "nothing was changed\n"
    )
    exit_line, copied, original = done.stdout.splitlines()
    assert exit_line == "exit 1"
    assert copied == original  # not a byte of the database changed
