"""Writing files so that the old file is replaced whole or left untouched.

Every file the application writes (PDF, workbook, template, backup) goes through
``write_atomically`` or ``write_bytes_atomically``: the new content goes to a temporary file
beside the target, every byte is checked written and fsynced, and only then is it renamed over
the target. Any failure leaves the old file as it was, removes the temporary file and raises
``WriteError``, whose message says what happened and what to do.

Temporary files are named ``.NAME.PID@HOST.XXXXXXXX.part``, so that a later write to the same
folder can remove those left by a process that was killed (same host, process gone).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

_TEMPORARY = re.compile(r"^\..*\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9-]*)\.[a-z0-9_]{8}\.part$")
_NAME_KEPT = 80
"""Characters of the target's name kept in its temporary name (so that it stays under NAME_MAX)."""


class WriteError(Exception):
    """A file could not be written; the old file is unchanged. The message says what to do."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, fsync it, then rename it over ``path``.

    An exception from ``write`` is passed on (an ``OSError`` as a ``WriteError``); a crash or
    any failure leaves ``path`` as it was and the temporary file removed. Prefer
    ``write_bytes_atomically`` for producers that may swallow their own write errors."""
    path = Path(os.path.realpath(path))
    with _Temporary(path) as temporary:
        try:
            write(temporary.path)
        except OSError as error:
            raise write_error(path, error) from error
        temporary.sync()
        if temporary.size() == 0:
            raise WriteError(
                path,
                f"{path} was not saved: nothing was written to it; the old file is unchanged.",
            )
        temporary.replace()


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, checking that every byte reached the file."""
    path = Path(os.path.realpath(path))
    with _Temporary(path) as temporary:
        temporary.write_all(data)
        temporary.sync()
        if temporary.size() != len(data):
            raise WriteError(
                path,
                f"{path} was not saved: only {temporary.size():,} of {len(data):,} bytes "
                f"reached the disk; the old file is unchanged.",
            )
        temporary.replace()


def write_error(path: Path, error: OSError) -> WriteError:
    """The ``OSError`` met while writing ``path``, as one sentence a user can act on."""
    return WriteError(path, describe_write_error(path, error))


_WHY_NOT_SAVED: dict[int, str] = {
    errno.ENOSPC: "the disk holding {folder} is full; free some space and save again.",
    errno.EFBIG: "the file is too large for the disk holding {folder}; save it elsewhere.",
    errno.EDQUOT: "your disk quota on {folder} is used up; free some space and save again.",
    errno.EROFS: "{folder} is on a read-only disk; save it in another folder.",
    errno.EACCES: "you do not have permission to write in {folder}; save it in another folder.",
    errno.EPERM: "you do not have permission to write in {folder}; save it in another folder.",
    errno.ENOENT: "the folder {folder} does not exist; choose another folder.",
    errno.ENOTDIR: "{folder} is not a folder; choose another folder.",
    errno.EISDIR: "{path} is a folder; choose a file name.",
    errno.ENAMETOOLONG: "the name is too long for {folder}; choose a shorter name.",
    errno.EIO: (
        "the disk holding {folder} reported an input/output error; check the disk, or save it "
        "somewhere else."
    ),
    errno.EBUSY: "the file is in use; close it elsewhere and save again.",
    errno.ETXTBSY: "the file is in use; close it elsewhere and save again.",
}


def describe_write_error(path: Path, error: OSError) -> str:
    why = _WHY_NOT_SAVED.get(error.errno or 0)
    if why is not None:
        return f"{path} was not saved: {why.format(folder=path.parent, path=path)}"
    reason = error.strerror or type(error).__name__
    return f"{path} was not saved ({reason}); save it somewhere else."


class _Temporary:
    """The temporary file beside a target: created on entry, removed on exit unless renamed."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = target
        self.descriptor: int | None = None
        self.renamed = False

    def __enter__(self) -> _Temporary:
        remove_stale_temporaries(self.target.parent)
        prefix = f".{self.target.name[:_NAME_KEPT]}.{os.getpid()}@{_host()}."
        try:
            self.descriptor, name = tempfile.mkstemp(
                prefix=prefix, suffix=".part", dir=self.target.parent
            )
        except OSError as error:
            raise write_error(self.target, error) from error
        self.path = Path(name)
        try:
            self.path.chmod(_mode_for(self.target))
        except OSError as error:
            self._discard()
            raise write_error(self.target, error) from error
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.renamed:
            self._discard()

    def write_all(self, data: bytes) -> None:
        assert self.descriptor is not None
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.descriptor, view)
                if written <= 0:  # a write that makes no progress would otherwise loop forever
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view = view[written:]
        except OSError as error:
            raise write_error(self.target, error) from error

    def sync(self) -> None:
        """Flush the file to the disk and close it; the errors a full or failing disk gives
        only here (delayed allocation, network shares) are reported like any other."""
        assert self.descriptor is not None
        try:
            os.fsync(self.descriptor)
            descriptor, self.descriptor = self.descriptor, None
            os.close(descriptor)
        except OSError as error:
            raise write_error(self.target, error) from error

    def size(self) -> int:
        return self.path.stat().st_size

    def replace(self) -> None:
        try:
            os.replace(self.path, self.target)
        except OSError as error:
            raise write_error(self.target, error) from error
        self.renamed = True
        _fsync_folder(self.target.parent)

    def _discard(self) -> None:
        if self.descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(self.descriptor)
            self.descriptor = None
        if self.path != self.target:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by our processes that were killed on this
    host; a live process's temporary (or another host's) is kept. Returns those removed."""
    removed: list[Path] = []
    host = _host()
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMPORARY.match(name)
        if not match or match["host"] != host or _alive(int(match["pid"])):
            continue
        try:
            (folder / name).unlink()
        except OSError:
            continue
        removed.append(folder / name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except (OverflowError, OSError):
        return False
    return True


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40]


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual (umask) permissions."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; the new file is already whole, so a failure here changes nothing."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
