"""Every change is recorded with its history, on every Database object ever made.

A change recorded without its history is lost evidence of who did what. The recorder used to be
attached per sessionmaker behind an ``event.contains`` guard; SQLAlchemy keys event targets by
``id()``, so after garbage collection a new sessionmaker could inherit a dead one's address, look
as if it had the recorder, and record nothing (seen as an empty history under load).
"""

from __future__ import annotations

import gc
from pathlib import Path

from sqlalchemy import func, select

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.services import history, inspections
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import HistoryEntry


def test_history_is_recorded_by_every_database_object_ever_opened(tmp_path: Path) -> None:
    first = open_database(str(tmp_path / "many.sqlite"), user="tester")
    engine = first.engine
    unrecorded = []
    for n in range(400):
        # A fresh Database (and so a fresh sessionmaker) each time, as each window and command
        # makes; collecting the old ones frees addresses for reuse.
        db = Database(engine=engine, target=first.target, user="tester")
        inspection = inspections.create_inspection(
            db, f"REF-{n}", InspectionKind.FOCUSED, "Coventry", "331"
        )
        if not history.list_history(db, inspection.id):
            unrecorded.append(inspection.reference)
        del db
        if n % 5 == 0:
            gc.collect()
    with first.session() as session:
        created = session.scalar(
            select(func.count()).where(
                HistoryEntry.entity == "inspection", HistoryEntry.action == "created"
            )
        )
    first.close()
    assert unrecorded == []
    assert created == 400
