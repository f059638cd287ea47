"""Every file we write is replaced whole or left as it was (DESIGN §7): a full disk, a read-only
folder, no permission, a failed fsync or a painter that did not finish leave the old file
byte-identical and no temporary file, and say in one line what happened and what to do."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from coventry_inspect import files
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import open_database
from tests.full_disk import SmallDisk, run_cli, small_disk

WRITERS = {
    "letter PDF": ("letter", "--inspection", "COV-2013-03", "--pdf", "letter.pdf"),
    "LEA record PDF": ("letter", "--inspection", "COV-2004-05", "--pdf", "record.pdf"),
    "workbook export": ("export", "--inspection", "COV-2013-03", "--out", "cov.xlsx"),
    "template": ("template", "--kind", "lea", "--out", "blank.xlsx"),
}


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "examples.sqlite"
    db = open_database(str(path))
    install_examples(db)
    db.close()
    return path


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path) as disk:
        yield disk


def command(writer: str, folder: Path, database: Path) -> tuple[list[str], Path]:
    *args, name = WRITERS[writer]
    target = folder / name
    database_option = [] if args[0] == "template" else ["--db", str(database)]
    return [*args, str(target), *database_option], target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part"))


def write_then_fail(
    disk: SmallDisk, writer: str, examples: Path, break_disk: str
) -> tuple[subprocess.CompletedProcess[str], Path, str]:
    """Write the file once (it works), break the disk, write it again."""
    args, target = command(writer, disk.folder, examples)
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"wrote {target}")
    before = digest(target)
    getattr(disk, break_disk)()
    return run_cli(*args, env=disk.environment()), target, before


def assert_refused_in_one_line(
    result: subprocess.CompletedProcess[str], target: Path, before: str, expected: str
) -> None:
    assert result.returncode == 1
    assert result.stdout == ""  # no "wrote"
    assert result.stderr.splitlines() == [f"coventry-inspect: {target} was not saved: {expected}"]
    assert digest(target) == before
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_keeps_the_old_file(disk: SmallDisk, examples: Path, writer: str) -> None:
    result, target, before = write_then_fail(disk, writer, examples, "fill")
    assert_refused_in_one_line(
        result,
        target,
        before,
        f"the disk holding {disk.folder} is full; free some space and save again.",
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_disk_keeps_the_old_file(disk: SmallDisk, examples: Path, writer: str) -> None:
    result, target, before = write_then_fail(disk, writer, examples, "make_read_only")
    assert_refused_in_one_line(
        result, target, before, f"{disk.folder} is on a read-only disk; save it in another folder."
    )


def without_write_override() -> list[str]:
    """Root writes in any folder; drop the capability that lets it."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test a folder without permission as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.mark.parametrize("writer", ["letter PDF", "workbook export"])
