"""Backups of an SQLite database, one path for the GUI and the CLI.

A backup is taken with SQLite's online backup API into a temporary file in the backups folder,
passes ``PRAGMA integrity_check``, and only then is renamed to its final name (through
``files.write_atomically``): a kill or a failure leaves no file that counts as a backup.

Backups are named ``<database id>-<time>-<reason>.sqlite`` by the id stored inside the database
(``database_identity``), so two files called ``inspection.sqlite`` in different folders keep
separate sets. ``<database id>.source`` beside them lists the paths the database was backed up
from, which finds the backups of a file too damaged to read its id from.

After every backup the set is pruned by one policy (:func:`to_prune`) and a size cap
(:func:`over_cap`).

A backup may be taken in a worker thread (the window does): it opens its own connections, and
``cancel`` stops it between steps of the copy or during the check, leaving no file behind.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import threading
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from coventry_inspect import paths
from coventry_inspect.files import write_atomically
from coventry_inspect.store.database import SQLITE_HEADER, Database, open_here
from coventry_inspect.store.errors import DatabaseError

DAILY, EDITING = "daily", "editing"
BEFORE_IMPORT, BEFORE_DELETE, BEFORE_RESTORE = "before-import", "before-delete", "before-restore"
REASONS = {
    DAILY: "on opening (daily)",
    EDITING: "after 30 minutes of editing",
    BEFORE_IMPORT: "before an import or a merge changed an inspection",
    BEFORE_DELETE: "before an inspection was deleted",
    BEFORE_RESTORE: "before a backup was restored",
}
SCHEDULED = {DAILY, EDITING}
KEEP_DAILY, KEEP_WEEKS, KEEP_MONTHS = 7, 8, 12
KEEP_OTHER_DAYS, KEEP_OTHER_AT_LEAST = 90, 5
MAX_TOTAL_BYTES = 2 * 1024**3
CAP_TIMES_DATABASE = 20
"""A database's backups are kept under min(2 GiB, 20 × the newest backup's size)."""
STALE_TEMPORARY = timedelta(hours=1)
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(
    r"^(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.sqlite$"
)
_KEPT = re.compile(
    r"^(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"-(?P<stamp>\d{8}-\d{6}-\d{6})-before-import\.xlsx$"
)
"""An inspection kept as its workbook before an import replaced it (exchange/kept.py)."""
_DAMAGE_WORDS = ("malformed", "not a database", "disk image", "corrupt", "integrity check")
COPY_STEP_PAGES = 4096
"""Pages copied per step of the backup API (16 MiB at 4 KiB pages): a cancel waits for one step."""
_CHECK_EVERY = 10_000
"""SQLite virtual-machine instructions between looks at ``cancel`` during the check."""


class DamagedDatabaseError(DatabaseError):
    """The database file fails SQLite's integrity check or cannot be read as a database."""


