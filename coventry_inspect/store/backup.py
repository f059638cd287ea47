"""Consistent copies of an SQLite database, taken with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from coventry_inspect import paths
from coventry_inspect.store.database import Database
from coventry_inspect.store.errors import DatabaseError


def backup_folder() -> Path:
    return paths.data_dir() / "backups"


def backup_sqlite(db: Database, reason: str) -> Path | None:
    """Copy the database file to the backups folder; None for a PostgreSQL database.

    The copy is checked with ``PRAGMA integrity_check`` before it is trusted."""
    if not db.is_sqlite:
        return None
    source = Path(db.target)
    folder = backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{source.stem}-{stamp}-{reason}.sqlite"
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            if dst.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise DatabaseError(f"the backup {target} failed its integrity check")
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"could not back up {source}: {error}") from error
    return target