def test_a_folder_without_write_permission_keeps_the_old_file(
    tmp_path: Path, examples: Path, writer: str
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    args, target = command(writer, folder, examples)
    assert run_cli(*args).returncode == 0
    before = digest(target)
    folder.chmod(0o555)
    try:
        result = run_cli(*args, prefix=without_write_override())
    finally:
        folder.chmod(0o755)
    assert_refused_in_one_line(
        result,
        target,
        before,
        f"you do not have permission to write in {folder}; save it in another folder.",
    )


def test_a_missing_folder_is_named(tmp_path: Path, examples: Path) -> None:
    target = tmp_path / "gone" / "blank.xlsx"
    with pytest.raises(files.WriteError) as raised:
        files.write_bytes_atomically(target, b"PK")
    assert str(raised.value) == (
        f"{target} was not saved: the folder {target.parent} does not exist; choose another folder."
    )


def test_a_painter_that_does_not_finish_keeps_the_old_pdf(
    qapp: object,
    tmp_path: Path,
    examples: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtGui import QPainter

    from coventry_inspect import cli
    from coventry_inspect.reports import pdf

    args, target = command("letter PDF", tmp_path, examples)
    assert cli.main(args) == 0
    before = digest(target)
    capfd.readouterr()

    class Unfinished(QPainter):
        def end(self) -> bool:
            super().end()
            return False

    monkeypatch.setattr(pdf, "QPainter", Unfinished)
    assert cli.main(args) == 1
    out, err = capfd.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"coventry-inspect: {target} was not saved: the PDF could not be drawn (the painter "
        "could not finish the last page); the old file is unchanged. Try again, and report it "
        "if it happens again."
    ]
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def test_a_failed_fsync_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kept.pdf"
    target.write_bytes(b"the old file")

    def fsync(descriptor: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(files.WriteError) as raised:
        files.write_bytes_atomically(target, b"%PDF-1.4 new")
    assert str(raised.value) == (
        f"{target} was not saved: the disk holding {tmp_path} reported an input/output error; "
        "check the disk, or save it somewhere else."
    )
    assert target.read_bytes() == b"the old file"
    assert leftovers(tmp_path) == []


def test_short_writes_are_continued_until_every_byte_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls: list[int] = []

    def short_write(descriptor: int, data: bytes | memoryview) -> int:
        calls.append(len(data))
        return real_write(descriptor, bytes(data)[:1000])  # as a pipe or a network share may

    monkeypatch.setattr(os, "write", short_write)
    data = os.urandom(10_000)
    files.write_bytes_atomically(tmp_path / "whole.bin", data)
    monkeypatch.undo()
    assert (tmp_path / "whole.bin").read_bytes() == data
    assert len(calls) == 10


def test_a_write_that_makes_no_progress_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "write", lambda descriptor, data: 0)
    with pytest.raises(files.WriteError, match="is full; free some space"):
        files.write_bytes_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_the_callback_writer_reports_a_full_disk_and_keeps_the_old_file(disk: SmallDisk) -> None:
    """``write_atomically(path, write)`` (backups use it): the producer's own writes fail."""
    target = disk.folder / "copy.sqlite"
    files.write_atomically(target, lambda temporary: temporary.write_bytes(b"old copy"))
    disk.fill()

    def produce(temporary: Path) -> None:  # low-level writes, where a fault can be injected
        descriptor = os.open(temporary, os.O_WRONLY)
        try:
            for _ in range(50):
                os.write(descriptor, b"x" * 4096)
        finally:
            os.close(descriptor)

    with disk.injected(), pytest.raises(files.WriteError) as raised:
        files.write_atomically(target, produce)
    assert str(raised.value) == (
        f"{target} was not saved: the disk holding {disk.folder} is full; "
        "free some space and save again."
    )
    assert target.read_bytes() == b"old copy"
    assert leftovers(disk.folder) == []


def test_the_callback_writer_refuses_an_empty_result(tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"old copy")
    with pytest.raises(files.WriteError, match="nothing was written"):
        files.write_atomically(target, lambda temporary: None)
    assert target.read_bytes() == b"old copy"
    assert leftovers(tmp_path) == []


WRITER_THAT_HANGS = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coventry_inspect.files import write_atomically

    def produce(temporary: Path) -> None:
        temporary.write_bytes(b"half a workbook")
        print("writing", flush=True)
        time.sleep(600)

    write_atomically(Path(sys.argv[1]), produce)
    """
)


def start_writer(target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER_THAT_HANGS, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    return child


def stop(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout is not None
    child.stdout.close()


def test_a_killed_writers_temporary_is_removed_by_the_next_write_and_a_live_ones_kept(
    tmp_path: Path, examples: Path
) -> None:
    killed = start_writer(tmp_path / "killed.xlsx")
    stop(killed)
    [stale] = leftovers(tmp_path)
    live = start_writer(tmp_path / "live.xlsx")
    try:
        [live_temporary] = [name for name in leftovers(tmp_path) if name != stale]
        elsewhere = f".cov.xlsx.{live.pid}@another-host.abcd1234.part"  # a share's other user
        (tmp_path / elsewhere).write_bytes(b"theirs")
        foreign = ".report.xlsx.12345.part"  # not ours: left alone
        (tmp_path / foreign).write_bytes(b"not ours")

        args, target = command("workbook export", tmp_path, examples)
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {target}: COV-2013-03\n"
        assert leftovers(tmp_path) == sorted([live_temporary, elsewhere, foreign])
    finally:
        stop(live)


_SAVE_A_COPY_ONTO_A_FULL_DISK = """
import errno, os, sys
from pathlib import Path
from coventry_inspect import files
from coventry_inspect.services.databases import save_copy
from coventry_inspect.store.database import open_database

folder, examples = Path(sys.argv[1]), sys.argv[2]
target = folder / "copy.sqlite"
target.write_bytes(b"an older copy")
db = open_database(examples)
descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
try:
    while True:
        os.write(descriptor, b"\\xff" * 4096)
except OSError as error:
    assert error.errno == errno.ENOSPC, error
os.close(descriptor)
try:
    save_copy(db, target)
except files.WriteError as error:
    print(error)
finally:
    db.close()
print(target.read_bytes().decode())
"""


def test_save_a_copy_onto_a_full_disk_keeps_the_old_copy(disk: SmallDisk, examples: Path) -> None:
    """SQLite copies in C, where Python cannot inject ENOSPC: only a real full disk reaches it.
    As root the 1 MB tmpfs is mounted here; otherwise the copy runs in a user and mount
    namespace of its own (``unshare -rm``), where an ordinary user may mount one."""
    from coventry_inspect.services.databases import save_copy

    target = disk.folder / "copy.sqlite"
    expected = (
        f"{target} was not saved: the disk holding {disk.folder} is full; "
        "free some space and save again."
    )
    if not disk.mounted:
        unshare = shutil.which("unshare")
        assert unshare, "unshare (util-linux) is needed to mount a small disk without root"
        mount_then_run = 'mount -t tmpfs -o size=1m tmpfs "$1" && shift && exec "$@"'
        copy = [
            sys.executable,
            "-c",
            _SAVE_A_COPY_ONTO_A_FULL_DISK,
            str(disk.folder),
            str(examples),
        ]
        result = subprocess.run(
            [unshare, "-rm", "sh", "-c", mount_then_run, "sh", str(disk.folder), *copy],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [expected, "an older copy"]
        return

    target.write_bytes(b"an older copy")
    db = open_database(str(examples))
    try:
        disk.fill()
        with pytest.raises(files.WriteError) as raised:
            save_copy(db, target)
    finally:
        db.close()
    assert str(raised.value) == expected
    assert target.read_bytes() == b"an older copy"
    assert sorted(os.listdir(disk.folder)) == ["copy.sqlite", "filler"]
