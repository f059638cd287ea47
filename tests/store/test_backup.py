"""Backups: consistent copies, one a day on opening, pruned daily/weekly/monthly."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.backup import Backup, backups_of, daily_backup, to_prune
from coventry_inspect.store.database import Database


def test_one_daily_backup_a_day_and_it_is_a_real_copy(sqlite_db: Database) -> None:
    install_examples(sqlite_db)
    first = daily_backup(sqlite_db)
    assert first is not None
    assert daily_backup(sqlite_db) is None  # already today
    with sqlite3.connect(first) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM inspection").fetchone() == (2,)
    assert [b.reason for b in backups_of("inspect")] == ["daily"]
    tomorrow = datetime.now() + timedelta(days=1)
    assert daily_backup(sqlite_db, now=tomorrow) is not None


def test_pruning_keeps_seven_days_then_weeks_then_months(tmp_path: Path) -> None:
    now = datetime(2026, 11, 23, 9, 0)
    daily = [Backup(tmp_path / f"d{n}", now - timedelta(days=n), "daily") for n in range(400)]
    imports = [
        Backup(tmp_path / f"i{n}", now - timedelta(days=30 * n), "before-import") for n in range(8)
    ]
    kept = {b.path.name for b in daily + imports} - {
        b.path.name for b in to_prune(daily + imports, now)
    }
    kept_days = sorted(int(name[1:]) for name in kept if name.startswith("d"))
    assert kept_days[:7] == [0, 1, 2, 3, 4, 5, 6]
    assert all(day <= 31 * 12 for day in kept_days)
    assert 7 + 6 <= len(kept_days) <= 7 + 9 + 12  # plus about one a week, then one a month
    # before-import copies: 90 days, and always the newest five
    assert sorted(name for name in kept if name.startswith("i")) == ["i0", "i1", "i2", "i3", "i4"]
