"""Bringing a school register (GIAS) into the database: a batched upsert by URN.

The register is reference data, not evidence: one history entry records each import rather than
a row per field of 50,000 schools. An import is all or nothing, like a workbook import.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, case, func, insert, or_, select

from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import HistoryEntry, School
from coventry_inspect.store.types import utcnow

BATCH = 10_000
SCHOOL_TABLE: Table = School.__table__  # type: ignore[assignment]


@dataclass(slots=True)
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
) -> Generator[RegisterImport, None, None]:
    """Upsert every row by URN, yielding progress after each batch: all or nothing.

    The whole import is one transaction, committed after the last batch with its history entry.
    Closing the iteration early (Cancel), an error, or a killed process leaves the register
    exactly as it was. ``progress`` returns the fraction of the file read, if the caller has
    one."""
    state = RegisterImport()
    upsert = _Upsert(db)
    iterator = iter(rows)
    with db.engine.begin() as connection, _larger_cache(db, connection):
        known = set(connection.scalars(select(School.urn)))
        while True:
            batch = list(islice(iterator, BATCH))
            if not batch:
                break
            latest: dict[str, RegisterRow] = {}  # a later row for the same URN wins
            for row in batch:
                if isinstance(row, RowProblem):
                    state.problems.append(row)
                elif row.urn in latest:
                    latest[row.urn] = row
                else:
                    latest[row.urn] = row
                    if row.urn in known:
                        state.updated += 1
                    else:
                        state.added += 1
                        known.add(row.urn)
            upsert.run(connection, latest.values())
            state.fraction_done = progress() if progress else 0.0
            yield state
        connection.execute(
            insert(HistoryEntry).values(
                at=utcnow(),
                user=db.user,
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


IMPORT_CACHE_KIB = 65_536
"""SQLite's page cache while a register is imported: the school table's two indexes (random
ids, URNs) of 50,000 rows outgrow the default 2 MB, and every insert then reads pages back."""


@contextmanager
def _larger_cache(db: Database, connection: Connection) -> Iterator[None]:
    if not db.is_sqlite:
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


_OWN = (
    "id",
    "urn",
    "name",
    "phase",
    "establishment_type",
    "la_code",
    "la_name",
    "status",
    "ofsted_rating",
    "ofsted_last_inspection",
)
"""A row's own columns, in the order :meth:`_Upsert.run` fills them."""
_UPDATED = (*_OWN[2:], "illustrative", "updated_at", "updated_by")
_INSERTED = ("id", "urn", "created_at", *_UPDATED)
_SAME = ("created_at", "updated_at", "illustrative", "updated_by")
"""Columns with one value for every row of a batch: bound once, not once a row."""
_BOUND_HERE = ("id", "phase", "ofsted_last_inspection")


def _same(value: Any) -> Any:
    return value


