"""A workbook as the other side of a merge: its inspection, and who saved it last and when
(the workbook's own document properties, which Excel and LibreOffice keep)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.services.merge import MergePlan, plan_merge, workbook_side
from coventry_inspect.services.snapshot import InspectionSnapshot
from coventry_inspect.store.database import Database

_CORE = "docProps/core.xml"
_MAX_CORE = 100_000


@dataclass
class WorkbookSide:
    snapshot: InspectionSnapshot
    saved_by: str
    saved_at: datetime | None
    """UTC, naive."""


def plan_workbook_merge(db: Database, path: Path) -> MergePlan:
    """What merging the workbook would do (:func:`coventry_inspect.services.merge.plan_merge`).
    A bad workbook raises the import's errors (every problem, all or nothing)."""
    side = read_merge_workbook(path)
    there = workbook_side(side.snapshot, path.name, saved_by=side.saved_by, saved_at=side.saved_at)
    return plan_merge(db, there)


def read_merge_workbook(path: Path) -> WorkbookSide:
    """The workbook's inspection (every problem reported as an import reports it)."""
    snapshot = read_workbook(path)
    by, at = _saved(path)
    return WorkbookSide(snapshot, by, at)


def _saved(path: Path) -> tuple[str, datetime | None]:
    """The document properties' last author and time (the file's own time when it has none).
    The workbook has been read whole already, so these parts are known to be safe to parse."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring  # through defusedxml (safety.assert_defused)

    by, at = "", None
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size <= _MAX_CORE:
                properties = DocumentProperties.from_tree(fromstring(package.read(info)))
                by = str(properties.lastModifiedBy or "").strip()  # not the creator: the app
                at = _naive(properties.modified)
    except Exception:  # properties are a nicety: a workbook without them merges
        by, at = "", None
    if at is None:
        try:
            at = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
        except OSError:
            at = None
    return by, at


def _naive(moment: object) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
