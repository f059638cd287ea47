"""Who changed what, when."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from coventry_inspect.store.database import Database
from coventry_inspect.store.models import HistoryEntry


def list_history(db: Database, inspection_id: uuid.UUID | None = None) -> list[HistoryEntry]:
    """Changes in the order made; only one inspection's when ``inspection_id`` is given."""
    with db.session() as session:
        query = select(HistoryEntry).order_by(HistoryEntry.id)
        if inspection_id is not None:
            query = query.where(HistoryEntry.inspection_id == inspection_id)
        return list(session.scalars(query))
