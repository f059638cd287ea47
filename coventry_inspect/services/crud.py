"""Get, update and delete shared by every entity, each in its own session.

Entity modules register a validator per model; an update that breaks a domain rule raises
:class:`ValidationError` and the session rolls back, so nothing invalid is ever stored.

Optimistic concurrency (two inspectors on one team database): an update or delete may say what
the user saw (``expected``, or :func:`expecting` around a service call); it is refused with
:class:`ChangedElsewhereError` if someone else has changed any of those values since, compared
inside the same transaction. A change committed between that comparison and the write is caught
by the row's version (SQLAlchemy's StaleDataError): the row is read again and compared again.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coventry_inspect.domain.validation import Problem
from coventry_inspect.services import concurrency
from coventry_inspect.services.errors import ChangedElsewhereError, NotFoundError, ValidationError
from coventry_inspect.services.limits import check_lengths
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import AUDIT_COLUMNS, Audited

M = TypeVar("M", bound=Audited)
T = TypeVar("T")
Validator = Callable[[Any], list[Problem]]

_validators: dict[type[Audited], Validator] = {}


def register_validator(model: type[Audited], validator: Validator) -> None:
    _validators[model] = validator


RULE_MODULES = ("evidence", "findings", "inspections", "judgements", "schools", "themes")
"""The service modules that register the domain's checks: all are loaded before anything is
validated, so a write checks the same rules whichever services its command happened to import
(the command line's merge and import once skipped the findings' and judgements')."""


@cache
def _load_rules() -> None:
    for name in RULE_MODULES:
        importlib.import_module(f"coventry_inspect.services.{name}")


def validate(obj: Audited) -> None:
    _load_rules()
    validator = _validators.get(type(obj))
    problems = [*(validator(obj) if validator else []), *check_lengths(obj)]
    if problems:
        raise ValidationError(problems)


def load(session: Session, model: type[M], entity_id: uuid.UUID) -> M:
    obj = session.get(model, entity_id)
    if obj is None:
        raise NotFoundError(f"no {model.__tablename__.replace('_', ' ')} with id {entity_id}")  # type: ignore[attr-defined]
    return obj


def load_many(session: Session, model: type[M], entity_ids: Sequence[uuid.UUID]) -> list[M]:
    """Rows by id in the order given (each once), in one query: as :func:`load` for each,
    without asking once per row."""
    wanted = list(dict.fromkeys(entity_ids))
    query = select(model).where(model.id.in_(wanted))
    found = {obj.id: obj for obj in session.scalars(query)}
    return [found.get(entity_id) or load(session, model, entity_id) for entity_id in wanted]


def add(db: Database, obj: M) -> M:
    validate(obj)
    with db.session() as session:
        session.add(obj)
        session.flush()
        session.refresh(obj)
    return obj


def get(db: Database, model: type[M], entity_id: uuid.UUID) -> M:
    with db.session() as session:
        return load(session, model, entity_id)


ATTEMPTS = 3
"""Times a write is tried when others keep committing to the same row between read and write."""

_expected: ContextVar[Mapping[str, Any] | None] = ContextVar("expected", default=None)


@contextmanager
def expecting(values: Mapping[str, Any]) -> Iterator[None]:
    """Within the block, :func:`update` and :func:`delete` refuse to change a row unless its
    fields named here still hold these values (what the user saw). The undo stack wraps a
    service call in it, so no service needs to pass ``expected`` on."""
    token = _expected.set(dict(values))
    try:
        yield
    finally:
        _expected.reset(token)


def check_unchanged(
    session: Session,
    obj: Audited,
    expected: Mapping[str, Any] | None,
    current: Mapping[str, Any] | None = None,
    *,
    what: Callable[[str], str] | None = None,
) -> None:
    """Refuse (:class:`ChangedElsewhereError`) if a field of ``obj`` no longer holds the value
    the user saw. ``current`` gives values that are not columns of ``obj`` (an inspection's
    authority name); ``what`` names a field, for the refusal of a delete."""
    if expected is None:
        expected = _expected.get()
    for field, seen in (expected or {}).items():
        now = (current or {}).get(field, getattr(obj, field, seen))
        if now != seen:
            raise concurrency.changed(session, obj, field, now, what=what(field) if what else "")


def _attempts(write: Callable[[], T]) -> T:
    stale: StaleDataError | None = None
    for _attempt in range(ATTEMPTS):
        try:
            return write()
        except StaleDataError as error:
            stale = error  # committed by someone else after our read: read and compare again
    raise ChangedElsewhereError(
        "being changed by someone else at this moment; nothing was changed: try again"
    ) from stale


def _current(
    session: Session,
    model: type[M],
    entity_id: uuid.UUID,
    seen: Mapping[str, Any] | None,
    *,
    deleting: bool,
) -> M:
    """The row as it is now; gone since the user saw it (``seen``) is a refusal naming who
    deleted it, gone otherwise is :class:`NotFoundError`."""
    obj = session.get(model, entity_id)
    if obj is None and seen is not None:
        raise concurrency.deleted(session, entity_id, deleting=deleting)
    return obj if obj is not None else load(session, model, entity_id)


def update(
    db: Database,
    model: type[M],
    entity_id: uuid.UUID,
    changes: Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> M:
    """Apply ``changes`` (column name → value) to one row, validated as a whole; refused if a
    field in ``expected`` no longer holds that value (see the module's docstring)."""
    columns = {c.key for c in inspect(model).column_attrs}
    unknown = set(changes) - columns
    if unknown:
        raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    seen = expected if expected is not None else _expected.get()

    def write() -> M:
        with db.session() as session:
            obj = _current(session, model, entity_id, seen, deleting=False)
            check_unchanged(session, obj, seen)
            for name, value in changes.items():
                setattr(obj, name, value)
            validate(obj)
            session.flush()
            session.refresh(obj)
            return obj

    return _attempts(write)


def delete(
    db: Database,
    model: type[Audited],
    entity_id: uuid.UUID,
    expected: Mapping[str, Any] | None = None,
) -> None:
    """Delete one row; refused if a field in ``expected`` no longer holds that value, or if
    someone else has deleted it already."""
    delete_rows(db, [(model, entity_id, expected)])


def delete_rows(
    db: Database,
    rows: Sequence[tuple[type[Audited], uuid.UUID, Mapping[str, Any] | None]],
    label: Callable[[str], str] | None = None,
) -> None:
    """Delete rows in one transaction (all or none), each as :func:`delete`. ``label`` names a
    field as the window does ("Outcome grade"), for a refusal."""
    context_expected = _expected.get()

    def what(field: str) -> str:
        return label(field) if label else field.replace("_", " ").capitalize()

    def write() -> None:
        with db.session() as session:
            for model, entity_id, expected in rows:
                seen = expected if expected is not None else context_expected
                obj = _current(session, model, entity_id, seen, deleting=True)
                check_unchanged(session, obj, seen or {}, what=what)
                session.delete(obj)

    _attempts(write)


def seen_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """What a user saw of a row (its :func:`row_values`): every column but the audit ones, to
    refuse deleting a row someone else has changed since."""
    return {k: v for k, v in values.items() if k not in AUDIT_COLUMNS}


def row_values(obj: Audited) -> dict[str, Any]:
    """Every column of a row, to put it back exactly as it was (undo of a delete)."""
    return {c.key: getattr(obj, c.key) for c in inspect(type(obj)).column_attrs}


def restore(db: Database, model: type[Audited], rows: list[dict[str, Any]]) -> None:
    """Re-create rows from :func:`row_values`, with their ids, in one transaction.

    A row put back is one more change to it: its version goes on from where it was (SQLAlchemy
    numbers an inserted row 1), so a workbook exported before the delete never reads it as
    unchanged since."""
    with db.session() as session:
        for values in rows:
            obj = model(**values)
            validate(obj)
            session.add(obj)
            session.flush()
            if values.get("version"):
                session.execute(
                    sql_update(model)
                    .where(model.id == obj.id)
                    .values(version=values["version"] + 1)
                    .execution_options(synchronize_session=False)
                )


def list_for_inspection(
    db: Database, model: type[M], inspection_id: uuid.UUID, *order_by: Any
) -> list[M]:
    with db.session() as session:
        query = select(model).where(model.inspection_id == inspection_id)  # type: ignore[attr-defined]
        return list(session.scalars(query.order_by(*order_by)).unique())
