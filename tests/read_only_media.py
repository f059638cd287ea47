"""A folder that cannot be written, as a read-only USB stick or share is: a read-only bind mount
when the tests run as root (root writes through any permission), else a folder without write
permission."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def read_only_copy(source: Path, where: Path) -> Iterator[Path]:
    """``source``'s folder, seen read-only at ``where``; yields the database's path there."""
    if os.geteuid() == 0:
        where.mkdir()
        subprocess.run(["mount", "--bind", str(source.parent), str(where)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True)
            yield where / source.name
        finally:
            subprocess.run(["umount", str(where)], check=True)
    else:
        shutil.copytree(source.parent, where)
        copy = where / source.name
        copy.chmod(0o444)
        where.chmod(0o555)
        try:
            yield copy
        finally:
            where.chmod(0o755)
