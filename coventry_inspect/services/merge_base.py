"""What each row was when it left for, or last came back from, another copy of the inspection.

A three-way merge needs the common ancestor: a value that differs from it on one side only was
changed on that side. When schools are handed out (a workbook or a database file) each row going
out is recorded here under the hand-out's id; after a merge, under the source merged, so merging
the same file again compares with what it brought last time. Values are kept as the history
describes them (:func:`coventry_inspect.store.history.describe`), which is how they are compared.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coventry_inspect.services.snapshot import (
    EvidenceRow,
    FindingRow,
    InspectedRow,
    JudgementRow,
    QuestionRow,
    RecommendationRow,
    ResponseRow,
    SurveyedRow,
    ThemeRow,
)
from coventry_inspect.store.history import describe
from coventry_inspect.store.models import MergeBase

ENTITIES: dict[type[Any], str] = {
    InspectedRow: "inspected_school",
    SurveyedRow: "surveyed_school",
    QuestionRow: "key_question",
    ResponseRow: "response",
    FindingRow: "finding",
    JudgementRow: "judgement",
    RecommendationRow: "recommendation",
    ThemeRow: "response_theme",
    EvidenceRow: "finding_evidence",
}


@dataclasses.dataclass(frozen=True)
class Base:
    version: int
    values: dict[str, str]


def base_values(row: Any) -> dict[str, str]:
    """A snapshot row's content (not its id and version), as compared in a merge."""
    return {f.name: describe(getattr(row, f.name)) for f in dataclasses.fields(row) if f.compare}


def record(session: Session, source: str, inspection_id: uuid.UUID, rows: Iterable[Any]) -> int:
    """Remember each row (with its ``row_id`` and ``version`` set) as it is now, for ``source``."""
    kept = [row for row in rows if row.row_id is not None and row.version is not None]
    ids = [row.row_id for row in kept]
    for start in range(0, len(ids), 500):
        session.execute(
            delete(MergeBase).where(
                MergeBase.source == source, MergeBase.row_id.in_(ids[start : start + 500])
            )
        )
    session.add_all(
        MergeBase(
            source=source,
            inspection_id=inspection_id,
            entity=ENTITIES[type(row)],
            row_id=row.row_id,
            version=row.version,
            values=json.dumps(base_values(row), ensure_ascii=False, sort_keys=True),
        )
        for row in kept
    )
    return len(kept)


def read(session: Session, source: str) -> dict[uuid.UUID, Base]:
    """Every row recorded for ``source``: its version and values then."""
    found = session.execute(
        select(MergeBase.row_id, MergeBase.version, MergeBase.values).where(
            MergeBase.source == source
        )
    )
    return {row_id: Base(version, json.loads(values)) for row_id, version, values in found}
