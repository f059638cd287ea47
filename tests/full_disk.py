"""A folder on a small disk that the tests fill up or make read-only.

As root (CI runs as root) it is a real 1 MB tmpfs where the system lets root mount one: filled with a file until the kernel says ENOSPC,
remounted read-only for EROFS. Otherwise (or with ``COVENTRY_TEST_NO_MOUNT=1``) the same errno is
injected where the kernel would give it: at ``os.write`` for a full disk, at ``os.open`` for a
read-only one, for files inside that folder only. A command-line run started by ``run_cli`` gets
the injection through ``FAULT_ENV``, installed before ``coventry_inspect.cli.main`` runs.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

FAULT_ENV = "COVENTRY_TEST_FAULT"
REPOSITORY = Path(__file__).resolve().parent.parent
MOUNTING = os.geteuid() == 0 and not os.environ.get("COVENTRY_TEST_NO_MOUNT")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT


class SmallDisk:
    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted
        self.fault: int | None = None
        """The errno injected, when the disk is not a real mount."""

    def fill(self) -> None:
        if not self.mounted:
            self.fault = errno.ENOSPC
            return
        descriptor = os.open(self.folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            with pytest.raises(OSError, match="No space left") as refused:  # noqa: PT012
                while True:
                    os.write(descriptor, b"\xff" * 4096)
        finally:
            os.close(descriptor)
        assert refused.value.errno == errno.ENOSPC
        assert os.statvfs(self.folder).f_bavail == 0

    def make_read_only(self) -> None:
        if not self.mounted:
            self.fault = errno.EROFS
            return
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def environment(self) -> dict[str, str]:
        return {FAULT_ENV: f"{self.fault} {self.folder}"} if self.fault else {}

    @contextmanager
    def injected(self) -> Iterator[None]:
        """The fault in this process (for the GUI tests), removed on leaving."""
        if self.fault is None:
            yield
            return
        saved = os.write, os.open
        install_fault(self.fault, self.folder)
        try:
            yield
        finally:
            os.write, os.open = saved


@contextmanager
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = (tmp_path / "usb").resolve()
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]
    if not MOUNTING or subprocess.run(mount, capture_output=True, check=False).returncode:
        yield SmallDisk(folder, mounted=False)  # not root, or a container that may not mount
        return
    try:
        yield SmallDisk(folder, mounted=True)
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def install_fault(code: int, folder: Path) -> None:
    """Make writes (ENOSPC, EIO) or opening for writing (anything else) fail inside ``folder``."""
    real_write: Callable[[int, Any], int] = os.write
    real_open: Callable[..., int] = os.open
    inside = str(folder) + os.sep

    def write(descriptor: int, data: Any) -> int:
        if code in (errno.ENOSPC, errno.EIO) and os.readlink(
            f"/proc/self/fd/{descriptor}"
        ).startswith(inside):
            raise OSError(code, os.strerror(code))
        return real_write(descriptor, data)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if (
            code not in (errno.ENOSPC, errno.EIO)
            and flags & _WRITING
            and os.path.abspath(path).startswith(inside)
        ):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    os.write = write
    os.open = open_


def run_cli(
    *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``coventry-inspect ARGS`` in its own process, with the fault in ``env`` if any."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", FAULT_ENV)
    }
    environment.update(env or {})
    environment["PYTHONPATH"] = str(REPOSITORY)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", "import tests.full_disk as f; f.main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPOSITORY,
        timeout=120,
        check=False,
    )


def main() -> None:
    fault = os.environ.get(FAULT_ENV)
    if fault:
        code, folder = fault.split(" ", 1)
        install_fault(int(code), Path(folder))
    from coventry_inspect.cli import main as cli_main

    raise SystemExit(cli_main(sys.argv[1:]))
