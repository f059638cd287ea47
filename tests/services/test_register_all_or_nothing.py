"""A register import is all or nothing: killed, interrupted or failing, it changes nothing."""

from __future__ import annotations

import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coventry_inspect.services.register import RegisterRow, RowProblem, import_register
from coventry_inspect.store.database import open_database
from tests.gias_sample import write_csv


def register_of(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute("SELECT urn, name FROM school ORDER BY urn").fetchall()


def test_a_register_import_killed_midway_leaves_the_register_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "inspection.sqlite"
    db = open_database(str(target))
    before_rows = (RegisterRow(urn=str(100000 + n), name=f"Old {n}") for n in range(500))
    for _ in import_register(db, before_rows):
        pass
    db.close()
    before = register_of(target)
    register = write_csv(tmp_path / "gias.csv", 60_000)
    parent, child_end = pty.openpty()  # a terminal on stderr, so progress is shown
    child = subprocess.Popen(
        [sys.executable, "-m", "coventry_inspect", "register", "import", str(register)],
        env={**os.environ, "COVENTRY_INSPECT_DB": str(target)},
        stdout=subprocess.DEVNULL,
        stderr=child_end,
    )
    os.close(child_end)
    shown = b""
    try:
        while b"20,000 rows" not in shown:  # two batches upserted, not yet committed
            ready, _, _ = select.select([parent], [], [], 60)
            assert ready, shown
            shown += os.read(parent, 1024)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        os.close(parent)
    assert child.returncode == -signal.SIGKILL
    assert register_of(target) == before


def test_an_error_midway_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "inspection.sqlite"
    db = open_database(str(target))

    def rows() -> Iterator[RegisterRow]:
        for n in range(25_000):
            yield RegisterRow(urn=str(100000 + n), name=f"School {n}")
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError, match="Input/output"):
        for _ in import_register(db, rows()):
            pass
    steps = import_register(db, iter([RegisterRow(urn="123456", name="A"), RowProblem(3, "x")]))
    next(steps)
    steps.close()  # stopped early, as Cancel does
    db.close()
    assert register_of(target) == []
