"""One lock per database file, honoured by the window and by every writing command."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coventry_inspect.store.lock import DatabaseLock, DatabaseLockedError, holder_of
from tests.test_cli import assert_refused, run

HOLD = """
import sys, time
from pathlib import Path
from coventry_inspect.store.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]), "a test holder")
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


@contextmanager
def held_by_another_process(database: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's lock for ``seconds`` (killed at the end)."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        try:
            yield holder
        finally:
            holder.kill()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "team.sqlite"
    assert run("example", "--db", str(path)).returncode == 0
    return path


def test_a_second_lock_is_refused_naming_the_holder(tmp_path: Path) -> None:
    database = tmp_path / "a.sqlite"
    first = DatabaseLock(database, "the Coventry Inspect window")
    first.acquire()
    with pytest.raises(DatabaseLockedError) as refused:
        DatabaseLock(database, "coventry-inspect import").acquire()
    holder = refused.value.holder
    assert holder is not None
    assert (holder.host, holder.pid, holder.program) == (
        socket.gethostname(),
        os.getpid(),
        "the Coventry Inspect window",
    )
    assert f"is open in Coventry Inspect on {socket.gethostname()} since" in str(refused.value)
    first.release()
    assert holder_of(database) is None
    assert not Path(f"{database}.lock").exists()  # nothing left beside the database


def test_a_killed_holder_leaves_no_stale_lock(database: Path) -> None:
    with held_by_another_process(database, 60) as holder:
        assert holder_of(database) is not None
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    lock = DatabaseLock(database, "after the crash")
    lock.acquire()  # at once: the operating system let go when the process died
    lock.release()


@pytest.mark.parametrize(
    "command",
    [
        ("example",),
        ("register", "import", "REGISTER"),
        ("import", "WORKBOOK"),
    ],
)
def test_writing_commands_refuse_a_database_open_elsewhere(
    database: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    from tests.gias_sample import write_csv

    workbook = tmp_path / "in.xlsx"
    exported = run(
        "export", "--db", str(database), "--inspection", "COV-2013-03", "--out", str(workbook)
    )
    assert exported.returncode == 0, exported.stderr
    register = write_csv(tmp_path / "gias.csv", 3)
    args = [
        {"WORKBOOK": str(workbook), "REGISTER": str(register)}.get(part, part) for part in command
    ]
    before = digest(database)
    with held_by_another_process(database, 60):
        result = run(*args, "--db", str(database))
    assert_refused(result, f"is open in Coventry Inspect on {socket.gethostname()} since")
    assert "a test holder" in result.stderr
    assert "(or wait with --wait SECONDS)" in result.stderr
    assert digest(database) == before


def test_a_wait_that_runs_out_says_how_long_it_waited(database: Path) -> None:
    with held_by_another_process(database, 60):
        result = run("example", "--db", str(database), "--wait", "1.5")
    assert_refused(result, "nothing was changed (waited 1.5 seconds)")


def test_readers_are_not_held_up_by_the_lock(database: Path) -> None:
    with held_by_another_process(database, 60):
        listed = run("list", "--db", str(database))
    assert listed.returncode == 0, listed.stderr
    assert "COV-2013-03" in listed.stdout


def test_wait_takes_the_lock_when_it_is_let_go(database: Path, tmp_path: Path) -> None:
    with held_by_another_process(database, 1.5):
        started = time.monotonic()
        other = run("example", "--db", str(tmp_path / "other.sqlite"))  # another file: no wait
        assert other.returncode == 0
        waited = run("example", "--db", str(database), "--wait", "30")
    assert waited.returncode == 0, waited.stderr
    assert time.monotonic() - started >= 1.0
