"""Backups: whole and checked or not at all, named by the database's own id, pruned by one policy
with a size cap, and found again for a file too damaged to read."""

from __future__ import annotations

import os
import random
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coventry_inspect.services.databases import save_copy
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import list_inspections
from coventry_inspect.store import backup
from coventry_inspect.store.backup import (
    Backup,
    backup_folder,
    backup_sqlite,
    backups_of,
    daily_backup,
    over_cap,
    passes_check,
    size_cap,
    to_prune,
)
from coventry_inspect.store.database import Database, open_database


def test_one_daily_backup_a_day_and_it_is_a_real_copy(sqlite_db: Database) -> None:
    install_examples(sqlite_db)
    first = daily_backup(sqlite_db)
    assert first is not None
    assert daily_backup(sqlite_db) is None  # already today
    with sqlite3.connect(first) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM inspection").fetchone() == (2,)
    assert [b.reason for b in backups_of(sqlite_db.database_id())] == ["daily"]
    tomorrow = datetime.now() + timedelta(days=1)
    assert daily_backup(sqlite_db, now=tomorrow) is not None


def test_each_database_has_its_own_lasting_id(db: Database, tmp_path: Path) -> None:
    first = db.database_id()
    assert len(first) == 36
    assert first == db.database_id()
    other = open_database(str(tmp_path / "other.sqlite"))
    assert other.database_id() != first
    other.close()
    if db.is_sqlite:
        db.close()
        again = open_database(db.target)
        assert again.database_id() == first
        again.close()