class BackupCancelledError(DatabaseError):
    """The backup was stopped before it was whole (the window closed); nothing was kept."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    size: int = 0

    @property
    def described(self) -> str:
        return REASONS.get(self.reason, self.reason)


def backup_folder() -> Path:
    return paths.data_dir() / "backups"


def _database_id(db: Database) -> str:
    """The id stored in the database; a damaged file says so instead of a bare SQLite error."""
    try:
        return db.database_id()
    except Exception as error:
        if is_damage(error):
            raise DamagedDatabaseError(f"{db.target} is damaged: {_first_line(error)}") from error
        raise


def backup_sqlite(db: Database, reason: str, now: datetime | None = None) -> Path | None:
    """Back up the open database; None for a PostgreSQL database (its server keeps its own)."""
    if not db.is_sqlite:
        return None
    database_id = _database_id(db)
    return take_backup(Path(db.target), database_id, reason, now)


def take_backup(
    source: Path,
    database_id: str,
    reason: str,
    now: datetime | None = None,
    *,
    cancel: threading.Event | None = None,
) -> Path:
    """Copy ``source`` whole and checked into the backups folder, then prune its set.

    Setting ``cancel`` (from another thread) stops it and raises :class:`BackupCancelledError`; the
    temporary file is removed and nothing counts as a backup."""
    now = now or datetime.now()
    folder = backup_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remember_source(folder, database_id, source)
    except OSError as error:
        raise DatabaseError(f"could not back up {source}: {error.strerror or error}") from error
    target = folder / f"{database_id}-{now.strftime(_STAMP)}-{reason}.sqlite"

    def write(temporary: Path) -> None:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(temporary)) as dst:
            _copy(src, dst, cancel)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if _check(dst, cancel) != [("ok",)]:
                raise DamagedDatabaseError(
                    f"{source} is damaged: its copy fails SQLite's integrity check"
                )

    try:
        write_atomically(target, write)
    except BackupCancelledError:
        raise
    except sqlite3.Error as error:
        if cancel is not None and cancel.is_set():
            raise BackupCancelledError(f"the backup of {source} was stopped") from error
        if is_damage(error):
            raise DamagedDatabaseError(f"{source} is damaged: {error}") from error
        raise DatabaseError(f"could not back up {source}: {error}") from error
    except OSError as error:
        raise DatabaseError(f"could not back up {source}: {error.strerror or error}") from error
    prune(database_id, now)
    return target


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection, cancel: threading.Event | None) -> None:
    """The backup API, in steps when it may be cancelled. The source is held in one read
    transaction throughout, so an edit made meanwhile by the window neither restarts the copy
    nor gets into it half: the copy is the database as it was when the read began."""
    if cancel is None:
        src.backup(dst)
        return
    src.execute("BEGIN")
    src.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the read starts here

    def stop_if_cancelled(_status: int, _remaining: int, _total: int) -> None:
        if cancel.is_set():
            raise BackupCancelledError("the backup was stopped")

    try:
        src.backup(dst, pages=COPY_STEP_PAGES, progress=stop_if_cancelled)
    finally:
        src.rollback()


def _check(dst: sqlite3.Connection, cancel: threading.Event | None) -> list[tuple[object, ...]]:
    if cancel is not None:
        dst.set_progress_handler(cancel.is_set, _CHECK_EVERY)  # true: SQLite interrupts it
    return dst.execute("PRAGMA integrity_check").fetchall()


def backups_of(database_id: str, folder: Path | None = None) -> list[Backup]:
    """The backups of the database with this id that count (whole SQLite files), newest first."""
    folder = folder or backup_folder()
    found = []
    for path in folder.glob(f"{database_id}-*.sqlite") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match and match["id"] == database_id and _is_sqlite_file(path):
            taken = datetime.strptime(match["stamp"], _STAMP)
            found.append(Backup(path, taken, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def kept_workbook_path(database_id: str, now: datetime) -> Path:
    """Where the inspection an import is about to replace is kept as its workbook."""
    folder = backup_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"could not keep a copy in {folder}: {error.strerror}") from error
    return folder / f"{database_id}-{now.strftime(_STAMP)}-{BEFORE_IMPORT}.xlsx"


def kept_workbooks_of(database_id: str, folder: Path | None = None) -> list[Backup]:
    """The inspections kept as workbooks before imports replaced them, newest first. They are
    not backups of the file (restoring one would not make the database), so they are not in
    :func:`backups_of`; they are pruned by the same policy."""
    folder = folder or backup_folder()
    found = []
    for path in folder.glob(f"{database_id}-*.xlsx") if folder.is_dir() else []:
        match = _KEPT.match(path.name)
        if match and match["id"] == database_id:
            taken = datetime.strptime(match["stamp"], _STAMP)
            found.append(Backup(path, taken, BEFORE_IMPORT, path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def backups_for_file(path: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of the database file at ``path``, found by the id inside it when it can be
    read, else by the source paths recorded when backups were taken."""
    folder = folder or backup_folder()
    ids = {i for i in (stored_id(path),) if i}
    resolved = str(path.resolve())
    for index in folder.glob("*.source") if folder.is_dir() else []:
        try:
            if resolved in index.read_text(encoding="utf-8").splitlines():
                ids.add(index.stem)
        except OSError:
            continue
    found = [b for database_id in ids for b in backups_of(database_id, folder)]
    return sorted(found, key=lambda b: b.taken, reverse=True)


def stored_id(path: Path) -> str | None:
    """The database id read straight from the file, or None if it cannot be read."""
    try:
        with closing(_read_only(path)) as connection:
            row = connection.execute("SELECT id FROM database_identity").fetchone()
        return str(uuid.UUID(str(row[0]))) if row else None
    except (sqlite3.Error, ValueError):
        return None


def passes_check(path: Path) -> bool:
    try:
        with closing(_read_only(path)) as connection:
            return connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    except sqlite3.Error:
        return False


