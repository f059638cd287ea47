"""Opening the database a user names, or the default one, created with the examples on first use."""

from __future__ import annotations

import errno
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from coventry_inspect import paths
from coventry_inspect.files import write_atomically
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import Database, is_url, open_database
from coventry_inspect.store.errors import DatabaseError


def open_target(target: str | None, *, create: bool, read_only: bool = False) -> Database:
    """The named database, or the default one (created with the two examples on first use)."""
    if target or read_only:
        return open_database(target or paths.default_database(), create=create, read_only=read_only)
    default = paths.default_database()
    first_use = not is_url(default) and not Path(default).exists()
    if first_use:
        Path(default).parent.mkdir(parents=True, exist_ok=True)
    db = open_database(default, create=True)
    if first_use:
        install_examples(db)
    return db


def save_copy(db: Database, target: Path) -> None:
    """A consistent copy of an SQLite database at ``target`` (SQLite's online backup), replacing
    it whole or not at all.

    The copy is a new database with its own id, so it keeps its own set of backups."""
    if not db.is_sqlite:
        raise DatabaseError("a team (PostgreSQL) database cannot be saved as a file copy")
    if target.resolve() == Path(db.target).resolve():
        raise DatabaseError(f"{target} is the open database itself")

    def copy(temporary: Path) -> None:
        try:
            with (
                closing(sqlite3.connect(db.target)) as source,
                closing(sqlite3.connect(temporary)) as copy,
            ):
                copy.execute("PRAGMA journal_mode=OFF")  # no -journal file beside the temporary
                source.backup(copy)
                copy.execute("UPDATE database_identity SET id = ?", (uuid.uuid4().hex,))
                copy.commit()
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                raise OSError(errno.ENOSPC, str(error)) from error
            raise DatabaseError(f"could not save a copy as {target}: {error}") from error

    write_atomically(target, copy)
