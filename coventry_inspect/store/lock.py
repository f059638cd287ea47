"""Who is writing a database file: one lock beside it, honoured by the window and the commands.

The lock is the operating system's advisory lock on ``<database>.lock`` (``flock`` on Linux and
macOS, ``msvcrt.locking`` on Windows), so it is released the moment its process ends, however it
ends: a crashed laptop leaves no stale lock to argue with. While held, the file says who holds
it (host, process, user, since when and with what), so the next one can say "open in Coventry
Inspect on HOST since TIME" instead of "database is locked".
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coventry_inspect.store.errors import DatabaseError

_INFO_OFFSET = 1  # Windows locks byte 0 mandatorily; the holder's details follow it
_POLL_SECONDS = 0.2
_BINARY = getattr(os, "O_BINARY", 0)  # Windows opens descriptors as text (CRLF, ^Z) otherwise


@dataclass(frozen=True)
class Holder:
    """Who holds a database's lock."""

    host: str
    pid: int
    user: str
    since: datetime
    program: str

    def describe(self) -> str:
        """'open in Coventry Inspect on HOST since 14:05 on 10 Mar 2014 (ann, the window)'."""
        since = f"{self.since:%H:%M} on {self.since.day} {self.since:%b %Y}"
        return (
            f"open in Coventry Inspect on {self.host} since {since} ({self.user}, {self.program})"
        )

    @staticmethod
    def parse(data: bytes) -> Holder | None:
        try:
            fields = json.loads(data.decode("utf-8"))
            return Holder(
                host=str(fields["host"]),
                pid=int(fields["pid"]),
                user=str(fields["user"]),
                since=datetime.fromisoformat(fields["since"]),
                program=str(fields["program"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


class DatabaseLockedError(DatabaseError):
    """Someone else is writing the database."""

    def __init__(self, database: Path, holder: Holder | None) -> None:
        self.database = database
        self.holder = holder
        who = holder.describe() if holder else "open in another Coventry Inspect"
        super().__init__(f"{database} is {who}: close it there and try again; nothing was changed")


def lock_file_for(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class DatabaseLock:
    """The right to write one database file, taken with :meth:`acquire`, given up with
    :meth:`release` (or at the end of the process, whatever ends it)."""

    def __init__(self, database: Path, program: str) -> None:
        self.database = database
        self.path = lock_file_for(database)
        self.program = program
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self, wait_seconds: float = 0) -> None:
        """Take the lock, waiting up to ``wait_seconds`` for its holder to let go.

        Raises :class:`DatabaseLockedError` naming the holder, or ``OSError`` when no lock file can
        be made beside the database (a read-only disk)."""
        deadline = time.monotonic() + wait_seconds
        while True:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | _BINARY, 0o644)
            if _try_lock(descriptor):
                if _still_linked(descriptor, self.path):
                    self._descriptor = descriptor
                    self._write_holder(descriptor)
                    return
                os.close(descriptor)  # its holder has just let go: take the new file
                continue
            holder = _read_holder(descriptor)
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise DatabaseLockedError(self.database, holder)
            time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        # Unlinked while still held: a waiter that opened this file finds it unlinked and opens
        # the new one instead (see _still_linked), so two can never both believe they hold it.
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        _unlock(descriptor)
        os.close(descriptor)

    def _write_holder(self, descriptor: int) -> None:
        holder = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "user": _user(),
            "since": datetime.now().isoformat(timespec="seconds"),
            "program": self.program,
        }
        os.ftruncate(descriptor, _INFO_OFFSET)
        os.lseek(descriptor, _INFO_OFFSET, os.SEEK_SET)
        os.write(descriptor, json.dumps(holder).encode("utf-8"))


def holder_of(database: Path) -> Holder | None:
    """Who holds the database's lock now, if anyone (None also when it cannot be told)."""
    path = lock_file_for(database)
    try:
        descriptor = os.open(path, os.O_RDWR | _BINARY)
    except OSError:
        return None
    try:
        if _try_lock(descriptor):
            _unlock(descriptor)
            return None
        return _read_holder(descriptor)
    finally:
        os.close(descriptor)


def _read_holder(descriptor: int) -> Holder | None:
    for _ in range(5):  # the holder may be between taking the lock and saying who it is
        os.lseek(descriptor, _INFO_OFFSET, os.SEEK_SET)
        holder = Holder.parse(os.read(descriptor, 4096))
        if holder is not None:
            return holder
        time.sleep(0.05)
    return None


def _still_linked(descriptor: int, path: Path) -> bool:
    """Whether the locked file is still the one at ``path`` (its holder may have just removed
    it on letting go); if not, give this one up and try again."""
    try:
        same = os.path.samestat(os.fstat(descriptor), os.stat(path))
    except FileNotFoundError:
        same = False
    if not same:
        _unlock(descriptor)
    return same


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