def latest_good_backup(path: Path) -> Backup | None:
    """The newest backup of the file at ``path`` that passes the integrity check now."""
    return next((b for b in backups_for_file(path) if passes_check(b.path)), None)


def inspections_in(backup: Path) -> list[str]:
    """The references of the inspections a backup holds, read without changing it."""
    try:
        with closing(_read_only(backup)) as connection:
            rows = connection.execute("SELECT reference FROM inspection ORDER BY reference")
            return [str(row[0]) for row in rows]
    except sqlite3.Error:
        return []


def to_prune(backups: list[Backup], now: datetime) -> list[Backup]:
    """The retention policy (``backups`` newest first).

    Daily and editing backups: all from the last day, the newest of each of the last 7 days,
    then one a week for 8 weeks, then one a month for 12 months. Backups taken before an import,
    a delete or a restore: 90 days, and always the newest 5."""
    keep: set[Path] = set()
    scheduled = [b for b in backups if b.reason in SCHEDULED]
    keep.update(b.path for b in scheduled if now - b.taken <= timedelta(days=1))
    days: set[object] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in scheduled:
        age = now - backup.taken
        day, week = backup.taken.date(), backup.taken.isocalendar()[:2]
        month = (backup.taken.year, backup.taken.month)
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(backup.path)
        elif age <= timedelta(weeks=KEEP_WEEKS) and week not in weeks:
            keep.add(backup.path)
        elif age <= timedelta(days=31 * KEEP_MONTHS) and month not in months:
            months.add(month)
            keep.add(backup.path)
        weeks.add(week)
    others = [b for b in backups if b.reason not in SCHEDULED]
    keep.update(b.path for b in others[:KEEP_OTHER_AT_LEAST])
    keep.update(b.path for b in others if now - b.taken <= timedelta(days=KEEP_OTHER_DAYS))
    return [b for b in backups if b.path not in keep]


def _newest_copy(backups: list[Backup]) -> Backup | None:
    """The newest whole copy of the database (not a kept workbook)."""
    return next((b for b in backups if b.path.suffix == ".sqlite"), backups[0] if backups else None)


def size_cap(backups: list[Backup]) -> int:
    newest = _newest_copy(backups)
    return min(MAX_TOTAL_BYTES, CAP_TIMES_DATABASE * (newest.size if newest else 0))


def over_cap(backups: list[Backup]) -> list[Backup]:
    """What to remove to bring the set (newest first) under :func:`size_cap`: the oldest backups
    taken before an import, delete or restore first, then the oldest scheduled ones; never the
    newest backup, nor the newest whole copy of the database."""
    cap, total = size_cap(backups), sum(b.size for b in backups)
    spared = {b.path for b in backups[:1]} | {b.path for b in [_newest_copy(backups)] if b}
    order = sorted(
        (b for b in backups if b.path not in spared),
        key=lambda b: (b.reason in SCHEDULED, b.taken),
    )
    removed = []
    for backup in order:
        if total <= cap:
            break
        removed.append(backup)
        total -= backup.size
    return removed


def prune(database_id: str, now: datetime | None = None) -> list[Backup]:
    """Apply the policy and the size cap; remove temporaries a killed backup left behind."""
    now = now or datetime.now()
    folder = backup_folder()
    backups, workbooks = backups_of(database_id, folder), kept_workbooks_of(database_id, folder)
    doomed = to_prune(backups, now) + to_prune(workbooks, now)
    kept = sorted(
        (b for b in backups + workbooks if b not in doomed), key=lambda b: b.taken, reverse=True
    )
    doomed += over_cap(kept)
    for backup in doomed:
        backup.path.unlink(missing_ok=True)
    for leftover in folder.glob(f".{database_id}-*.part"):
        try:
            if now.timestamp() - leftover.stat().st_mtime > STALE_TEMPORARY.total_seconds():
                leftover.unlink()
        except OSError:
            continue
    return doomed


def daily_backup_due(db: Database, now: datetime | None = None) -> str | None:
    """The database's id if it should be backed up on opening (no good backup taken today)."""
    if not db.is_sqlite or db.read_only:
        return None
    now = now or datetime.now()
    database_id = _database_id(db)
    if any(b.reason == DAILY and b.taken.date() == now.date() for b in backups_of(database_id)):
        return None
    return database_id


