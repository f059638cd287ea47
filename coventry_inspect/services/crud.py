"""Get, update and delete shared by every entity, each in its own session.

Entity modules register a validator per model; an update that breaks a domain rule raises
:class:`ValidationError` and the session rolls back, so nothing invalid is ever stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import Problem
from coventry_inspect.services.errors import NotFoundError, ValidationError
from coventry_inspect.services.limits import check_lengths
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Audited

M = TypeVar("M", bound=Audited)
Validator = Callable[[Any], list[Problem]]

_validators: dict[type[Audited], Validator] = {}


def register_validator(model: type[Audited], validator: Validator) -> None:
    _validators[model] = validator


def validate(obj: Audited) -> None:
    validator = _validators.get(type(obj))
    problems = [*(validator(obj) if validator else []), *check_lengths(obj)]
    if problems:
        raise ValidationError(problems)


def load(session: Session, model: type[M], entity_id: uuid.UUID) -> M:
    obj = session.get(model, entity_id)
    if obj is None:
        raise NotFoundError(f"no {model.__tablename__.replace('_', ' ')} with id {entity_id}")  # type: ignore[attr-defined]
    return obj


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


def update(db: Database, model: type[M], entity_id: uuid.UUID, changes: Mapping[str, Any]) -> M:
    """Apply ``changes`` (column name → value) to one row, validated as a whole."""
    columns = {c.key for c in inspect(model).column_attrs}
    unknown = set(changes) - columns
    if unknown:
        raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    with db.session() as session:
        obj = load(session, model, entity_id)
        for name, value in changes.items():
            setattr(obj, name, value)
        validate(obj)
        session.flush()
        session.refresh(obj)
        return obj


def delete(db: Database, model: type[M], entity_id: uuid.UUID) -> None:
    with db.session() as session:
        session.delete(load(session, model, entity_id))


def row_values(obj: Audited) -> dict[str, Any]:
    """Every column of a row, to put it back exactly as it was (undo of a delete)."""
    return {c.key: getattr(obj, c.key) for c in inspect(type(obj)).column_attrs}


def restore(db: Database, model: type[Audited], rows: list[dict[str, Any]]) -> None:
    """Re-create rows from :func:`row_values`, with their ids, in one transaction."""
    with db.session() as session:
        for values in rows:
            obj = model(**values)
            validate(obj)
            session.add(obj)
            session.flush()


def list_for_inspection(
    db: Database, model: type[M], inspection_id: uuid.UUID, *order_by: Any
) -> list[M]:
    with db.session() as session:
        query = select(model).where(model.inspection_id == inspection_id)  # type: ignore[attr-defined]
        return list(session.scalars(query.order_by(*order_by)).unique())
