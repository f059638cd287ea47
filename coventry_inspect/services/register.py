"""Bringing a school register (GIAS) into the database: a batched upsert by URN.

The register is reference data, not evidence: one history entry records each import rather than
a row per field of 50,000 schools.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import HistoryEntry, School
from coventry_inspect.store.types import utcnow

BATCH = 5_000


@dataclass(frozen=True)
class RegisterRow:
    urn: str
    name: str
    phase: Phase | None = None
    establishment_type: str = ""
    la_code: str = ""
    la_name: str = ""
    status: str = ""
    ofsted_rating: str = ""
    ofsted_last_inspection: date | None = None


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


@dataclass
class RegisterImport:
    """Where an import has got to, yielded after each batch; the last one is the result."""

    added: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    fraction_done: float = 0.0

    def summary(self) -> str:
        skipped = len(self.problems)
        return f"{self.added:,} added, {self.updated:,} updated, {skipped:,} rows skipped"

    @property
    def rows_read(self) -> int:
        return self.added + self.updated + len(self.problems)


def import_register(
    db: Database,
    rows: Iterable[RegisterRow | RowProblem],
    progress: Callable[[], float] | None = None,
) -> Iterator[RegisterImport]:
    """Upsert every row by URN, a batch per transaction, yielding progress after each batch.

    ``progress`` is a callable returning the fraction of the file read, if the caller has one.
    Stopping the iteration early (Cancel) keeps the batches already written."""
    state = RegisterImport()
    with db.session() as session:
        known = set(session.scalars(select(School.urn)))
    iterator = iter(rows)
    user = db.user
    while True:
        batch = list(islice(iterator, BATCH))
        if not batch:
            break
        values: list[dict[str, object]] = []
        seen: set[str] = set()
        now = utcnow()
        for row in batch:
            if isinstance(row, RowProblem):
                state.problems.append(row)
                continue
            if row.urn in seen:  # a later row for the same URN wins
                values = [v for v in values if v["urn"] != row.urn]
            elif row.urn in known:
                state.updated += 1
            else:
                state.added += 1
                known.add(row.urn)
            seen.add(row.urn)
            values.append(_values(row, user, now))
        if values:
            with db.session() as session:
                session.execute(_upsert(db), values)
        state.fraction_done = progress() if progress else 0.0
        yield state
    with db.session() as session:
        session.add(
            HistoryEntry(
                at=utcnow(),
                user=user,
                inspection_id=None,
                entity="school",
                entity_id=uuid.uuid4(),
                action="imported",
                field="register",
                new=state.summary(),
            )
        )
    state.fraction_done = 1.0
    yield state


_COLUMNS = (
    "name",
    "phase",
    "establishment_type",
    "la_code",
    "la_name",
    "status",
    "ofsted_rating",
    "ofsted_last_inspection",
    "updated_at",
    "updated_by",
)


def _values(row: RegisterRow, user: str, now: datetime) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "urn": row.urn,
        "name": row.name,
        "phase": row.phase,
        "establishment_type": row.establishment_type,
        "la_code": row.la_code,
        "la_name": row.la_name,
        "status": row.status,
        "ofsted_rating": row.ofsted_rating,
        "ofsted_last_inspection": row.ofsted_last_inspection,
        "illustrative": False,
        "created_at": now,
        "updated_at": now,
        "updated_by": user,
    }


def _upsert(db: Database) -> Any:
    insert = sqlite.insert if db.is_sqlite else postgresql.insert
    statement = insert(School)
    return statement.on_conflict_do_update(
        index_elements=[School.urn],
        set_={name: statement.excluded[name] for name in (*_COLUMNS, "illustrative")},
    )
