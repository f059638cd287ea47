"""Who changed what, when."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from coventry_inspect.store.database import Database
from coventry_inspect.store.models import HistoryEntry

KIND_NAMES = {
    "inspection": "Inspection",
    "inspected_school": "School inspected",
    "surveyed_school": "Surveyed school",
    "key_question": "Key question",
    "response": "Response",
    "finding": "Finding",
    "judgement": "Judgement",
    "recommendation": "Recommendation",
    "school": "Register",
    "local_authority": "Local authority",
    "letter_edit": "Letter wording",
    "response_theme": "Theme",
    "finding_evidence": "Evidence",
}
"""What a person calls each kind of recorded row (History view and the ``history`` command)."""


def kind_name(entity: str) -> str:
    return KIND_NAMES.get(entity, entity.replace("_", " ").capitalize())


def field_name(field: str) -> str:
    """ "previous_grade" → "previous grade"."""
    return field.replace("_", " ")


def school_of(entry: HistoryEntry) -> str:
    """The school a change is about, as named when it was made: "Name (URN)"."""
    return f"{entry.school_name} ({entry.school_urn})" if entry.school_urn else ""


def list_history(db: Database, inspection_id: uuid.UUID | None = None) -> list[HistoryEntry]:
    """Changes in the order made; only one inspection's when ``inspection_id`` is given."""
    with db.session() as session:
        query = select(HistoryEntry).order_by(HistoryEntry.id)
        if inspection_id is not None:
            query = query.where(HistoryEntry.inspection_id == inspection_id)
        return list(session.scalars(query))