def _cached(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    if process is None:
        return _same
    bound: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        if value not in bound:
            bound[value] = process(value)
        return bound[value]

    return cached


class _Upsert:
    """INSERT … ON CONFLICT (urn) DO UPDATE, compiled once by SQLAlchemy for the database's
    dialect and run with the driver's executemany.

    At 50,000 rows SQLAlchemy's per-row parameter handling costs more than the insert itself, so
    the columns' own bind processors are applied here in one pass instead."""

    def __init__(self, db: Database) -> None:
        dialect = db.engine.dialect
        statement: Any
        if db.is_sqlite:  # each dialect imported only when used (PostgreSQL's costs start-up)
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(SCHOOL_TABLE)
        else:
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            statement = postgresql_insert(SCHOOL_TABLE)
        statement = statement.on_conflict_do_update(
            index_elements=[SCHOOL_TABLE.c.urn],
            set_={name: statement.excluded[name] for name in _UPDATED},
        )
        compiled = statement.compile(dialect=dialect, column_keys=list(_INSERTED))
        self.sql = str(compiled)
        self.order = list(compiled.positiontup or []) if compiled.positional else None
        self.processors = {
            name: SCHOOL_TABLE.c[name].type.bind_processor(dialect) for name in _INSERTED
        }
        self.user = db.user

    def run(self, connection: Connection, rows: Iterable[RegisterRow]) -> None:
        order = self.order or list(_INSERTED)
        place = {name: order.index(name) for name in _INSERTED}

        def bound(name: str, value: Any) -> Any:
            process = self.processors[name]
            return process(value) if process else value

        now = utcnow()
        template: list[Any] = [None] * len(order)  # the same in every row, bound once
        for name, value in zip(_SAME, (now, now, False, self.user), strict=True):
            template[place[name]] = bound(name, value)
        own = [place[name] for name in _OWN]  # where each of a row's own values goes
        bind_id = self.processors["id"] or _same
        # A register repeats a handful of phases and a few thousand dates: each bound once.
        bind_phase = _cached(self.processors["phase"])
        bind_date = _cached(self.processors["ofsted_last_inspection"])
        text = [self.processors[name] for name in _OWN if name not in _BOUND_HERE]
        if any(text):
            raise NotImplementedError("text columns are expected to need no binding")
        parameters: list[Any] = []
        for row in rows:
            values = template.copy()
            for index, value in zip(
                own,
                (
                    bind_id(uuid.uuid4()),
                    row.urn,
                    row.name,
                    bind_phase(row.phase),
                    row.establishment_type,
                    row.la_code,
                    row.la_name,
                    row.status,
                    row.ofsted_rating,
                    bind_date(row.ofsted_last_inspection),
                ),
                strict=True,
            ):
                values[index] = value
            parameters.append(
                tuple(values) if self.order else dict(zip(order, values, strict=True))
            )
        if parameters:
            connection.exec_driver_sql(self.sql, parameters)


# -- searching the register (the GUI's "Add from register…") ---------------------------------

SEARCH_PAGE = 200
"""Schools read at a time while searching: the first page at once, more as the list scrolls."""
SEARCH_COLUMNS = ("urn", "name", "phase", "la_name", "ofsted_rating")
"""The register search's columns, in order: URN, name, phase, local authority, Ofsted rating."""


@dataclass(frozen=True)
class RegisterPage:
    """Some of the schools matching a search, and how many match in all."""

    entries: list[tuple[str, str, str, str, str]]
    matching: int


def register_size(db: Database) -> int:
    """How many schools the register holds."""
    with db.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(SCHOOL_TABLE)) or 0)


def search_register(
    db: Database,
    text: str,
    *,
    sort: int = 1,
    descending: bool = False,
    offset: int = 0,
    limit: int = SEARCH_PAGE,
) -> RegisterPage:
    """Schools whose URN or name contains every word of ``text`` (case ignored), sorted by the
    column ``sort`` (see :data:`SEARCH_COLUMNS`), ``limit`` of them from ``offset``; with the
    number matching. Phases are sorted and shown by their labels.

    A search of a national register (50,000 schools) as the user types reads only the rows
    shown (the database keeps just the first ``limit`` while sorting), and counts the matches
    only when there are more than it shows."""
    c = SCHOOL_TABLE.c
    phase = case({p.value: p.label for p in Phase}, value=c.phase, else_="")
    keys = [c.urn, func.lower(c.name), phase, func.lower(c.la_name), func.lower(c.ofsted_rating)]
    key = keys[sort].desc() if descending else keys[sort].asc()
    words = [
        or_(
            c.urn.contains(word, autoescape=True),
            func.lower(c.name).contains(word, autoescape=True),
        )
        for word in text.casefold().split()
    ]
    query = select(c.urn, c.name, phase, c.la_name, c.ofsted_rating).where(*words)
    with db.engine.connect() as connection:
        rows = connection.execute(query.order_by(key, c.urn).offset(offset).limit(limit)).all()
        if len(rows) < limit and (rows or not offset):
            matching = offset + len(rows)
        else:
            counted = select(func.count()).select_from(SCHOOL_TABLE).where(*words)
            matching = int(connection.scalar(counted) or 0)
    return RegisterPage([(r[0], r[1], r[2], r[3], r[4]) for r in rows], matching)