def test_a_saved_copy_is_a_new_database_with_its_own_backups(
    sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    save_copy(sqlite_db, tmp_path / "copy.sqlite")
    copy = open_database(str(tmp_path / "copy.sqlite"))
    try:
        assert copy.database_id() != sqlite_db.database_id()
        assert len(list_inspections(copy)) == 2
        backup_sqlite(copy, "daily")
        assert backups_of(sqlite_db.database_id()) == []
    finally:
        copy.close()


def test_two_files_with_one_name_keep_separate_sets(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    full = open_database(str(tmp_path / "a" / "inspection.sqlite"))
    empty = open_database(str(tmp_path / "b" / "inspection.sqlite"))
    try:
        install_examples(full)
        for _ in range(3):
            backup_sqlite(full, "before-import")
        backup_sqlite(empty, "before-import")
        assert daily_backup(full) is not None
        assert daily_backup(empty) is not None  # the other file's daily does not stand in
        of_full, of_empty = backups_of(full.database_id()), backups_of(empty.database_id())
        assert (len(of_full), len(of_empty)) == (4, 2)
        assert {backup.inspections_in(b.path)[0] for b in of_full} == {"COV-2004-05"}
        assert {tuple(backup.inspections_in(b.path)) for b in of_empty} == {()}
        assert backup.backups_for_file(tmp_path / "b" / "inspection.sqlite") == of_empty
    finally:
        full.close()
        empty.close()


def test_a_temporary_or_empty_file_never_counts_nor_blocks_the_daily_backup(
    sqlite_db: Database,
) -> None:
    database_id = sqlite_db.database_id()
    folder = backup_folder()
    folder.mkdir(parents=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    (folder / f"{database_id}-{stamp}-daily.sqlite").write_bytes(b"")
    (folder / f"{database_id}-{stamp}-before-import.sqlite").write_bytes(b"SQLite format 2")
    leftover = folder / f".{database_id}-{stamp}-daily.sqlite.x1y2.part"
    leftover.write_bytes(b"SQLite format 3\x00" + bytes(4096))
    assert backups_of(database_id) == []
    taken = daily_backup(sqlite_db)
    assert taken is not None
    assert passes_check(taken)
    assert [b.path for b in backups_of(database_id)] == [taken]
    assert leftover.exists()  # could be a backup being written right now…
    hours_ago = time.time() - 2 * 3600
    os.utime(leftover, (hours_ago, hours_ago))
    backup_sqlite(sqlite_db, "before-import")
    assert not leftover.exists()  # …but not two hours on


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


def test_editing_backups_thin_out_after_a_day(tmp_path: Path) -> None:
    now = datetime(2026, 11, 23, 17, 0)
    editing = [  # every 30 minutes, 8 hours a day, for 20 days
        Backup(tmp_path / f"e{d}-{n}", now - timedelta(days=d, minutes=30 * n), "editing")
        for d in range(20)
        for n in range(16)
    ]
    pruned = {b.path for b in to_prune(editing, now)}
    kept = [b for b in editing if b.path not in pruned]
    assert [b for b in kept if now - b.taken <= timedelta(days=1)] == editing[:17]
    older = [b for b in kept if now - b.taken > timedelta(days=1)]
    assert len({b.taken.date() for b in older}) == len(older)  # at most one a day
    assert len(older) <= 6 + 3


def test_the_size_cap_keeps_the_newest_and_drops_old_imports_first(tmp_path: Path) -> None:
    now = datetime(2026, 11, 23, 9, 0)
    mb = 1024**2
    backups = [
        Backup(tmp_path / f"i{n}", now - timedelta(minutes=n), "before-import", mb)
        for n in range(30)
    ] + [Backup(tmp_path / "d", now - timedelta(hours=2), "daily", mb)]
    assert size_cap(backups) == 20 * mb
    dropped = over_cap(backups)
    kept = [b for b in backups if b not in dropped]
    assert sum(b.size for b in kept) <= 20 * mb
    assert kept[0] == backups[0]  # the newest
    assert backups[-1] in kept  # and the daily copy
    assert [b.path.name for b in dropped] == [f"i{n}" for n in range(29, 18, -1)]
    huge = [Backup(tmp_path / "h", now, "daily", 3 * 1024**3)]
    assert over_cap(huge) == []  # the newest good backup is always kept


def test_imports_on_the_command_line_stay_under_the_size_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """25 replacing imports in a row under a cap of 10 × the newest copy (benchmarks/backup_sizes.py
    does 100 under the real cap of 20 ×). An import keeps the inspection it replaces as a
    workbook; with no copy of the whole file yet, the cap is 10 × the newest workbook."""
    from coventry_inspect.cli import main

    monkeypatch.setattr(backup, "CAP_TIMES_DATABASE", 10)
    target = tmp_path / "inspection.sqlite"
    workbook = tmp_path / "cov.xlsx"
    assert main(["example", "--db", str(target)]) == 0
    exported = ["export", "--db", str(target), "--inspection", "COV-2013-03", "--out"]
    assert main([*exported, str(workbook)]) == 0
    from openpyxl import load_workbook

    edited = load_workbook(workbook)
    edited["Inspection"]["B16"] = "A shorter summary."  # each import changes something
    edited.save(tmp_path / "edited.xlsx")
    for n in range(25):
        which = workbook if n % 2 else tmp_path / "edited.xlsx"
        assert main(["import", str(which), "--db", str(target)]) == 0
    database_id = backup.stored_id(target)
    assert database_id is not None
    assert backups_of(database_id) == []
    kept = backup.kept_workbooks_of(database_id)
    total = sum(b.size for b in kept)
    assert total <= size_cap(kept) == 10 * kept[0].size
    assert 8 <= len(kept) < 25  # about ten workbooks of about the same size
    assert sum(p.stat().st_size for p in backup_folder().iterdir()) <= total + 4096
    # A whole copy sets the cap, and is never what the workbooks push out.
    db = open_database(str(target))
    try:
        whole = backup_sqlite(db, "before-delete")
    finally:
        db.close()
    assert whole is not None
    everything = sorted(
        backups_of(database_id) + backup.kept_workbooks_of(database_id),
        key=lambda b: b.taken,
        reverse=True,
    )
    assert size_cap(everything) == 10 * whole.stat().st_size
    assert whole.exists()
    assert len(backup.kept_workbooks_of(database_id)) == len(kept)


KILLED_BACKUP_CHILD = """
import sys
from coventry_inspect.store.backup import backup_sqlite
from coventry_inspect.store.database import open_database
db = open_database(sys.argv[1])
print("ready", flush=True)
while True:
    backup_sqlite(db, "before-import")
"""


def test_a_kill_during_a_backup_leaves_nothing_that_counts(sqlite_db: Database) -> None:
    from coventry_inspect.services.register import RegisterRow, import_register

    install_examples(sqlite_db)  # and a register, so that each backup takes a while
    rows = (RegisterRow(urn=str(100000 + n), name=f"School {n}" * 8) for n in range(20_000))
    for _ in import_register(sqlite_db, rows):
        pass
    database_id = sqlite_db.database_id()
    chooser = random.Random(8)
    temporaries_seen = 0
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_BACKUP_CHILD, sqlite_db.target],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(chooser.uniform(0.05, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        temporaries_seen += len(list(backup_folder().glob(".*.part")))
        for counted in backups_of(database_id):
            assert passes_check(counted.path), counted
    assert temporaries_seen > 0  # some kills did land in the middle of writing a backup
    assert daily_backup(sqlite_db) is not None  # and today's daily backup is still taken
    assert passes_check(Path(sqlite_db.target))


def damage(path: Path, *tables: str, schema: bool = False) -> None:
    """Overwrite the first page of each table (and with ``schema``, the schema on page 1 after
    the file header) with garbage, as a failing disk might."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        find = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        pages = [connection.execute(find, (t,)).fetchone()[0] for t in tables]
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(random.Random(page).randbytes(size))
        if schema:
            handle.seek(100)
            handle.write(random.Random(1).randbytes(size - 100))


@pytest.mark.parametrize("id_readable", [True, False])
def test_a_damaged_file_is_named_with_its_latest_good_backup_and_restored(
    tmp_path: Path, id_readable: bool
) -> None:
    from tests.test_cli import run

    target = tmp_path / "inspection.sqlite"
    db = open_database(str(target))
    install_examples(db)
    backup_sqlite(db, "before-import")
    newest = backup_sqlite(db, "daily")
    db.close()
    damage(target, "inspection", schema=not id_readable)
    damaged = target.read_bytes()
    assert (backup.stored_id(target) is not None) is id_readable

    listed = run("list", "--db", str(target))
    assert listed.returncode == 1
    [line] = listed.stderr.splitlines()
    assert line.startswith(f"coventry-inspect: {target} is damaged (SQLite cannot read it whole)")
    assert f"restore {shlex.quote(str(newest))} --db {shlex.quote(str(target))}`" in line
    assert "File › Restore from backup…" in line

    restored = run("restore", str(newest), "--db", str(target))
    assert restored.returncode == 0, restored.stderr
    assert f"restored {target} from {newest} (COV-2004-05, COV-2013-03)" in restored.stdout
    # The damaged file is kept, byte for byte, beside the restored one: what it still holds
    # that the backup does not can be recovered from it.
    [kept] = [
        p
        for p in tmp_path.glob("inspection.sqlite.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert kept.read_bytes() == damaged
    assert f"the damaged file is kept as {kept}" in restored.stdout
    assert passes_check(target)
    assert run("list", "--db", str(target)).stdout.count("COV-20") == 2


def test_a_file_too_damaged_to_write_into_is_kept_aside(sqlite_db: Database) -> None:
    install_examples(sqlite_db)
    good = backup_sqlite(sqlite_db, "daily")
    assert good is not None
    sqlite_db.close()
    target = Path(sqlite_db.target)
    target.write_bytes(b"SQLite format 3\x00" + random.Random(3).randbytes(8192))
    aside = backup.restore_backup(good, target)
    assert aside is not None
    assert aside.name.startswith("inspect.sqlite.damaged-")
    assert aside.read_bytes().startswith(b"SQLite format 3\x00")
    assert passes_check(target)
    assert backup.inspections_in(target) == ["COV-2004-05", "COV-2013-03"]
    assert not target.with_name(target.name + "-wal").exists()


def test_restoring_on_the_command_line_backs_up_the_file_first(tmp_path: Path) -> None:
    from tests.test_cli import run

    target = tmp_path / "inspection.sqlite"
    db = open_database(str(target))
    empty = backup_sqlite(db, "daily")
    install_examples(db)
    database_id = db.database_id()
    db.close()
    result = run("restore", str(empty), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"restored {target} from {empty} (no inspections)"
    [before] = [b for b in backups_of(database_id) if b.reason == "before-restore"]
    assert backup.inspections_in(before.path) == ["COV-2004-05", "COV-2013-03"]
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a backup")
    refused = run("restore", str(bad), "--db", str(target))
    assert (refused.returncode, refused.stderr) == (
        1,
        f"coventry-inspect: {bad} is not a good backup (it fails SQLite's integrity check)\n",
    )


def _leftovers() -> list[str]:
    folder = backup_folder()
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".source"))


def test_a_cancelled_backup_leaves_nothing_in_the_copy_or_in_the_check(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    install_examples(sqlite_db)
    source, database_id = Path(sqlite_db.target), sqlite_db.database_id()
    monkeypatch.setattr(backup, "COPY_STEP_PAGES", 1)  # many steps: the cancel is seen between
    stopped = threading.Event()
    stopped.set()
    with pytest.raises(backup.BackupCancelledError):
        backup.take_backup(source, database_id, backup.DAILY, cancel=stopped)
    assert _leftovers() == []
    # Cancelled after the copy, while SQLite checks it.
    check = backup._check
    during_check = threading.Event()

    def cancel_then_check(dst: sqlite3.Connection, cancel: threading.Event | None) -> object:
        during_check.set()
        return check(dst, cancel)

    monkeypatch.setattr(backup, "_check", cancel_then_check)
    with pytest.raises(backup.BackupCancelledError):
        backup.take_backup(source, database_id, backup.DAILY, cancel=during_check)
    assert _leftovers() == []
    # Not cancelled: a whole, checked backup, as without a cancel.
    taken = backup.take_backup(source, database_id, backup.DAILY, cancel=threading.Event())
    assert _leftovers() == [taken.name]
    assert passes_check(taken)
    assert backup.inspections_in(taken) == ["COV-2004-05", "COV-2013-03"]


def test_a_restored_backup_finds_what_its_responses_said(sqlite_db: Database) -> None:
    """The search index travels inside the backup with the responses it indexes: after a
    restore, Find in responses finds the words of the backup's time, not of the file's."""
    from coventry_inspect.domain.vocabulary import Phase, PreviousGrade, Respondent
    from coventry_inspect.services import evidence
    from coventry_inspect.services.search import find

    install_examples(sqlite_db)
    inspection_id = list_inspections(sqlite_db)[0].id
    question = evidence.add_key_question(sqlite_db, inspection_id, "How are governors trained?")
    school = evidence.add_inspected_school(
        sqlite_db, inspection_id, "103700", "Earlsdon Primary", Phase.PRIMARY, PreviousGrade.GOOD
    )
    said = "Governor training is thorough."  # "thorough": found in the backup, not after it
    response_id = evidence.add_response(
        sqlite_db, question.id, school.school_id, Respondent.HEADTEACHER, said
    ).id
    word = "thorough"
    good = backup_sqlite(sqlite_db, "daily")
    assert good is not None
    evidence.update_response(sqlite_db, response_id, text="Zanzibarish wording only.")
    assert find(sqlite_db, inspection_id, "zanzibarish").hits
    target = Path(sqlite_db.target)
    sqlite_db.close()
    backup.restore_backup(good, target)
    restored = open_database(str(target))
    try:
        assert find(restored, inspection_id, "zanzibarish").hits == []
        assert response_id in {h.response_id for h in find(restored, inspection_id, word).hits}
    finally:
        restored.close()
    with sqlite3.connect(target) as connection:
        connection.execute(
            "INSERT INTO response_search(response_search, rank) VALUES ('integrity-check', 1)"
        )
