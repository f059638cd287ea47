"""A database on a read-only USB stick or share opens read-only: it can be listed, exported and
printed, says so, and nothing can be written to it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from coventry_inspect.store.database import open_database
from tests.read_only_media import read_only_copy
from tests.test_cli import assert_refused, run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def on_stick(tmp_path: Path) -> Iterator[Path]:
    original = tmp_path / "stick" / "inspections.sqlite"
    original.parent.mkdir()
    assert run("example", "--db", str(original)).returncode == 0
    with read_only_copy(original, tmp_path / "mounted") as path:
        yield path


def test_read_only_media_can_be_listed_exported_and_printed(on_stick: Path, tmp_path: Path) -> None:
    before = digest(on_stick)
    listed = run("list", "--db", str(on_stick))
    assert listed.returncode == 0, listed.stderr
    assert "COV-2013-03" in listed.stdout
    exported = run(
        "export",
        "--db",
        str(on_stick),
        "--inspection",
        "COV-2013-03",
        "--out",
        str(tmp_path / "o.xlsx"),
    )
    assert exported.returncode == 0, exported.stderr
    printed = run(
        "letter",
        "--db",
        str(on_stick),
        "--inspection",
        "COV-2013-03",
        "--pdf",
        str(tmp_path / "l.pdf"),
    )
    assert printed.returncode == 0, printed.stderr
    history = run("history", "--db", str(on_stick), "--inspection", "COV-2004-05")
    assert history.returncode == 0, history.stderr
    assert digest(on_stick) == before
    assert sorted(p.name for p in on_stick.parent.iterdir()) == [on_stick.name]


def test_writing_to_read_only_media_is_refused_saying_why(on_stick: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "in.xlsx"
    assert (
        run(
            "export", "--db", str(on_stick), "--inspection", "COV-2013-03", "--out", str(workbook)
        ).returncode
        == 0
    )
    before = digest(on_stick)
    assert_refused(
        run("import", str(workbook), "--db", str(on_stick)),
        "can only be read (it is on a read-only disk or folder): nothing was changed",
    )
    assert_refused(
        run("example", "--db", str(on_stick)),
        "can only be read (it is on a read-only disk or folder)",
    )
    assert digest(on_stick) == before


def test_the_database_object_says_it_is_read_only_and_why(on_stick: Path) -> None:
    db = open_database(str(on_stick))
    try:
        assert db.read_only
        assert db.read_only_reason == "it is on a read-only disk or folder"
    finally:
        db.close()


def test_unmerged_changes_on_read_only_media_are_not_silently_ignored(tmp_path: Path) -> None:
    """A database copied with its -wal file (changes not yet merged) but not its index cannot be
    read without writing beside it: say so instead of showing it without those changes."""
    import shutil
    import sqlite3

    original = tmp_path / "laptop" / "inspections.sqlite"
    original.parent.mkdir()
    assert run("example", "--db", str(original)).returncode == 0
    writer = sqlite3.connect(original)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE inspection SET summary = 'late change'")
    writer.commit()
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(original, stick / original.name)
    shutil.copy(f"{original}-wal", stick / f"{original.name}-wal")  # copied mid-session
    writer.close()
    with read_only_copy(stick / original.name, tmp_path / "mounted") as path:
        assert Path(f"{path}-wal").stat().st_size > 0
        result = run("list", "--db", str(path))
    assert_refused(result, "has changes not yet merged into it (in inspections.sqlite-wal)")


def test_restore_and_new_files_on_read_only_media_say_so(on_stick: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.sqlite"
    assert run("example", "--db", str(backup)).returncode == 0
    before = digest(on_stick)
    assert_refused(
        run("restore", str(backup), "--db", str(on_stick)),
        "can only be read (it is on a read-only disk or folder): nothing was changed",
    )
    assert digest(on_stick) == before
    assert_refused(
        run("example", "--db", str(on_stick.parent / "new.sqlite")),
        "new.sqlite cannot be created or written: the disk or folder is read-only",
    )
    assert sorted(p.name for p in on_stick.parent.iterdir()) == [on_stick.name]