def daily_backup(db: Database, now: datetime | None = None) -> Path | None:
    """On opening: back the file up unless a good backup was already taken today."""
    database_id = daily_backup_due(db, now)
    if database_id is None:
        return None
    return take_backup(Path(db.target), database_id, DAILY, now)


def change_mark(db: Database) -> tuple[int, str]:
    """Changes to the database since an earlier mark: every change writes a history row."""
    from sqlalchemy import text

    with db.engine.connect() as connection:
        count, latest = connection.execute(text("SELECT count(*), max(at) FROM history")).one()
    return int(count), str(latest)


def restore_backup(backup: Path, target: Path) -> Path | None:
    """Put the backup's content into the database file at ``target`` (no one may have it open).

    The backup API writes it inside one transaction of the live file. A damaged file cannot be
    backed up first, so it is kept beside it as ``NAME.damaged-TIME`` (returned) before anything
    is written: whatever it still holds that the backup does not can be recovered from it. A
    file too damaged for the backup API is moved aside and the backup copied in its place."""
    if not passes_check(backup):
        raise DatabaseError(f"the backup {backup} fails SQLite's integrity check")
    aside = target.with_name(f"{target.name}.damaged-{datetime.now().strftime(_STAMP)}")
    parts = [target.with_name(target.name + suffix) for suffix in ("-wal", "-shm", "")]
    kept = False
    if target.exists() and not passes_check(target):
        try:
            for part in parts:
                if part.exists():
                    shutil.copyfile(
                        part, aside.with_name(aside.name + part.name[len(target.name) :])
                    )
        except OSError as error:
            raise DatabaseError(
                f"could not keep a copy of the damaged {target} before restoring "
                f"({error.strerror}); nothing was changed"
            ) from error
        kept = True
    try:
        with closing(_read_only(backup)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            if dst.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise sqlite3.DatabaseError("the restored file fails the integrity check")
        return aside if kept else None
    except sqlite3.DatabaseError:
        pass
    try:
        for part in parts:  # the journal first: it must never meet the new file
            if part.exists():
                if kept:
                    part.unlink()
                else:
                    os.replace(part, _aside_part(aside, target, part))

        def write(temporary: Path) -> None:
            with closing(_read_only(backup)) as src, closing(sqlite3.connect(temporary)) as dst:
                src.backup(dst)

        write_atomically(target, write)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseError(f"could not restore {target} from {backup}: {error}") from error
    return aside


def _aside_part(aside: Path, target: Path, part: Path) -> Path:
    """Where ``part`` (the database, its -wal or -shm) of ``target`` is kept as ``aside``."""
    return aside.with_name(aside.name + part.name[len(target.name) :])


def is_damage(error: BaseException) -> bool:
    """Whether an error (or its cause) says the database file is damaged."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DamagedDatabaseError):
            return True
        original = getattr(seen, "orig", None)
        for candidate in (seen, original):
            if (
                isinstance(candidate, sqlite3.DatabaseError)
                and not isinstance(candidate, sqlite3.OperationalError)
                and any(word in str(candidate).lower() for word in _DAMAGE_WORDS)
            ):
                return True
        seen = seen.__cause__ or seen.__context__
    return False


def damage_message(target: Path) -> str:
    """One line: the file is damaged, the latest good backup, and how to restore it."""
    good = latest_good_backup(target)
    if good is None:
        return (
            f"{target} is damaged (SQLite cannot read it whole), and no good backup of it was "
            f"found in {backup_folder()}; nothing was changed"
        )
    return (
        f"{target} is damaged (SQLite cannot read it whole); the latest good backup was taken "
        f"{good.taken:%Y-%m-%d %H:%M}: restore it with "
        f"`coventry-inspect restore {shlex.quote(str(good.path))} --db {shlex.quote(str(target))}` "
        "or in the app with File › Restore from backup…"
    )


def _remember_source(folder: Path, database_id: str, source: Path) -> None:
    index = folder / f"{database_id}.source"
    resolved = str(source.resolve())
    known = index.read_text(encoding="utf-8").splitlines() if index.exists() else []
    if resolved not in known:
        text = "\n".join([*known, resolved]) + "\n"

        def write(path: Path) -> None:
            path.write_text(text, encoding="utf-8")

        write_atomically(index, write)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _is_sqlite_file(path: Path) -> bool:
    if open_here(path):
        return True  # SQLite has it open here; opening it otherwise would drop its locks
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    return str(original or error).splitlines()[0]
