"""Before an import replaces an inspection, the inspection as it was is kept as its workbook.

A replace touches one inspection, in one transaction, so a copy of the whole file is not needed
to get it back: on a national file that copy and its integrity check took seconds, growing with
the file, for every import. The inspection's own workbook holds everything the import replaces
(export then import reproduces it exactly), is a fixed, small cost, and ``coventry-inspect
import`` (or File › Import workbook…) puts it back. It is read back and compared with the
inspection before it counts; if it would not reproduce it exactly, the whole file is backed up
instead, as before.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.inspections import find_by_reference
from coventry_inspect.services.letter import final_blocks
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.backup import (
    BEFORE_IMPORT,
    backup_sqlite,
    kept_workbook_path,
    prune,
)
from coventry_inspect.store.database import Database


def keep_before_import(db: Database, reference: str, now: datetime | None = None) -> Path | None:
    """Keep the inspection ``reference`` as it is now; the path kept (a workbook, or a whole
    backup if the workbook would not reproduce it), or None (PostgreSQL keeps its own)."""
    found = find_by_reference(db, reference)
    if not db.is_sqlite or found is None:
        return None
    now = now or datetime.now()
    database_id = db.database_id()
    snapshot = read_snapshot(db, found.id)
    path = kept_workbook_path(database_id, now)
    export_workbook(snapshot, path, final_blocks(db, found.id))
    try:
        whole = read_workbook(path) == snapshot
    except WorkbookInvalid:
        whole = False
    if not whole:
        path.unlink(missing_ok=True)
        return backup_sqlite(db, BEFORE_IMPORT, now)
    prune(database_id, now)
    return path
