"""Consistent copies of an SQLite database, taken with SQLite's online backup API: before an
import replaces an inspection, before an inspection is deleted, and once a day on opening,
pruned daily/weekly/monthly."""

from __future__ import annotations

import glob
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
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


_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.sqlite$"
)
DAILY = "daily"
KEEP_DAILY, KEEP_WEEKS, KEEP_MONTHS = 7, 8, 12
KEEP_OTHER_DAYS, KEEP_OTHER_AT_LEAST = 90, 5


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str


def backups_of(stem: str, folder: Path | None = None) -> list[Backup]:
    """The backups of the database called ``stem``, newest first."""
    folder = folder or backup_folder()
    found = []
    for path in folder.glob(f"{glob.escape(stem)}-*.sqlite") if folder.is_dir() else []:
        match = _BACKUP_NAME.match(path.name)
        if match and match["stem"] == stem:
            found.append(
                Backup(path, datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f"), match["reason"])
            )
    return sorted(found, key=lambda b: b.taken, reverse=True)


def to_prune(backups: list[Backup], now: datetime) -> list[Backup]:
    """Daily backups: the last 7, then one a week for 8 weeks, then one a month for 12 months.
    Backups taken before an import or a delete: 90 days, and always the newest 5."""
    keep: set[Path] = set()
    daily = [b for b in backups if b.reason == DAILY]
    keep.update(b.path for b in daily[:KEEP_DAILY])
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in daily:
        age = now - backup.taken
        week = backup.taken.isocalendar()[:2]
        month = (backup.taken.year, backup.taken.month)
        if age <= timedelta(weeks=KEEP_WEEKS) and week not in weeks:
            weeks.add(week)
            keep.add(backup.path)
        elif age <= timedelta(days=31 * KEEP_MONTHS) and month not in months:
            months.add(month)
            keep.add(backup.path)
    others = [b for b in backups if b.reason != DAILY]
    keep.update(b.path for b in others[:KEEP_OTHER_AT_LEAST])
    keep.update(b.path for b in others if now - b.taken <= timedelta(days=KEEP_OTHER_DAYS))
    return [b for b in backups if b.path not in keep]


def daily_backup(db: Database, now: datetime | None = None) -> Path | None:
    """On opening: back the file up unless it was already today, then prune old backups."""
    if not db.is_sqlite:
        return None
    now = now or datetime.now()
    stem = Path(db.target).stem
    existing = backups_of(stem)
    taken = None
    if not any(b.reason == DAILY and b.taken.date() == now.date() for b in existing):
        taken = backup_sqlite(db, DAILY)
    for old in to_prune(backups_of(stem), now):
        old.path.unlink(missing_ok=True)
    return taken
