"""SIGKILL a process making edits at random moments; after each kill, every edit it reported
committed must be in the file, with its history, and the file must pass ``integrity_check``.

Used by ``tests/test_kill_harness.py`` (200 kills) and ``benchmarks/kill_harness.py`` (1,000).
The child opens the database through the application's own ``open_database`` and edits through
the services, saying each edit once its call has returned (that is, once it is committed).
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

# Children are forked from a clean, single-threaded server that has already imported the
# application, so each starts in milliseconds instead of re-importing SQLAlchemy.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(
    ["coventry_inspect.services.evidence", "coventry_inspect.store.database", "tests.kill_harness"]
)

REFERENCE = "KILL-1"


@dataclass
class Expected:
    """What the children reported committed, across every run so far."""

    added: dict[str, str] = field(default_factory=dict)  # row id (hex) → URN
    noted: dict[str, str] = field(default_factory=dict)  # row id → notes
    deleted: set[str] = field(default_factory=set)
    last_of_run: set[str] = field(default_factory=set)
    """Rows whose next edit may have been committed by a run killed before it could say so."""

    def take_run(self, output: str) -> None:
        lines = [line for line in output.splitlines() if line]
        for line in lines:
            self.take(line)
        if lines:
            self.last_of_run.add(lines[-1].split(" ")[1])

    def take(self, line: str) -> None:
        action, row_id, *rest = line.split(" ", 2)
        if action == "added":
            self.added[row_id] = rest[0]
        elif action == "noted":
            self.noted[row_id] = rest[0]
        elif action == "deleted":
            self.deleted.add(row_id)
        else:
            raise AssertionError(f"unexpected line from the child: {line!r}")

    @property
    def edits(self) -> int:
        return len(self.added) + len(self.noted) + len(self.deleted)


def check(path: Path, expected: Expected) -> list[str]:
    """Every way the file falls short of what was reported committed (none is the promise)."""
    problems = []
    with closing(sqlite3.connect(path)) as db:
        if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            return [f"{path} fails its integrity check"]
        rows = dict(db.execute("SELECT id, notes FROM inspected_school").fetchall())
        history = set(db.execute("SELECT entity_id, action, field, new FROM history").fetchall())
    created = {entity for entity, action, _field, _new in history if action == "created"}
    for row_id, urn in expected.added.items():
        if row_id in expected.deleted:
            if row_id in rows:
                problems.append(f"{urn}: deleted, but still there")
            if (row_id, "deleted", "", "") not in history:
                problems.append(f"{urn}: deleted without its history")
            continue
        if row_id not in rows:
            deleted_unsaid = row_id in expected.last_of_run and (
                (row_id, "deleted", "", "") in history
            )
            if not deleted_unsaid:
                problems.append(f"{urn}: added, but missing")
        elif row_id in expected.noted and rows[row_id] != expected.noted[row_id]:
            problems.append(f"{urn}: notes {rows[row_id]!r}, not {expected.noted[row_id]!r}")
        if row_id not in created:
            problems.append(f"{urn}: added without its history")
    for row_id, notes in expected.noted.items():
        if (row_id, "updated", "notes", notes) not in history:
            problems.append(f"{expected.added.get(row_id)}: notes changed without its history")
    return problems


def run_and_kill(path: Path, expected: Expected, rng: random.Random) -> None:
    """Start a child editing ``path``, let it work for a random moment, SIGKILL it, and take
    in what it reported committed before it died."""
    receiving, sending = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(path, _next_urn(path), sending))
    child.start()
    sending.close()
    lines: list[str] = []
    try:
        if receiving.recv_bytes() != b"ready":
            raise AssertionError("the child did not start")
        # A random number of committed edits, then a random moment inside the next ones: the
        # kill lands mid-work however busy the machine is (a fixed pause would not on a slow one).
        for _ in range(rng.randint(0, 4)):
            lines.append(receiving.recv_bytes().decode())
        time.sleep(rng.uniform(0.0, 0.02))
        child.kill()  # SIGKILL
        child.join()
        if child.exitcode != -signal.SIGKILL:
            raise AssertionError(f"the child ended by itself (exit code {child.exitcode})")
        # Each message is one write of under PIPE_BUF bytes: whole, or not there at all.
        while True:
            try:
                lines.append(receiving.recv_bytes().decode())
            except EOFError:
                break
    finally:
        receiving.close()
        child.close()
    expected.take_run("\n".join(lines))


def _next_urn(path: Path) -> int:
    """The first URN no earlier run used (a run may have added one it could not report)."""
    with closing(sqlite3.connect(path)) as db:
        used = db.execute("SELECT max(CAST(urn AS INTEGER)) FROM school").fetchone()[0]
    return int(used or 99_999) + 1


def prepare(path: Path) -> None:
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.services import inspections
    from coventry_inspect.store.database import open_database

    db = open_database(str(path), user="kill-test")
    try:
        inspections.create_inspection(db, REFERENCE, InspectionKind.FOCUSED, "Coventry", "331")
    finally:
        db.close()


def _child(path: Path, first: int, say: Connection) -> None:
    """Edit through the services for ever, saying each edit after it is committed."""
    from coventry_inspect.domain.vocabulary import Phase, PreviousGrade
    from coventry_inspect.services import evidence
    from coventry_inspect.services.inspections import find_by_reference
    from coventry_inspect.store.database import open_database

    db = open_database(str(path), user="kill-test")
    inspection = find_by_reference(db, REFERENCE)
    assert inspection is not None
    say.send_bytes(b"ready")
    for number in range(first, 1_000_000):
        row = evidence.add_inspected_school(
            db, inspection.id, str(number), f"School {number}", Phase.PRIMARY, PreviousGrade.GOOD
        )
        say.send_bytes(f"added {row.id.hex} {number}".encode())
        evidence.update_inspected_school(db, row.id, notes=f"note-{number}")
        say.send_bytes(f"noted {row.id.hex} note-{number}".encode())
        if number % 3 == 0:
            evidence.delete_inspected_school(db, row.id)
            say.send_bytes(f"deleted {row.id.hex}".encode())
    raise SystemExit("ran out of URNs before being killed")


def kill_repeatedly(
    path: Path, kills: int, seed: int, progress: Callable[[int], None] | None = None
) -> Expected:
    """``kills`` runs, each killed at a random moment, checked after every kill."""
    rng = random.Random(seed)
    expected = Expected()
    prepare(path)
    for run in range(kills):
        run_and_kill(path, expected, rng)
        problems = check(path, expected)
        if problems:
            raise AssertionError(f"after kill {run + 1}: " + "; ".join(problems[:5]))
        if progress is not None:
            progress(run + 1)
    return expected
